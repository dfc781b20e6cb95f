/**
 * The reference for bench/api.ts: a bare `node:http` server that answers every request with
 * the same bytes as the API read being measured (body and content type from the environment),
 * so that the ratio shows what the framework, authentication and database cost on top.
 *
 *   BARE_BODY_BASE64=… BARE_CONTENT_TYPE=… node bench/bare-server.ts
 *
 * Listens on 127.0.0.1 on a free port and prints `listening on http://127.0.0.1:PORT`.
 */
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BARE_BODY_BASE64 ?? '', 'base64');
const contentType = process.env.BARE_CONTENT_TYPE || 'application/json; charset=utf-8';
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = createServer((req, res) => {
  // Drain any request body, as a real server must, then answer.
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
