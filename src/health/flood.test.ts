import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../test/helpers/app.ts';
import { openSse } from '../../test/helpers/sse.ts';
import { type CollectRole, startCollectRole } from '../detection/collect-role.ts';
import { loopbackCollectorConfig } from '../detection/testing.ts';
import { runSimulation } from '../flows/simulator/run.ts';
import { type OncallHarness, oncallHarness } from '../oncall/testing.ts';
import { type HealthRunner, startHealth } from './index.ts';
import { api, type HealthWorld, healthWorld } from './testing.ts';

/**
 * The bitbucket story over real sockets: the flow simulator floods a customer's address over
 * loopback, the collector and detector see it, and the customer's own live stream says so,
 * with the vector and the rate, within seconds. Then the customer reports the address
 * unreachable and on-call is paged with the evidence; a human acknowledging it is the first
 * response the customer sees.
 */
describe('flood to a customer address → customer health, report → page', () => {
  let h: OncallHarness;
  let w: HealthWorld;
  let collect: CollectRole;
  let health: HealthRunner;
  let url: string;

  before(async () => {
    h = await oncallHarness({
      config: loopbackCollectorConfig('acme'),
    });
    health = startHealth(h.platform);
    url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    w = await healthWorld(h.app);
    collect = await startCollectRole(h.platform);
  });
  after(async () => {
    await collect?.close();
    await health?.close();
    await h?.close();
  });

  test('the customer sees the UDP flood on its address within seconds, with rate and samples', async () => {
    const sse = await openSse(`${url}/api/v1/stream`, {
      headers: { cookie: `swimmy_session=${w.bitbucket.viewer.auth.cookie}` },
    });
    const stream = sse.stream!;
    let firstAttackDatagram = 0;
    let detectedAt = 0;
    const unsubscribe = h.platform.bus.subscribe((e) => {
      if (e.type === 'attack.started' && detectedAt === 0) detectedAt = Date.now();
    });
    try {
      const flood = runSimulation({
        host: '127.0.0.1',
        port: collect.collector.netflowPort,
        protocol: 'v5',
        durationMs: 4000,
        seed: 7,
        background: { hosts: 20, ppsPerHost: 100 },
        attacks: [
          {
            vector: 'udp',
            target: '198.51.100.7',
            pps: 200_000,
            startMs: 300,
            durationMs: 3700,
            spoofed: true,
            sources: 50,
          },
        ],
        onAttackStart: (_i, at) => {
          firstAttackDatagram = at;
        },
      });
      const frame = await stream.next({
        timeoutMs: 10_000,
        filter: (f) => f.event === 'health.resource' && (f.data ?? '').includes('"attacks":[{'),
      });
      const seenAt = Date.now();
      const view = JSON.parse(frame.data!).data;
      assert.equal(view.id, w.resources.address.id);
      assert.equal(view.health, 'degraded');
      assert.ok(view.attacks[0].vectors.includes('udp'), view.attacks[0].vectors.join());
      assert.match(
        view.summary,
        /^We see an? [\d.]+ kpps UDP flood to 198\.51\.100\.7 since \d\d:\d\d UTC; /,
      );
      const delay = seenAt - firstAttackDatagram;
      console.log(
        `# flood → customer live stream: ${delay} ms (attack.started → customer: ${seenAt - detectedAt} ms)`,
      );
      assert.ok(delay < 5000, `took ${delay} ms`);
      await flood;
    } finally {
      unsubscribe();
      stream.close();
    }
    const detail = await api(
      h.app,
      w.bitbucket.viewer.auth,
      'GET',
      `/orgs/${w.bitbucket.orgId}/health/resources/${w.resources.address.id}`,
    );
    assert.ok(detail.attacks[0].samples.length >= 2, 'rate samples for the graph');
    assert.ok(detail.attacks[0].samples.every((s: { pps: number }) => s.pps > 0));
  });

  test('a report for the attacked address pages on-call with the evidence; the ack is the first response', async () => {
    const report = await api(
      h.app,
      w.bitbucket.responder.auth,
      'POST',
      `/orgs/${w.bitbucket.orgId}/health/reports`,
      {
        resourceId: w.resources.address.id,
        kind: 'unreachable',
        description: 'Our site at 198.51.100.7 is unreachable since a few minutes.',
      },
    );
    assert.equal(report.state, 'investigating');
    assert.equal(report.paged, true);
    assert.equal(report.evidence.agrees, true);
    assert.equal(report.evidence.attacks[0].target, '198.51.100.7');
    const incidents = await api(
      h.app,
      w.provider.responder.auth,
      'GET',
      `/orgs/${w.provider.orgId}/incidents`,
    );
    const inc = incidents.items.find((i: { source: string }) => i.source === 'customer-report');
    assert.ok(inc, 'an incident from the customer report');
    assert.match(inc.summary, /Org bitbucket reports "unreachable" on address 198\.51\.100\.7: We see a/);
    const detail = await api(
      h.app,
      w.provider.responder.auth,
      'GET',
      `/orgs/${w.provider.orgId}/incidents/${inc.id}`,
    );
    assert.equal(detail.details.evidence.attacks[0].target, '198.51.100.7');
    assert.equal(detail.details.reportId, report.id);
    // The owners are paged (no routing rule: the org owners get it).
    const paged = await waitFor(async () => {
      const d = await api(
        h.app,
        w.provider.responder.auth,
        'GET',
        `/orgs/${w.provider.orgId}/incidents/${inc.id}`,
      );
      return d.timeline.some(
        (e: { kind: string }) => e.kind === 'paged' || e.kind === 'notified' || e.kind === 'unrouted',
      )
        ? d
        : undefined;
    });
    assert.ok(paged);
    assert.equal(report.firstResponseAt, null);
    const ack = await call(h.app, {
      method: 'POST',
      url: `/api/v1/orgs/${w.provider.orgId}/incidents/${inc.id}/acknowledge`,
      auth: w.provider.responder.auth,
      body: {},
    });
    assert.ok(ack.statusCode < 300, ack.body);
    const answered = await waitFor(async () => {
      const r = await api(
        h.app,
        w.bitbucket.viewer.auth,
        'GET',
        `/orgs/${w.bitbucket.orgId}/health/reports/${report.id}`,
      );
      return r.firstResponseAt ? r : undefined;
    });
    assert.ok(answered.firstResponseSeconds >= 0);
    assert.equal(answered.state, 'investigating');
  });

  test('a report with no evidence waits in the queue; "always page" pages anyway', async () => {
    const quiet = await api(
      h.app,
      w.bitbucket.responder.auth,
      'POST',
      `/orgs/${w.bitbucket.orgId}/health/reports`,
      {
        resourceId: w.resources.prefix.id,
        kind: 'slow',
        description: 'slow',
      },
    );
    assert.equal(quiet.state, 'received');
    assert.equal(quiet.paged, false);
    await api(h.app, w.provider.admin.auth, 'PUT', `/orgs/${w.provider.orgId}/customer-health/settings`, {
      alwaysPage: true,
      lookbackMinutes: 10,
    });
    const loud = await api(
      h.app,
      w.bitbucket.responder.auth,
      'POST',
      `/orgs/${w.bitbucket.orgId}/health/reports`,
      {
        resourceId: w.resources.prefix.id,
        kind: 'slow',
        description: 'still slow',
      },
    );
    assert.equal(loud.paged, true);
    assert.equal(loud.evidence.agrees, false);
    const queue = await api(
      h.app,
      w.provider.viewer.auth,
      'GET',
      `/orgs/${w.provider.orgId}/customer-reports`,
    );
    assert.equal(
      queue.items.find((r: { id: string }) => r.id === loud.id).pagedReason,
      'provider policy: always page',
    );
    const answered = await api(
      h.app,
      w.provider.responder.auth,
      'POST',
      `/orgs/${w.provider.orgId}/customer-reports/${quiet.id}/respond`,
      {
        message: 'We are looking at the storage network.',
        state: 'confirmed',
      },
      200,
    );
    assert.equal(answered.state, 'confirmed');
    assert.ok(answered.firstResponseSeconds !== null);
    const mine = await api(
      h.app,
      w.bitbucket.viewer.auth,
      'GET',
      `/orgs/${w.bitbucket.orgId}/health/reports/${quiet.id}`,
    );
    assert.equal(mine.responses[0].message, 'We are looking at the storage network.');
    for (const [body, why] of [
      [{ resourceId: w.resources.prefix.id, kind: 'slow', description: 'x'.repeat(2001) }, 'too long'],
      [{ resourceId: w.resources.prefix.id, kind: 'haunted', description: 'boo' }, 'unknown kind'],
      [{ resourceId: w.resources.prefix.id, kind: 'slow', description: '   ' }, 'empty'],
      [{ resourceId: w.resources.prefix.id, kind: 'slow', description: 'a\u0007b' }, 'control character'],
      [{ resourceId: 'nope', kind: 'slow', description: 'x' }, 'bad id'],
    ] as const) {
      const res = await call(h.app, {
        method: 'POST',
        url: `/api/v1/orgs/${w.bitbucket.orgId}/health/reports`,
        auth: w.bitbucket.responder.auth,
        body,
      });
      assert.equal(res.statusCode, 400, `${why}: ${res.body}`);
    }
  });
});

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
