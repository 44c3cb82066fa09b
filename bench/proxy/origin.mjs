// The shared origin of the proxy benchmark: node:http, a fixed 1 KB body.
import { createServer } from 'node:http';

const body = Buffer.alloc(1024, 'a');
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
