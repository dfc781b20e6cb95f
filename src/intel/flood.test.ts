import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { openSse, type SseFrame, type SseStream } from '../../test/helpers/sse.ts';
import { type CollectRole, startCollectRole } from '../detection/collect-role.ts';
import { loopbackCollectorConfig } from '../detection/testing.ts';
import { runSimulation } from '../flows/simulator/run.ts';
import { must } from '../spaces/testing.ts';
import { type IntelRunner, startIntel } from './subscriber.ts';
import { buildIntelWorld, type IntelWorld, type Reader } from './testing.ts';

/**
 * Collective defense over real sockets: the flow simulator floods an address of alpha with NTP
 * amplification over loopback; the collector and detector see it; alpha's automatic sharing
 * policy turns the attack into a GREEN indicator posted into the space it shares with bravo and
 * charlie; bravo's live stream receives it within seconds. Delta (not in the space) and alpha's
 * customer never see it, on the stream or through the API.
 */
describe('flood on alpha → shared indicator → peers live', () => {
  let t: TestApp;
  let w: IntelWorld;
  let collect: CollectRole;
  let intel: IntelRunner;
  let url: string;

  before(async () => {
    t = await createTestApp(loopbackCollectorConfig('alpha'));
    intel = startIntel(t.platform);
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    w = await buildIntelWorld(t);
    await must(t, w.auth.alphaOwner, 'PUT', `/orgs/${w.orgIds.alpha}/intel/policy`, {
      mode: 'automatic',
      spaceId: w.spaceId,
      defaultTlp: 'GREEN',
      anonymisation: 'generalise',
    });
    collect = await startCollectRole(t.platform);
  });
  after(async () => {
    await collect?.close();
    await intel?.close();
    await t?.close();
  });

  const streamOf = async (reader: Reader) => {
    const auth = w.auth[reader] as { cookie: string };
    return (await openSse(`${url}/api/v1/stream`, { headers: { cookie: `swimmy_session=${auth.cookie}` } }))
      .stream!;
  };
  const isIntel = (f: SseFrame) =>
    /^intel\.|^post\.|^case\./.test(f.event ?? '') && (f.data ?? '').includes('NTP amplification');

  test('bravo receives the indicator live within seconds; delta and the customer never do', async () => {
    const streams: Partial<Record<Reader, SseStream>> = {};
    for (const r of ['bravoOwner', 'charlieOwner', 'deltaOwner', 'customerOwner'] as const)
      streams[r] = await streamOf(r);
    let firstAttackDatagram = 0;
    let detectedAt = 0;
    const unsubscribe = t.platform.bus.subscribe((e) => {
      if (e.type === 'attack.started' && detectedAt === 0) detectedAt = Date.now();
    });
    try {
      const flood = runSimulation({
        host: '127.0.0.1',
        port: collect.collector.netflowPort,
        protocol: 'v5',
        durationMs: 4000,
        seed: 11,
        background: { hosts: 20, ppsPerHost: 100 },
        attacks: [
          {
            vector: 'ntp',
            target: '198.51.100.7',
            pps: 200_000,
            startMs: 300,
            durationMs: 3700,
            spoofed: false,
            sources: 20,
          },
        ],
        onAttackStart: (_i, at) => {
          firstAttackDatagram = at;
        },
      });
      const frame = await streams.bravoOwner!.next({
        timeoutMs: 10_000,
        filter: (f) => f.event === 'intel.indicator.shared',
      });
      const seenAt = Date.now();
      const indicator = JSON.parse(frame.data!).data.indicator;
      console.log(
        `# flood → peer receives indicator: ${seenAt - firstAttackDatagram} ms (attack.started → peer: ${seenAt - detectedAt} ms)`,
      );
      assert.equal(indicator.org.id, w.orgIds.alpha);
      assert.equal(indicator.vector, 'amp_ntp');
      assert.equal(indicator.target, '198.51.100.0/24', 'generalised: never the victim address');
      assert.ok(!frame.data!.includes('198.51.100.7'), 'the victim address is not in the event');
      assert.ok(
        indicator.reflectors.length > 0 &&
          indicator.reflectors.every((r: { port: number }) => r.port === 123),
      );
      assert.equal(indicator.attackId, null, 'peers do not get the source org’s attack id');
      assert.ok(seenAt - firstAttackDatagram < 10_000);
      // The post in the case arrives too (charlie is in the space as well).
      await streams.charlieOwner!.next({
        timeoutMs: 5000,
        filter: (f) => f.event === 'post.created' && (f.data ?? '').includes('NTP amplification'),
      });
      await flood;
      // The attack's end is posted too; nothing of it may reach delta or the customer.
      assert.deepEqual(await streams.deltaOwner!.drain(3000, isIntel), [], 'delta saw nothing');
      assert.deepEqual(await streams.customerOwner!.drain(10, isIntel), [], 'the customer saw nothing');
      assert.deepEqual(streams.deltaOwner!.frames.filter(isIntel), []);
      assert.deepEqual(streams.customerOwner!.frames.filter(isIntel), []);
    } finally {
      unsubscribe();
      for (const s of Object.values(streams)) s?.close();
    }
    for (const [reader, sees] of [
      ['bravoOwner', 1],
      ['deltaOwner', 0],
      ['customerOwner', 0],
    ] as const) {
      const list = await must(
        t,
        w.auth[reader],
        'GET',
        `/orgs/${w.orgOf[reader]}/intel/indicators?scope=peers`,
      );
      assert.equal(list.items.length, sees, `${reader} lists ${sees}`);
    }
    const cases = await must(t, w.auth.bravoOwner, 'GET', `/spaces/${w.spaceId}/cases`);
    assert.match(cases.items[0].title, /^DDoS on Org alpha: NTP amplification, [\d.]+ [kMG]?bps$/);
  });
});
