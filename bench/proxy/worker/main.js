// The benchmark worker: all four non-provider handlers, each with a trivial body.
export function onClientRequest(request) { request.setHeader('x-bench', '1'); }
export function onOriginRequest(request) { request.setHeader('x-bench-origin', '1'); }
export function onOriginResponse(request, response) { response.setHeader('x-bench-orsp', '1'); }
export function onClientResponse(request, response) { response.setHeader('x-bench-crsp', '1'); }
