import assert from 'node:assert/strict';
import { get as httpGet, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Gauge } from 'prom-client';
import { busName, openTestBus, openTestDb, uniqueName } from '../../test/helpers/engines.ts';
import { dataOf, isEvent, openSse, type SseFrame, type SseStream } from '../../test/helpers/sse.ts';
import { createAudit } from '../platform/audit.ts';
import { newSecret, sha256 } from '../platform/auth/secrets.ts';
import { createSession } from '../platform/auth/store.ts';
import type { Bus, BusEvent, EventInput } from '../platform/bus/bus.ts';
import { createMemoryBus } from '../platform/bus/memory.ts';
import { loadConfig } from '../platform/config/load.ts';
import type { Db } from '../platform/db/db.ts';
import { createMetrics } from '../platform/http/metrics.ts';
import { createServer } from '../platform/http/server.ts';
import type { Jobs } from '../platform/jobs/jobs.ts';
import { createLogger } from '../platform/log.ts';
import type { Platform } from '../platform/platform.ts';
import { type LiveOptions, liveModule } from './routes.ts';

// The live module never schedules jobs; this keeps the test independent of the job queue.
const noJobs: Jobs = {
  schedule: async () => {
    throw new Error('jobs are not available in this test');
  },
  cancel: async () => false,
  cancelByKey: async () => false,
  scheduleMany: async () => {
    throw new Error('jobs are not available in this test');
  },
  scheduleClaimed: async () => {
    throw new Error('jobs are not available in this test');
  },
  runClaimed: () => {},
  register: () => {},
  registerBatch: () => {},
  start: () => {},
  stop: async () => {},
};

interface Server {
  url: string;
  platform: Platform;
  close(): Promise<void>;
}

