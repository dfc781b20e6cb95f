import assert from 'node:assert/strict';
import { type AddressInfo, createServer, connect as netConnect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { openTestBus, uniqueName } from '../../../test/helpers/engines.ts';
import { TLP_LABELS } from '../../policy/tlp.ts';
import type { Bus, BusEvent, EventInput } from './bus.ts';
import { createMemoryBus } from './memory.ts';

/**
 * One contract, every implementation: the in-process bus always, JetStream when NATS_URL is
 * set. Whatever runs on one must behave the same on the other.
 */
type OpenBus = (options?: { retain?: number }) => Promise<Bus>;

const implementations: Array<[string, OpenBus]> = [['memory', async (o = {}) => createMemoryBus(o)]];
const natsUrl = process.env.NATS_URL;
if (natsUrl) {
  implementations.push([
    'nats',
    async (o = {}) => {
      if (o.retain === undefined) return openTestBus();
      const { openNatsBus } = await import('./nats.ts');
      const stream = uniqueName('T').toUpperCase();
      return openNatsBus({ url: natsUrl, stream, deleteStreamOnClose: true, maxMessages: o.retain });
    },
  ]);
}

const input = (i: number, extra: Partial<EventInput> = {}): EventInput => ({
  type: 'test.happened',
  orgId: '00000000-0000-4000-8000-000000000001',
  tlp: 'GREEN',
  data: { i },
  ...extra,
});

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function publishAll(bus: Bus, n: number, from = 0): Promise<BusEvent[]> {
  const out: BusEvent[] = [];
  for (let i = from; i < from + n; i++) out.push(await bus.publish(input(i)));
  return out;
}

for (const [name, open] of implementations) {
  describe(`bus contract (${name})`, () => {
    const opened: Bus[] = [];
    const fresh = async (o?: { retain?: number }) => {
      const bus = await open(o);
      opened.push(bus);
      return bus;
    };
    after(async () => {
      await Promise.all(opened.map((b) => b.close()));
    });

    test('reports its kind and answers ping', async () => {
      const bus = await fresh();
      assert.equal(bus.kind, name);
      await bus.ping();
    });

    test('publish returns the stored event with a strictly increasing seq', async () => {
      const bus = await fresh();
      const events = await publishAll(bus, 5);
      for (const [i, e] of events.entries()) {
        assert.match(e.id, /^[0-9a-f-]{36}$/);
        assert.ok(Number.isSafeInteger(e.seq) && e.seq > 0);
        assert.ok(!Number.isNaN(Date.parse(e.at)) && new Date(e.at).toISOString() === e.at, 'ISO time');
        assert.deepEqual(e.data, { i });
        if (i > 0) assert.ok(e.seq > events[i - 1]!.seq, 'seq increases');
      }
      assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'ids are unique');
    });

    test('subscribe delivers every new event, in order, to every subscriber', async () => {
      const bus = await fresh();
      const a: BusEvent[] = [];
      const b: BusEvent[] = [];
      bus.subscribe((e) => a.push(e));
      bus.subscribe((e) => b.push(e));
      const published = await publishAll(bus, 25);
      await waitFor(() => a.length >= 25 && b.length >= 25, 'delivery');
      assert.deepEqual(a, published);
      assert.deepEqual(b, published);
    });

    test('unsubscribe stops delivery to that handler only', async () => {
      const bus = await fresh();
      const kept: BusEvent[] = [];
      const dropped: BusEvent[] = [];
      bus.subscribe((e) => kept.push(e));
      const unsubscribe = bus.subscribe((e) => dropped.push(e));
      await bus.publish(input(1));
      await waitFor(() => dropped.length === 1 && kept.length === 1, 'first event');
      unsubscribe();
      await publishAll(bus, 3, 2);
      await waitFor(() => kept.length === 4, 'later events');
      assert.equal(dropped.length, 1);
    });

    test('a throwing handler does not stop delivery to the others', async () => {
      const bus = await fresh();
      const got: number[] = [];
      bus.subscribe(() => {
        throw new Error('subscriber bug');
      });
      bus.subscribe((e) => got.push(e.seq));
      const published = await publishAll(bus, 3);
      await waitFor(() => got.length === 3, 'delivery past the throwing handler');
      assert.deepEqual(
        got,
        published.map((e) => e.seq),
      );
    });

    test('events carry id, type, orgId, tlp, audience, at and data intact', async () => {
      const bus = await fresh();
      const seen: BusEvent[] = [];
      bus.subscribe((e) => seen.push(e));
      const audience = {
        userIds: ['00000000-0000-4000-8000-0000000000aa'],
        orgIds: ['00000000-0000-4000-8000-0000000000bb'],
        communityOrgIds: ['00000000-0000-4000-8000-0000000000cc'],
      };
      const data = { nested: { list: [1, 'two', null, true], text: 'üñí "quoted"\nline' }, n: 1.5 };
      const red = await bus.publish({ type: 'case.note_added', orgId: null, tlp: 'RED', audience, data });
      const plain = await bus.publish({ type: 'flow.alert', orgId: 'org-1', tlp: 'AMBER+STRICT', data: [] });
      assert.equal(red.type, 'case.note_added');
      assert.equal(red.orgId, null);
      assert.equal(red.tlp, 'RED');
      assert.deepEqual(red.audience, audience);
      assert.deepEqual(red.data, data);
      assert.equal(plain.audience, undefined);
      await waitFor(() => seen.length === 2, 'delivery');
      assert.deepEqual(seen, [red, plain]);
      const replayed = await bus.replay(red.seq - 1);
      assert.deepEqual(replayed, [red, plain]);
    });

    test('replay after a seq returns exactly the later events, in order', async () => {
      const bus = await fresh();
      const events = await publishAll(bus, 10);
      for (const k of [0, 3, 8]) {
        assert.deepEqual(await bus.replay(events[k]!.seq), events.slice(k + 1), `after #${k}`);
      }
      assert.deepEqual(await bus.replay(events[0]!.seq - 1), events, 'from the first');
      assert.deepEqual(await bus.replay(events[9]!.seq), [], 'nothing after the last');
      assert.deepEqual(await bus.replay(events[2]!.seq, 3), events.slice(3, 6), 'limit');
    });

    test('replay from a seq older than what is retained says gap', async () => {
      const bus = await fresh({ retain: 3 });
      const events = await publishAll(bus, 6);
      // Retained: #3, #4, #5. Resuming after #2 is complete; after #1 would miss #2.
      assert.deepEqual(await bus.replay(events[2]!.seq), events.slice(3));
      assert.equal(await bus.replay(events[1]!.seq), 'gap');
      assert.equal(await bus.replay(events[0]!.seq), 'gap');
      assert.equal(await bus.replay(events[0]!.seq - 1), 'gap');
    });

    test('replay from a seq this bus never issued says gap', async () => {
      const bus = await fresh();
      const events = await publishAll(bus, 2);
      assert.equal(await bus.replay(events[1]!.seq + 1000), 'gap');
    });

    test('property: replay(k) is the suffix of published events after k', async () => {
      const bus = await fresh();
      const event = fc.record({
        type: fc.constantFrom('case.created', 'flow.alert', 'status.changed', 'x'),
        orgId: fc.option(fc.uuid(), { nil: null }),
        tlp: fc.constantFrom(...TLP_LABELS),
        // Event data is JSON on the wire: plain objects only.
        data: fc.record(
          { n: fc.integer(), s: fc.string({ maxLength: 20 }), ok: fc.boolean() },
          { noNullPrototype: true },
        ),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 15 }), fc.nat(), async (inputs, pick) => {
          const published: BusEvent[] = [];
          for (const i of inputs) published.push(await bus.publish(i));
          // k = -1 means "from just before this batch".
          const k = (pick % (published.length + 1)) - 1;
          const afterSeq = k < 0 ? published[0]!.seq - 1 : published[k]!.seq;
          assert.deepEqual(await bus.replay(afterSeq), published.slice(k + 1));
        }),
        { numRuns: 40 },
      );
    });
  });
}

