// The world bench:e2e measures: `swimmy demo --setup-only` as a child process (every role, the
// Meltdown consortium, Scaleway with its customer Bitbucket, automatic GREEN sharing, on-call),
// a local webhook receiver Léa's page goes to, and live-stream clients as Bitbucket (customer)
// and OVH (a peer). Only loopback: the server, the receiver, the collector, the database, NATS.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  deleteStream,
  dropSchema,
  HTTP_PASSWORD,
  http,
  loginOverHttp,
  type Proc,
  spawnCli,
  tempDir,
} from '../test/helpers/process.ts';
import { openSse, type SseStream } from '../test/helpers/sse.ts';
import { DEFAULT_POSTGRES_URL, type Engine, loopbackOnly } from './lib.ts';

export interface E2eWorld {
  url: string;
  netflowPort: number;
  scaleway: string;
  lea: { cookie: string; csrf: string };
  /** Arrival times (ms) of POSTs at the webhook receiver. */
  pages: number[];
  customer: SseStream;
  peer: SseStream;
  close(): Promise<void>;
}

async function receiver(pages: number[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.method === 'POST') pages.push(Date.now());
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${addr.port}/page` };
}

export async function openE2eWorld(engine: Engine, bus: 'memory' | 'nats'): Promise<E2eWorld> {
  const dir = tempDir('swimmy-bench-e2e-');
  const suffix = randomBytes(5).toString('hex');
  const dbUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
  const schema = engine === 'postgres' ? `bench_e2e_${suffix}` : undefined;
  const stream = bus === 'nats' ? `BENCH_E2E_${suffix.toUpperCase()}` : undefined;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    SWIMMY_DATA_DIR: dir.path,
    SWIMMY_NETFLOW_PORT: '0',
    SWIMMY_SFLOW_PORT: '0',
    SWIMMY_LOG_LEVEL: 'warn',
    SWIMMY_WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1',
    SWIMMY_LOGIN_RATE_LIMIT: '10000',
  };
  if (schema) {
    loopbackOnly(dbUrl);
    Object.assign(env, { DATABASE_URL: dbUrl, SWIMMY_DATABASE_SCHEMA: schema });
  }
  if (stream) {
    loopbackOnly(natsUrl);
    Object.assign(env, { NATS_URL: natsUrl, SWIMMY_NATS_STREAM: stream });
  }
  const pages: number[] = [];
  const hook = await receiver(pages);
  let proc: Proc | undefined;
  const streams: SseStream[] = [];
  const close = async () => {
    for (const s of streams) s.close();
    await proc?.stop('SIGTERM', 10_000);
    hook.server.close();
    if (schema) await dropSchema(dbUrl, schema).catch(() => {});
    if (stream) await deleteStream(natsUrl, stream).catch(() => {});
    dir.remove();
  };
  try {
    proc = spawnCli(['demo', '--setup-only', '--password-stdin'], { input: HTTP_PASSWORD, env });
    const url = (await proc.waitFor(/Swimmy demo is running on (http:\/\/\S+) /, 180_000))[1]!;
    const netflowPort = Number(/udp:\/\/127\.0\.0\.1:(\d+)/.exec(proc.stdout())?.[1]);
    const lea = await loginOverHttp(url, 'lea@scaleway.example');
    const riley = await loginOverHttp(url, 'riley@bitbucket.example');
    const sophie = await loginOverHttp(url, 'sophie@ovh.example');
    const me = (await http(url, '/api/v1/session', { auth: lea })).body as {
      orgs: Array<{ id: string; handle: string }>;
    };
    const scaleway = me.orgs.find((o) => o.handle === 'scaleway')!.id;
    // Léa's pages also go to a webhook on loopback (allowed by webhookAllowAddresses).
    const rule = await http(url, '/api/v1/me/notification-rules', {
      method: 'POST',
      auth: lea,
      body: { channel: 'webhook', target: hook.url },
    });
    if (rule.status !== 201) throw new Error(`webhook rule: ${rule.status} ${rule.text}`);
    const sse = async (auth: { cookie: string }) => {
      const s = (
        await openSse(`${url}/api/v1/stream`, { headers: { cookie: `swimmy_session=${auth.cookie}` } })
      ).stream!;
      streams.push(s);
      return s;
    };
    return {
      url,
      netflowPort,
      scaleway,
      lea,
      pages,
      customer: await sse(riley),
      peer: await sse(sophie),
      close,
    };
  } catch (err) {
    if (proc) process.stderr.write(proc.stderr());
    await close();
    throw err;
  }
}