async function startServer(db: Db, bus: Bus, options: LiveOptions = {}): Promise<Server> {
  const config = loadConfig({ env: {}, overrides: { logLevel: 'silent' } });
  const platform: Platform = {
    config,
    log: createLogger('silent'),
    db,
    bus,
    jobs: noJobs,
    audit: createAudit(db),
    metrics: createMetrics(),
  };
  const app = await createServer(platform);
  await app.register(liveModule(platform, options), { prefix: '/api/v1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/stream`, platform, close: () => app.close() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same bus, with a replay that waits before and after reading. */
const slowReplay = (inner: Bus, ms: number): Bus => ({
  kind: inner.kind,
  publish: <T>(e: EventInput<T>) => inner.publish(e),
  subscribe: (h) => inner.subscribe(h),
  async replay(afterSeq, limit) {
    await sleep(ms);
    const events = await inner.replay(afterSeq, limit);
    await sleep(ms);
    return events;
  },
  ping: () => inner.ping(),
  close: async () => {},
});

async function smallRetentionBus(retain: number): Promise<Bus> {
  const url = process.env.NATS_URL;
  if (!url) return createMemoryBus({ retain });
  const { openNatsBus } = await import('../platform/bus/nats.ts');
  const stream = uniqueName('T').toUpperCase();
  return openNatsBus({ url, stream, deleteStreamOnClose: true, maxMessages: retain });
}

async function insertOrg(db: Db, handle: string): Promise<string> {
  const row = await db.one<{ id: string }>('insert into orgs (handle, name) values ($1, $2) returning id', [
    handle,
    handle,
  ]);
  return row!.id;
}

/** A user who is a viewer of `orgId`, signed in: returns the id and the session cookie header. */
async function insertMember(db: Db, orgId: string, email: string) {
  const user = await db.one<{ id: string }>(
    `insert into users (email, name, password_hash) values ($1, $1, 'not-a-hash') returning id`,
    [email],
  );
  const userId = user!.id;
  await db.execute(`insert into memberships (org_id, user_id, role) values ($1, $2, 'viewer')`, [
    orgId,
    userId,
  ]);
  const secret = newSecret();
  await createSession(db, { idHash: sha256(secret), userId, csrfToken: newSecret(), ttlHours: 1 });
  return { userId, headers: { cookie: `swimmy_session=${secret}` } };
}

async function connect(url: string, headers: Record<string, string>): Promise<SseStream> {
  const res = await openSse(url, { headers });
  assert.equal(res.status, 200, `stream answered ${res.status}: ${await res.text()}`);
  assert.ok(res.stream);
  // The retry frame is written after the subscription is in place: from here nothing is missed.
  await res.stream.next({ filter: (f) => f.retry !== undefined });
  return res.stream;
}

/** Collects events until one with `lastId` arrives (a sentinel proving everything before it was processed). */
async function eventsUntil(stream: SseStream, lastId: string): Promise<SseFrame[]> {
  const out: SseFrame[] = [];
  for (;;) {
    const f = await stream.next({ filter: (x) => isEvent(x) || x.event === 'reset' });
    out.push(f);
    if (isEvent(f) && dataOf<BusEvent>(f).id === lastId) return out;
  }
}

const idsOf = (frames: SseFrame[]) => frames.map((f) => dataOf<BusEvent>(f).id);
const liveClients = async (s: Server) =>
  (await (s.platform.metrics.getSingleMetric('swimmy_live_clients') as Gauge).get()).values[0]?.value;

async function waitFor(cond: () => Promise<boolean>, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`live stream (${busName()} bus)`, () => {
  let db: Db;
  let bus: Bus;
  let server: Server;
  let orgA: string;
  let orgB: string;
  let alice: Awaited<ReturnType<typeof insertMember>>;
  let bob: Awaited<ReturnType<typeof insertMember>>;
  const streams: SseStream[] = [];
  const open = async (url: string, headers: Record<string, string>) => {
    const s = await connect(url, headers);
    streams.push(s);
    return s;
  };

  const green = (orgId: string, n: number): EventInput => ({
    type: 'test.green',
    orgId,
    tlp: 'GREEN',
    data: { n },
  });

  before(async () => {
    db = await openTestDb();
    bus = await openTestBus();
    server = await startServer(db, bus);
    orgA = await insertOrg(db, 'org-a');
    orgB = await insertOrg(db, 'org-b');
    alice = await insertMember(db, orgA, 'alice@a.test');
    bob = await insertMember(db, orgB, 'bob@b.test');
  });
  after(async () => {
    for (const s of streams) s.close();
    await server.close();
    await bus.close();
    await db.close();
  });

  test('without a session the stream answers 401 with a JSON error', async () => {
    const res = await openSse(server.url);
    assert.equal(res.status, 401);
    assert.equal(res.stream, undefined);
    const body = JSON.parse(await res.text()) as { error: { code: string } };
    assert.equal(body.error.code, 'unauthenticated');
  });

  test('an invalid resume id answers 400 validation_failed', async () => {
    for (const [query, headers] of [
      ['?lastEventId=abc', {}],
      ['?lastEventId=-1', {}],
      ['?lastEventId=99999999999999999999', {}],
      ['', { 'last-event-id': '1.5' }],
    ] as const) {
      const res = await openSse(`${server.url}${query}`, { headers: { ...alice.headers, ...headers } });
      assert.equal(res.status, 400, `${query} ${JSON.stringify(headers)}`);
      const body = JSON.parse(await res.text()) as { error: { code: string } };
      assert.equal(body.error.code, 'validation_failed');
    }
  });

  test('streams with SSE headers and frames: id is the seq, event the type, data the event', async () => {
    const s = await open(server.url, alice.headers);
    assert.match(s.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(s.headers.get('cache-control'), 'no-cache');
    assert.equal(s.headers.get('x-accel-buffering'), 'no');
    assert.ok(s.headers.get('x-request-id'));
    assert.equal(s.frames[0]?.retry, 2000);
    const e = await bus.publish({ ...green(orgA, 1), audience: { orgIds: [orgB] } });
    const f = await s.next();
    assert.equal(f.id, String(e.seq));
    assert.equal(f.event, 'test.green');
    assert.deepEqual(dataOf(f), {
      id: e.id,
      seq: e.seq,
      type: e.type,
      orgId: orgA,
      tlp: 'GREEN',
      at: e.at,
      data: { n: 1 },
    });
    s.close();
  });

  test('delivers only what the policy lets the member see', async () => {
    const s = await open(server.url, alice.headers);
    const seen = [
      await bus.publish(green(orgA, 1)),
      await bus.publish({
        type: 'test.red',
        orgId: orgB,
        tlp: 'RED',
        audience: { userIds: [alice.userId] },
        data: 2,
      }),
      await bus.publish({ type: 'test.clear', orgId: orgB, tlp: 'CLEAR', data: 3 }),
      await bus.publish({
        type: 'test.amber',
        orgId: orgB,
        tlp: 'AMBER',
        audience: { orgIds: [orgA] },
        data: 4,
      }),
    ];
    await bus.publish({ type: 'test.amber', orgId: orgB, tlp: 'AMBER', data: 'B only' });
    await bus.publish({
      type: 'test.red',
      orgId: orgA,
      tlp: 'RED',
      audience: { userIds: [bob.userId] },
      data: 'bob only',
    });
    await bus.publish({ type: 'test.red', orgId: orgA, tlp: 'RED', data: 'nobody named' });
    await bus.publish({
      type: 'test.green',
      orgId: orgB,
      tlp: 'GREEN',
      audience: { communityOrgIds: [] },
      data: 'B',
    });
    const sentinel = await bus.publish(green(orgA, 99));
    const got = await eventsUntil(s, sentinel.id);
    assert.deepEqual(
      idsOf(got),
      [...seen, sentinel].map((e) => e.id),
    );

    // The RED read addressed to alice went to the audit log.
    await waitFor(async () => {
      const row = await db.one<{ n: number }>(
        `select count(*)::int as n from audit_log where action = 'content.read' and target_id = $1 and actor_user_id = $2`,
        [seen[1]!.id, alice.userId],
      );
      return row?.n === 1;
    }, 'audit of the RED read');
    s.close();
  });

  test('AMBER+STRICT reads are audited once per person and event, however many streams they hold', async () => {
    const carol = await insertMember(db, orgA, 'carol@a.test');
    const tabs = [
      await open(server.url, alice.headers),
      await open(server.url, alice.headers),
      await open(server.url, carol.headers),
    ];
    const amber = await bus.publish({ type: 'test.amber', orgId: orgA, tlp: 'AMBER+STRICT', data: 1 });
    const green2 = await bus.publish(green(orgA, 2));
    for (const tab of tabs) assert.deepEqual(idsOf(await eventsUntil(tab, green2.id)), [amber.id, green2.id]);
    const readers = async () =>
      (
        await db.query<{ actor_user_id: string }>(
          `select actor_user_id from audit_log where action = 'content.read' and target_id = $1 order by actor_user_id`,
          [amber.id],
        )
      ).map((r) => r.actor_user_id);
    const want = [alice.userId, carol.userId].sort();
    await waitFor(async () => (await readers()).length >= want.length, 'audit of the AMBER+STRICT reads');
    // Time for a duplicate row to appear, were one written, before checking there is none.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await readers(), want);
    // GREEN is not an audited label.
    const greenReads = await db.one<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'content.read' and target_id = $1`,
      [green2.id],
    );
    assert.equal(greenReads?.n, 0);
    for (const tab of tabs) tab.close();
  });

  test('resuming with Last-Event-ID sends exactly the missed events, in order, then live ones', async () => {
    const first = await open(server.url, alice.headers);
    const e1 = await bus.publish(green(orgA, 1));
    assert.equal((await first.next()).id, String(e1.seq));
    first.close();

    const missed = [await bus.publish(green(orgA, 2))];
    await bus.publish(green(orgB, 0)); // not alice's
    missed.push(await bus.publish(green(orgA, 3)));

    const again = await open(server.url, { ...alice.headers, 'last-event-id': String(e1.seq) });
    const live = await bus.publish(green(orgA, 4));
    assert.deepEqual(
      idsOf(await eventsUntil(again, live.id)),
      [...missed, live].map((e) => e.id),
    );
    again.close();

    // The query parameter does the same for clients that cannot set headers.
    const viaQuery = await open(`${server.url}?lastEventId=${e1.seq}`, alice.headers);
    assert.deepEqual(
      idsOf(await eventsUntil(viaQuery, live.id)),
      [...missed, live].map((e) => e.id),
    );
    viaQuery.close();
  });

  test('resuming while events are being published loses and repeats nothing', async () => {
    // Replay takes a while on purpose, so that events are published before, during and after it.
    const slow = await startServer(db, slowReplay(bus, 20));
    try {
      const start = await bus.publish(green(orgA, 0));
      const published: BusEvent[] = [];
      for (let i = 1; i <= 20; i++) published.push(await bus.publish(green(orgA, i)));
      let stop = false;
      const publisher = (async () => {
        for (let i = 21; !stop; i++) {
          published.push(await bus.publish(green(orgA, i)));
          await sleep(1);
        }
      })();
      const s = await connect(slow.url, { ...alice.headers, 'last-event-id': String(start.seq) });
      await sleep(100);
      stop = true;
      await publisher;
      const got = await eventsUntil(s, published[published.length - 1]!.id);
      assert.deepEqual(
        idsOf(got),
        published.map((e) => e.id),
      );
      s.close();
    } finally {
      await slow.close();
    }
  });

  test('a disconnected client is cleaned up', async () => {
    await waitFor(async () => (await liveClients(server)) === 0, 'earlier clients to go');
    const s = await connect(server.url, alice.headers);
    assert.equal(await liveClients(server), 1);
    s.close();
    await waitFor(async () => (await liveClients(server)) === 0, 'the client to be removed');
  });

  test('a client that stops reading is dropped instead of buffering without bound', async () => {
    const tight = await startServer(db, bus, { maxUnsentBytes: 256 * 1024 });
    try {
      const { promise: response, resolve } = Promise.withResolvers<IncomingMessage>();
      const req = httpGet(tight.url, { headers: alice.headers, agent: false }, resolve);
      const res = await response;
      res.pause(); // never reads: the socket buffers fill, then the server's
      await waitFor(async () => (await liveClients(tight)) === 1, 'the client to connect');
      const blob = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 400 && (await liveClients(tight)) === 1; i++) {
        await bus.publish({ ...green(orgA, i), data: blob });
      }
      await waitFor(async () => (await liveClients(tight)) === 0, 'the slow client to be dropped');
      req.destroy();
    } finally {
      await tight.close();
    }
  });

  test('streams end after their maximum age, so clients come back re-authenticated', async () => {
    const short = await startServer(db, bus, { maxConnectionMs: 200 });
    try {
      const s = await connect(short.url, alice.headers);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('stream did not end')), 3000);
      });
      await Promise.race([s.ended, timeout]).finally(() => clearTimeout(timer));
      await waitFor(async () => (await liveClients(short)) === 0, 'the ended stream to be cleaned up');
    } finally {
      await short.close();
    }
  });

  test('a resume id older than what the bus retains gets event: reset, then live events', async () => {
    const small = await smallRetentionBus(3);
    const other = await startServer(db, small, { heartbeatMs: 50 });
    try {
      const old = await small.publish(green(orgA, 1));
      for (let i = 2; i <= 6; i++) await small.publish(green(orgA, i));
      const s = await connect(other.url, { ...alice.headers, 'last-event-id': String(old.seq) });
      const reset = await s.next({ filter: (f) => f.event === 'reset' });
      assert.equal(reset.data, '{}');
      const live = await small.publish(green(orgA, 7));
      const got = await s.next();
      assert.equal(dataOf<BusEvent>(got).id, live.id);
      // Heartbeat comments keep the connection visibly alive.
      await s.next({ filter: (f) => (f.comments?.length ?? 0) > 0 });
      s.close();
    } finally {
      await other.close();
      await small.close();
    }
  });
});
