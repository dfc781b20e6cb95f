import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type CollectRole, startCollectRole } from '../src/detection/collect-role.ts';
import { loopbackCollectorConfig } from '../src/detection/testing.ts';
import { runSimulation } from '../src/flows/simulator/run.ts';
import { startHealth } from '../src/health/index.ts';
import { startIntel } from '../src/intel/index.ts';
import { buildIntelWorld, type IntelWorld, type Reader } from '../src/intel/testing.ts';
import { startMitigation } from '../src/mitigation/index.ts';
import { type OncallHarness, oncallHarness } from '../src/oncall/testing.ts';
import { must } from '../src/spaces/testing.ts';
import { startStatus } from '../src/status/index.ts';
import type { TestApp } from './helpers/app.ts';
import { openSse, type SseFrame, type SseStream } from './helpers/sse.ts';

/**
 * The whole chain with real UDP flow datagrams on loopback: alpha's collector sees a flood to its
 * customer's address; detection → incident → page delivered to a webhook receiver → ack →
 * mitigation proposed → the customer's health → a public status update → the indicator shared
 * with the consortium → the attack ends; the end-to-end timeline shows each step. And every TLP
 * rule holds for a peer (bravo: the GREEN indicator, generalised, nothing org-internal), an
 * outsider (delta: nothing), the customer (its own resource only) and the public (CLEAR only).
 */
const VICTIM = '198.51.100.7';
// Org-internal (AMBER/AMBER+STRICT of alpha): peers get none; the customer gets only health.
const INTERNAL = /^(attack|incident|mitigation|health)\./;
const PROVIDER_ONLY = /^(attack|incident|mitigation)\./;

