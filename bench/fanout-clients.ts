/**
 * The client side of bench/fanout.ts, run in a worker thread so that parsing deliveries never
 * shares an event loop with the poster or the server: N real connections over loopback, either
 * Server-Sent Events to Swimmy's /api/v1/stream (one per client, each with its own socket and
 * the session cookie of the person it belongs to) or WebSockets to the bare reference server.
 * Every message carrying a `fanout#<n>#` marker is recorded as (post n, client, time received).
 *
 * Messages from the parent: { op: 'connect', kind, url, cookies } → { op: 'connected', failed };
 * { op: 'count' } → { op: 'count', count } (deliveries so far);
 * { op: 'results' } → { op: 'results', deliveries } (Float64Array of n, client, ms triples; then cleared);
 * { op: 'close' } → { op: 'closed' }.
 */
import { type ClientRequest, request } from 'node:http';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

if (!parentPort) throw new Error('bench/fanout-clients.ts runs as a worker thread');
const port = parentPort;

// `ws` is installed with @fastify/websocket and ships no types; the bench needs three members.
interface WsClient {
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'error' | 'close', listener: (err?: Error) => void): void;
  terminate(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string, opts: { perMessageDeflate: boolean }) => WsClient;
};

const now = () => performance.timeOrigin + performance.now();
const MARKER = 'fanout#';

let deliveries: number[] = [];
let closers: Array<() => void> = [];

/** Records the marker in one message (a whole SSE frame or one WebSocket message). */
function record(text: string, client: number) {
  const at = text.indexOf(MARKER);
  if (at < 0) return;
  const end = text.indexOf('#', at + MARKER.length);
  deliveries.push(Number(text.slice(at + MARKER.length, end)), client, now());
}

function connectSse(url: string, cookie: string, client: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, {
      headers: { accept: 'text/event-stream', cookie: `swimmy_session=${cookie}` },
      agent: false,
    });
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      let ready = false;
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          // The first frame (retry:) is written once the server has subscribed this client.
          if (!ready) {
            ready = true;
            resolve();
          }
          if (frame.includes('event: post.created')) record(frame, client);
        }
      });
      res.on('error', () => {});
    });
    req.end();
    closers.push(() => req.destroy());
  });
}

function connectWs(url: string, client: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('open', () => resolve());
    ws.on('error', (err) => reject(err ?? new Error('websocket error')));
    ws.on('message', (data: Buffer) => record(data.toString('utf8'), client));
    closers.push(() => ws.terminate());
  });
}

/** Connects in batches, so the server sees a crowd arriving, not a single instant SYN flood. */
async function connectAll(kind: 'sse' | 'ws', url: string, cookies: string[]) {
  let failed = 0;
  const BATCH = 50;
  for (let i = 0; i < cookies.length; i += BATCH) {
    const batch = cookies.slice(i, i + BATCH).map((cookie, j) => {
      const client = i + j;
      const opened = kind === 'sse' ? connectSse(url, cookie, client) : connectWs(url, client);
      return opened.catch(() => {
        failed++;
      });
    });
    await Promise.all(batch);
  }
  return failed;
}

port.on('message', async (m: { op: string; kind?: 'sse' | 'ws'; url?: string; cookies?: string[] }) => {
  if (m.op === 'connect') {
    deliveries = [];
    const failed = await connectAll(m.kind!, m.url!, m.cookies!);
    port.postMessage({ op: 'connected', failed });
  } else if (m.op === 'count') {
    port.postMessage({ op: 'count', count: deliveries.length / 3 });
  } else if (m.op === 'results') {
    const out = Float64Array.from(deliveries);
    deliveries = [];
    port.postMessage({ op: 'results', deliveries: out }, [out.buffer]);
  } else if (m.op === 'close') {
    for (const close of closers) close();
    closers = [];
    port.postMessage({ op: 'closed' });
  }
});