/** A TCP relay to NATS that a test can cut and restore, to lose the connection on purpose. */
async function relay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let accepting = true;
  const server = createServer((client) => {
    if (!accepting) {
      client.destroy();
      return;
    }
    const upstream = netConnect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {}).on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `nats://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut() {
      accepting = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      accepting = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('nats bus: losing the connection', { skip: natsUrl ? false : 'NATS_URL not set' }, () => {
  test('ping fails while disconnected; after reconnecting, delivery resumes with no gap', async () => {
    const { openNatsBus } = await import('./nats.ts');
    const link = await relay(natsUrl!);
    const stream = uniqueName('T').toUpperCase();
    const flaky = await openNatsBus({ url: link.url, stream, deleteStreamOnClose: true });
    const steady = await openNatsBus({ url: natsUrl!, stream });
    try {
      const got: BusEvent[] = [];
      flaky.subscribe((e) => got.push(e));
      const before = await steady.publish(input(0));
      await waitFor(() => got.length === 1, 'delivery before the cut');

      link.cut();
      // The client notices the closed socket on its next turn; from then on ping fails at once.
      let pingFailed = false;
      for (let i = 0; i < 100 && !pingFailed; i++) {
        pingFailed = await flaky.ping().then(
          () => false,
          () => true,
        );
        if (!pingFailed) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(pingFailed, 'ping fails while disconnected');
      const during = await publishAll(steady, 3, 1);

      link.restore();
      await waitFor(() => got.length === 4, 'delivery of what was published during the outage', 15_000);
      await flaky.ping();
      const after = await flaky.publish(input(4));
      await waitFor(() => got.length === 5, 'delivery after reconnecting');
      assert.deepEqual(got, [before, ...during, after]);
    } finally {
      await steady.close();
      await flaky.close();
      await link.close();
    }
  });
});
