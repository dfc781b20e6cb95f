/**
 * The reference for bench/fanout.ts: a bare WebSocket broadcast with the `ws` package. A POST to
 * /broadcast sends its body, unchanged, to every connected WebSocket and then answers 204, so the
 * reference does what the live stream does (accept a post over HTTP, fan it out over held
 * connections) minus authentication, the database, the bus and per-reader TLP filtering.
 *
 *   node bench/fanout-reference.ts   → prints `listening on http://127.0.0.1:PORT`
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

// `ws` is installed with @fastify/websocket and ships no types; these are the members used here.
interface WsPeer {
  readyState: number;
  send(data: string): void;
}
const { WebSocketServer } = createRequire(import.meta.url)('ws') as {
  WebSocketServer: new (opts: {
    server: ReturnType<typeof createServer>;
    perMessageDeflate: boolean;
  }) => { clients: Set<WsPeer> };
};
const OPEN = 1;

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/broadcast') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const payload = Buffer.concat(chunks).toString('utf8');
    for (const peer of wss.clients) if (peer.readyState === OPEN) peer.send(payload);
    res.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
const stop = () => {
  for (const peer of wss.clients) (peer as unknown as { terminate(): void }).terminate();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
