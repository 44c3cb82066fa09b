// responseProvider hello world: the benchmark's answer built at the edge, no origin.
import { createResponse } from 'create-response';

export function responseProvider() {
  return createResponse(200, { 'content-type': ['text/plain'] }, 'ok');
}
