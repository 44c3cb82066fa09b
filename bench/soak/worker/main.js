// The soak benchmark's worker: the four non-provider handlers on every request, and a fault
// chosen by the path: /throw fails onOriginRequest, /spin runs onClientRequest past its CPU
// limit, /fail is forwarded to an origin that resets the connection; anything else is healthy.
export function onClientRequest(request) {
  request.setHeader('x-soak', '1');
  if (request.path.startsWith('/spin')) for (;;);
}
export function onOriginRequest(request) {
  if (request.path.startsWith('/throw')) throw new Error('the soak worker fails this request on purpose');
  request.setHeader('x-soak-origin', '1');
}
export function onOriginResponse(request, response) {
  response.setHeader('x-soak-orsp', '1');
}
export function onClientResponse(request, response) {
  response.setHeader('x-soak-crsp', '1');
}
