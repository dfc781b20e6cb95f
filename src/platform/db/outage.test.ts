/**
 * PostgreSQL going away and coming back: the app answers 503 `service_unavailable` meanwhile,
 * never crashes, and recovers by itself. A TCP proxy on loopback stands between the app and
 * PostgreSQL so the test can cut and restore the connection.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTokenOverHttp,
  deleteStream,
  dropSchema,
  http,
  runCli,
  setupOverHttp,
  tempDir,
} from '../../../test/helpers/process.ts';
import { startSwimmy } from '../../runtime.ts';
import { loadConfig } from '../config/load.ts';

const DATABASE_URL = process.env.DATABASE_URL;

/** A loopback TCP proxy to `target` that can be cut (every socket destroyed) and restored on its port. */
async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  let frozen = false;
  const pairs = new Set<[Socket, Socket]>();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        track(client);
        if (frozen) return; // a black hole: accepted, never answered
        const upstream = new (client.constructor as typeof Socket)();
        track(upstream);
        upstream.connect(target.port, target.host);
        client.pipe(upstream).pipe(client);
        const pair: [Socket, Socket] = [client, upstream];
        pairs.add(pair);
        upstream.on('close', () => client.destroy());
        client.on('close', () => {
          upstream.destroy();
          pairs.delete(pair);
        });
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    get connections() {
      return sockets.size;
    },
    /** Stops listening and destroys every connection: PostgreSQL is gone. */
    async cut() {
      const s = server;
      server = null;
      const closed = s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    /** Keeps every connection open but forwards nothing more: a network partition, not a refusal. */
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    /** Listens again on the same port. */
    restore: listen,
  };
}

/** Polls `fn` until it returns true, or fails after timeoutMs with what it last saw. */
async function eventually(what: string, fn: () => Promise<string | true>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await fn().catch((err: Error) => `threw ${err.message}`);
    if (r === true) return;
    last = r;
    await sleep(200);
  }
  assert.fail(`${what} not within ${timeoutMs} ms; last: ${last}`);
}

describe('PostgreSQL outage', { skip: !DATABASE_URL && 'needs PostgreSQL: set DATABASE_URL' }, () => {
  test('503 service_unavailable while the database is gone, no crash, recovery when it returns', async (t) => {
    const pgUrl = new URL(DATABASE_URL!);
    const proxy = await startProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const viaProxy = new URL(DATABASE_URL!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const schema = `outage_${Math.random().toString(36).slice(2, 10)}`;
    const stream = process.env.NATS_URL
      ? `OUTAGE_${Math.random().toString(36).slice(2, 10).toUpperCase()}`
      : null;
    const dir = tempDir('swimmy-outage-');

    // Anything thrown outside a request while the database is gone would end up here.
    const escaped: unknown[] = [];
    const onEscape = (err: unknown) => escaped.push(err);
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);

    const config = loadConfig({
      env: {},
      overrides: {
        host: '127.0.0.1',
        port: 0,
        dataDir: dir.path,
        databaseUrl: viaProxy.toString(),
        databaseSchema: schema,
        roles: ['serve', 'work'],
        logLevel: 'silent',
        jobPollMs: 50,
        ...(stream ? { natsUrl: process.env.NATS_URL!, natsStream: stream } : {}),
      },
    });
    const running = await startSwimmy(config);
    t.after(async () => {
      await proxy.restore().catch(() => {});
      await running.close().catch(() => {});
      await proxy.cut();
      await dropSchema(DATABASE_URL!, schema);
      if (stream) await deleteStream(process.env.NATS_URL!, stream);
      process.off('uncaughtException', onEscape);
      process.off('unhandledRejection', onEscape);
      dir.remove();
    });
    const url = running.url!;

    assert.equal((await http(url, '/readyz')).status, 200);
    const { auth, orgId } = await setupOverHttp(url);
    const { secret } = await createTokenOverHttp(url, auth, orgId, 'reader');
    const read = () => http(url, `/api/v1/orgs/${orgId}/members`, { auth: { token: secret } });
    assert.equal((await read()).status, 200);
    assert.ok(proxy.connections > 0, 'the app talks to PostgreSQL through the proxy');

    await proxy.cut();

    const ready = await http(url, '/readyz');
    assert.equal(ready.status, 503, ready.text);
    assert.equal((ready.body as { status: string }).status, 'unavailable');
    for (let i = 0; i < 3; i++) {
      const res = await read();
      assert.equal(res.status, 503, res.text);
      const body = res.body as { error: { code: string; message: string; requestId: string } };
      assert.equal(body.error.code, 'service_unavailable');
      assert.equal(typeof body.error.message, 'string');
      assert.equal(body.error.requestId, res.headers.get('x-request-id'));
      assert.ok(!res.text.includes(viaProxy.host), 'the database address does not leak');
    }
    const write = await http(url, `/api/v1/orgs/${orgId}/tokens`, {
      method: 'POST',
      auth,
      body: { name: 'during-outage', role: 'viewer' },
    });
    assert.equal(write.status, 503, write.text);
    assert.equal((write.body as { error: { code: string } }).error.code, 'service_unavailable');
    // Let the job poller and the pool meet the outage for a while.
    await sleep(1500);
    assert.equal((await http(url, '/healthz')).status, 200, 'the process is alive');

    await proxy.restore();

    await eventually('/readyz 200', async () => {
      const r = await http(url, '/readyz');
      return r.status === 200 || `${r.status} ${r.text}`;
    });
    await eventually('the API read 200', async () => {
      const r = await read();
      return r.status === 200 || `${r.status} ${r.text}`;
    });
    const after = await createTokenOverHttp(url, auth, orgId, 'after-outage');
    assert.ok(after.id);
    assert.deepEqual(escaped, [], 'no error escaped the request handlers');
  });
});