describe('end-to-end chain over loopback, with TLP for peers, customer and public', () => {
  let h: OncallHarness;
  let t: TestApp;
  let w: IntelWorld;
  let collect: CollectRole;
  let url: string;
  let hook: Server;
  const pages: number[] = [];
  const closers: Array<{ close(): Promise<void> | void }> = [];

  before(async () => {
    h = await oncallHarness({
      config: loopbackCollectorConfig('alpha'),
    });
    t = h as unknown as TestApp;
    closers.push(
      startHealth(h.platform),
      startIntel(h.platform),
      startMitigation(h.platform),
      startStatus(h.platform),
    );
    url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    hook = createServer((req, res) => {
      pages.push(Date.now());
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    w = await buildIntelWorld(t);
    const alpha = `/orgs/${w.orgIds.alpha}`;
    const owner = w.alphaOwner;
    await must(t, owner.auth, 'PUT', `${alpha}/intel/policy`, {
      mode: 'automatic',
      spaceId: w.spaceId,
      defaultTlp: 'GREEN',
      anonymisation: 'generalise',
    });
    await must(t, owner.auth, 'POST', `${alpha}/customers/${w.orgIds.customer}/resources`, {
      kind: 'address',
      identifier: VICTIM,
      name: 'web',
    });
    const policy = await must(t, owner.auth, 'POST', `${alpha}/oncall/policies`, {
      name: 'DDoS',
      levels: [{ delaySeconds: 300, targets: [{ type: 'user', userId: owner.userId }] }],
    });
    await must(t, owner.auth, 'POST', `${alpha}/oncall/routing-rules`, {
      name: 'attacks',
      conditions: { sources: ['detection'] },
      policyId: policy.id,
    });
    const port = (hook.address() as { port: number }).port;
    await must(t, owner.auth, 'POST', '/me/notification-rules', {
      channel: 'webhook',
      target: `http://127.0.0.1:${port}/page`,
    });
    await must(
      t,
      owner.auth,
      'PUT',
      `${alpha}/status/page`,
      { slug: 'alpha', name: 'Alpha', published: true },
      200,
    );
    // An org-internal AMBER+STRICT indicator, to bravo only: charlie (same space) must never see it.
    await must(t, owner.auth, 'POST', `${alpha}/intel/indicators`, {
      vector: 'amp_dns',
      protocol: 'udp',
      sourcePorts: [53],
      reflectors: [{ address: '203.0.113.53', port: 53 }],
      target: '198.51.100.0/24',
      peakBps: 1e9,
      peakPps: 1e5,
      summary: 'strictly for bravo',
      spaceId: w.spaceId,
      tlp: 'AMBER+STRICT',
      recipientOrgIds: [w.orgIds.bravo],
    });
    collect = await startCollectRole(h.platform);
  });
  after(async () => {
    await collect?.close();
    for (const c of closers.reverse()) await c.close();
    hook?.close();
    await h?.close();
  });

  const streamOf = async (r: Reader) =>
    (
      await openSse(`${url}/api/v1/stream`, {
        headers: { cookie: `swimmy_session=${(w.auth[r] as { cookie: string }).cookie}` },
      })
    ).stream!;

  test('every step happens and every TLP rule holds', async () => {
    const s: Partial<Record<Reader, SseStream>> = {};
    for (const r of ['alphaOwner', 'bravoOwner', 'charlieOwner', 'deltaOwner', 'customerOwner'] as const)
      s[r] = await streamOf(r);
    const alpha = `/orgs/${w.orgIds.alpha}`;
    try {
      const flood = runSimulation({
        host: '127.0.0.1',
        port: collect.collector.netflowPort,
        protocol: 'v5',
        durationMs: 4000,
        seed: 5,
        background: { hosts: 20, ppsPerHost: 100 },
        attacks: [
          {
            vector: 'ntp',
            target: VICTIM,
            pps: 150_000,
            startMs: 300,
            durationMs: 3700,
            spoofed: false,
            sources: 20,
          },
        ],
      });
      const started = await s.alphaOwner!.next({
        timeoutMs: 15_000,
        filter: (f) => f.event === 'attack.started',
      });
      const attackId = JSON.parse(started.data!).data.id as string;
      const health = await s.customerOwner!.next({
        timeoutMs: 15_000,
        filter: (f) => f.event === 'health.resource' && (f.data ?? '').includes('"attacks":[{'),
      });
      assert.equal(JSON.parse(health.data!).data.health, 'degraded');
      const shared = await s.bravoOwner!.next({
        timeoutMs: 15_000,
        filter: (f) => f.event === 'intel.indicator.shared',
      });
      const indicator = JSON.parse(shared.data!).data.indicator;
      assert.equal(indicator.tlp, 'GREEN');
      assert.equal(indicator.target, '198.51.100.0/24');
      // The responder acknowledges once paged, and posts a public (CLEAR) update.
      const until = Date.now() + 15_000;
      while (pages.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.ok(pages.length > 0, 'the page reached the webhook receiver');
      const incidents = await must(t, w.auth.alphaOwner, 'GET', `${alpha}/incidents`);
      const inc = incidents.items.find((i: { dedupKey: string }) => i.dedupKey === `attack:${attackId}`);
      await must(t, w.auth.alphaOwner, 'POST', `${alpha}/incidents/${inc.id}/acknowledge`, {}, 200);
      await must(t, w.auth.alphaOwner, 'POST', `${alpha}/status/incidents`, {
        name: 'Network degraded',
        status: 'identified',
        body: 'We are mitigating an attack.',
      });
      await flood;
      await s.alphaOwner!.next({ timeoutMs: 15_000, filter: (f) => f.event === 'attack.ended' });

      // The end-to-end timeline: every step that can happen here did, in order.
      const tl = await must(t, w.auth.alphaOwner, 'GET', `${alpha}/attacks/${attackId}/timeline`);
      const at = (k: string) => tl.steps.find((x: { key: string }) => x.key === k)?.at;
      for (const k of [
        'first_datagram',
        'detected',
        'page_sent',
        'page_delivered',
        'acknowledged',
        'mitigation_proposed',
        'customer_health',
        'public_update',
        'shared_with_peers',
        'attack_ended',
      ])
        assert.ok(at(k), `${k} in the timeline`);
      assert.equal(tl.incidentId, inc.id);
      const viaIncident = await must(t, w.auth.alphaOwner, 'GET', `${alpha}/incidents/${inc.id}/end-to-end`);
      assert.equal(viaIncident.attackId, attackId);
      // The incident may resolve between the two reads (attack.ended resolves it): same steps, maybe one more time.
      assert.deepEqual(
        new Set(viaIncident.steps.map((x: { key: string }) => x.key)),
        new Set(tl.steps.map((x: { key: string }) => x.key)),
      );

      // Peers: the GREEN indicator, generalised; nothing internal; AMBER+STRICT only to bravo.
      const visible = (f: SseFrame) => !!f.event && !/^(ping|ready|hello)$/.test(f.event);
      for (const r of ['bravoOwner', 'charlieOwner', 'deltaOwner', 'customerOwner'] as const) {
        const frames = [...s[r]!.frames, ...(await s[r]!.drain(300))].filter(visible);
        assert.ok(
          !frames.some((f) => (r === 'customerOwner' ? PROVIDER_ONLY : INTERNAL).test(f.event!)),
          `${r} got no org-internal events`,
        );
        assert.ok(
          !frames.some((f) => (f.data ?? '').includes(VICTIM)) || r === 'customerOwner',
          `${r} never sees the victim address`,
        );
        if (r !== 'bravoOwner' && r !== 'charlieOwner')
          assert.ok(
            !frames.some((f) => /^intel\.|^post\.|^case\./.test(f.event!)),
            `${r} sees no consortium content`,
          );
      }
      for (const [r, n] of [
        ['bravoOwner', 2],
        ['charlieOwner', 1],
        ['deltaOwner', 0],
        ['customerOwner', 0],
      ] as const) {
        const list = await must(t, w.auth[r], 'GET', `/orgs/${w.orgOf[r]}/intel/indicators?scope=peers`);
        assert.equal(list.items.length, n, `${r} lists ${n} peer indicators`);
        assert.ok(!JSON.stringify(list).includes(VICTIM));
      }
      for (const r of ['bravoOwner', 'deltaOwner', 'customerOwner'] as const) {
        for (const path of [
          `${alpha}/attacks/${attackId}`,
          `${alpha}/attacks/${attackId}/timeline`,
          `${alpha}/incidents/${inc.id}`,
        ])
          await must(t, w.auth[r], 'GET', path, undefined, 404);
      }
      // The customer: its own resource's health, no indicator, no consortium space.
      const mine = await must(t, w.auth.customerOwner, 'GET', `/orgs/${w.orgIds.customer}/health/resources`);
      assert.deepEqual(
        mine.items.map((x: { identifier: string }) => x.identifier),
        [VICTIM],
      );
      assert.ok(
        !JSON.stringify(mine).includes('topSources') && !JSON.stringify(mine).includes('sampleFlows'),
      );
      assert.equal((await must(t, w.auth.customerOwner, 'GET', '/spaces')).items.length, 0);
      // The public: CLEAR only — the status update, never the address, indicator or case.
      for (const path of [
        '/status/alpha',
        '/status/alpha/api/v2/summary.json',
        '/status/alpha/history.atom',
      ]) {
        const res = await fetch(`${url}${path}`);
        assert.equal(res.status, 200, path);
        const body = await res.text();
        assert.match(body, /Network degraded/, `${path} shows the public update`);
        for (const secret of [
          VICTIM,
          '198.51.100.0/24',
          'NTP amplification',
          'strictly for bravo',
          'DDoS on',
        ])
          assert.ok(!body.includes(secret), `${path} does not show ${secret}`);
      }
    } finally {
      for (const x of Object.values(s)) x?.close();
    }
  });
});