test('a DATABASE_URL nobody answers on is a clear start-up error with a non-zero exit', async () => {
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const r = await runCli(['start'], {
    env: { DATABASE_URL: `postgres://postgres:pw-not-shown@127.0.0.1:${port}/nothing`, PORT: '0' },
    timeoutMs: 20_000,
  });
  assert.equal(r.code, 1, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`Cannot open the database \\(PostgreSQL at 127\\.0\\.0\\.1:${port}\\)`));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.ok(!r.stderr.includes('pw-not-shown'), 'the password does not leak');
  assert.doesNotMatch(r.stdout, /Swimmy is running/);
});

describe('PostgreSQL partition', { skip: !DATABASE_URL && 'needs PostgreSQL: set DATABASE_URL' }, () => {
  // The pool's query timeout turns a silent database into 503s instead of hung requests.
  test('a database that stops answering gives 503 in bounded time, not a hung request', async (t) => {
    const pgUrl = new URL(DATABASE_URL!);
    const proxy = await startProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    const viaProxy = new URL(DATABASE_URL!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const schema = `partition_${Math.random().toString(36).slice(2, 10)}`;
    const dir = tempDir('swimmy-partition-');
    const config = loadConfig({
      env: {},
      overrides: {
        host: '127.0.0.1',
        port: 0,
        dataDir: dir.path,
        databaseUrl: viaProxy.toString(),
        databaseSchema: schema,
        roles: ['serve'],
        logLevel: 'silent',
      },
    });
    const running = await startSwimmy(config);
    t.after(async () => {
      await proxy.cut();
      await Promise.race([running.close(), sleep(5000)]).catch(() => {});
      await dropSchema(DATABASE_URL!, schema);
      dir.remove();
    });
    const url = running.url!;
    const { auth, orgId } = await setupOverHttp(url);
    const { secret } = await createTokenOverHttp(url, auth, orgId, 'reader');
    const read = () =>
      http(url, `/api/v1/orgs/${orgId}/members`, { auth: { token: secret }, timeoutMs: 15_000 });
    assert.equal((await read()).status, 200);

    proxy.freeze();
    const started = Date.now();
    const [ready, res] = await Promise.all([
      http(url, '/readyz', { timeoutMs: 15_000 }),
      read().catch((err: Error) => assert.fail(`the API read got no answer: ${err.message}`)),
    ]);
    const took = Date.now() - started;
    assert.equal(ready.status, 503, ready.text);
    assert.equal(res.status, 503, res.text);
    assert.equal((res.body as { error: { code: string } }).error.code, 'service_unavailable');
    assert.ok(took < 15_000, `answered in ${took} ms`);
  });
});
