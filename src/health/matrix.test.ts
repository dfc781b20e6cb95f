import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Auth, call, createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { openSse, type SseStream } from '../../test/helpers/sse.ts';
import { startHealth } from './index.ts';
import { api, attackEvent, type HealthWorld, healthWorld } from './testing.ts';

/**
 * Who may read what, on every read path: REST lists and details on both sides, problem reports,
 * and the live stream. Provider roles × the customer's people × another customer's people × an
 * org that is nobody's customer.
 */

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('health access matrix', () => {
  let t: TestApp;
  let w: HealthWorld;
  let stop: () => Promise<void>;
  let url: string;
  const hostAttack = randomUUID();
  const wideAttack = randomUUID();
  const otherAttack = randomUUID();
  let reportId: string;

  before(async () => {
    t = await createTestApp();
    const runner = startHealth(t.platform);
    stop = () => runner.close();
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    w = await healthWorld(t.app);
    const bus = t.platform.bus;
    // To bitbucket's address; to a provider prefix that merely contains it; to othercorp's address.
    await bus.publish(attackEvent(w.provider.orgId, { id: hostAttack, target: '198.51.100.7' }));
    await bus.publish(
      attackEvent(w.provider.orgId, { id: wideAttack, target: '198.51.100.0/24', scope: 'prefix' }),
    );
    await bus.publish(attackEvent(w.provider.orgId, { id: otherAttack, target: '198.51.100.8' }));
    await eventually('the attacks to be projected', async () => {
      const r = await api(t.app, w.other.owner.auth, 'GET', `/orgs/${w.other.orgId}/health/resources`);
      return r.items[0]?.attacks.length ? true : undefined;
    });
    reportId = (
      await api(t.app, w.bitbucket.responder.auth, 'POST', `/orgs/${w.bitbucket.orgId}/health/reports`, {
        resourceId: w.resources.address.id,
        kind: 'unreachable',
        description: 'our site is down',
      })
    ).id;
  });
  after(async () => {
    await stop();
    await t.close();
  });

  type Who = [string, Auth];
  const people = (): Who[] => [
    ['provider owner', w.provider.owner.auth],
    ['provider admin', w.provider.admin.auth],
    ['provider responder', w.provider.responder.auth],
    ['provider viewer', w.provider.viewer.auth],
    ['customer owner', w.bitbucket.owner.auth],
    ['customer responder', w.bitbucket.responder.auth],
    ['customer viewer', w.bitbucket.viewer.auth],
    ['other customer', w.other.owner.auth],
    ['outsider', w.outsider.owner.auth],
    ['anonymous', null],
  ];
  const status = async (auth: Auth, path: string) =>
    (await call(t.app, { url: `/api/v1${path}`, auth })).statusCode;

  test('REST read paths answer only to the side they belong to', async () => {
    const paths: Array<[string, string, (who: string) => number]> = [
      [
        'customer list',
        `/orgs/${w.bitbucket.orgId}/health/resources`,
        (who) => (who.startsWith('customer') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'customer detail',
        `/orgs/${w.bitbucket.orgId}/health/resources/${w.resources.address.id}`,
        (who) => (who.startsWith('customer') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'customer reports',
        `/orgs/${w.bitbucket.orgId}/health/reports`,
        (who) => (who.startsWith('customer') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'customer report',
        `/orgs/${w.bitbucket.orgId}/health/reports/${reportId}`,
        (who) => (who.startsWith('customer') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'provider customers',
        `/orgs/${w.provider.orgId}/customers`,
        (who) => (who.startsWith('provider') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'provider health',
        `/orgs/${w.provider.orgId}/customers/${w.bitbucket.orgId}/health`,
        (who) => (who.startsWith('provider') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'provider reports',
        `/orgs/${w.provider.orgId}/customer-reports`,
        (who) => (who.startsWith('provider') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
      [
        'provider report',
        `/orgs/${w.provider.orgId}/customer-reports/${reportId}`,
        (who) => (who.startsWith('provider') ? 200 : who === 'anonymous' ? 401 : 404),
      ],
    ];
    for (const [name, path, want] of paths) {
      for (const [who, auth] of people())
        assert.equal(await status(auth, path), want(who), `${name} as ${who}`);
    }
  });

  test("another customer's resource or report does not exist through one's own org", async () => {
    const other = w.other.owner.auth;
    assert.equal(
      await status(other, `/orgs/${w.other.orgId}/health/resources/${w.resources.address.id}`),
      404,
    );
    assert.equal(await status(other, `/orgs/${w.other.orgId}/health/reports/${reportId}`), 404);
    const res = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${w.other.orgId}/health/reports`,
      auth: other,
      body: { resourceId: w.resources.address.id, kind: 'slow', description: 'x' },
    });
    assert.equal(res.statusCode, 404);
  });

  test('customers see attacks on their own addresses only, and no provider-internal detail', async () => {
    const mine = await api(
      t.app,
      w.bitbucket.viewer.auth,
      'GET',
      `/orgs/${w.bitbucket.orgId}/health/resources`,
    );
    const address = mine.items.find((r: { id: string }) => r.id === w.resources.address.id);
    assert.deepEqual(
      address.attacks.map((a: { id: string }) => a.id),
      [hostAttack],
    );
    assert.equal(address.health, 'degraded');
    assert.match(
      address.summary,
      /^We see a 2\.3 Mpps UDP flood to 198\.51\.100\.7 since \d\d:\d\d UTC; no mitigation yet\.$/,
    );
    const text = JSON.stringify(mine);
    for (const leak of [
      otherAttack,
      wideAttack,
      '198.51.100.8',
      '203.0.113.99',
      'topSources',
      'thresholds',
      'sampleFlows',
    ])
      assert.ok(!text.includes(leak), `customer view leaks ${leak}`);
    const theirs = await api(t.app, w.other.owner.auth, 'GET', `/orgs/${w.other.orgId}/health/resources`);
    assert.ok(!JSON.stringify(theirs).includes(hostAttack));
  });

  test("customers never see the provider's incident text; the provider does", async () => {
    const asCustomer = await api(
      t.app,
      w.bitbucket.owner.auth,
      'GET',
      `/orgs/${w.bitbucket.orgId}/health/reports/${reportId}`,
    );
    const asProvider = await api(
      t.app,
      w.provider.viewer.auth,
      'GET',
      `/orgs/${w.provider.orgId}/customer-reports/${reportId}`,
    );
    assert.equal(asProvider.paged, true);
    assert.ok(asProvider.incidentId);
    assert.ok(!('incidentId' in asCustomer) && !('pagedReason' in asCustomer));
    const incidents = await eventually('the report incident on the resource', async () => {
      const d = await api(
        t.app,
        w.provider.viewer.auth,
        'GET',
        `/orgs/${w.provider.orgId}/customers/${w.bitbucket.orgId}/health`,
      );
      const r = d.items.find((x: { id: string }) => x.id === w.resources.address.id);
      return r.incidents.length ? r.incidents : undefined;
    });
    assert.ok(incidents.every((i: { summary?: string }) => typeof i.summary === 'string'));
    const customerView = await api(
      t.app,
      w.bitbucket.owner.auth,
      'GET',
      `/orgs/${w.bitbucket.orgId}/health/resources/${w.resources.address.id}`,
    );
    assert.ok(customerView.incidents.length > 0);
    assert.ok(customerView.incidents.every((i: object) => !('summary' in i)));
  });

  test('live stream: a health change reaches the customer, not other customers or outsiders', async () => {
    const streams: Record<string, SseStream> = {};
    const open = async (name: string, auth: { cookie: string }) => {
      const res = await openSse(`${url}/api/v1/stream`, {
        headers: { cookie: `swimmy_session=${auth.cookie}` },
      });
      assert.equal(res.status, 200);
      streams[name] = res.stream!;
    };
    await open('customer viewer', w.bitbucket.viewer.auth);
    await open('other customer', w.other.owner.auth);
    await open('outsider', w.outsider.owner.auth);
    await open('provider viewer', w.provider.viewer.auth);
    try {
      await new Promise((r) => setTimeout(r, 100));
      await t.platform.bus.publish(
        attackEvent(w.provider.orgId, { id: hostAttack, target: '198.51.100.7', pps: 3_100_000 }),
      );
      const isHealth = (f: { event?: string }) => f.event === 'health.resource';
      const got = await streams['customer viewer']!.next({ filter: isHealth, timeoutMs: 5000 });
      const data = JSON.parse(got.data!).data;
      assert.equal(data.id, w.resources.address.id);
      assert.match(data.summary, /3\.1 Mpps UDP flood to 198\.51\.100\.7/);
      assert.deepEqual(data.attacks[0].vectors, ['total', 'udp']);
      for (const name of ['other customer', 'outsider', 'provider viewer']) {
        const leaked = await streams[name]!.drain(
          300,
          (f) => f.event?.startsWith('health.') === true && (f.data ?? '').includes(w.resources.address.id),
        );
        assert.deepEqual(leaked, [], `${name} received bitbucket's health`);
      }
      // The raw attack event (AMBER, provider's) reaches the provider, never a customer.
      const raw = await streams['customer viewer']!.drain(
        100,
        (f) => f.event?.startsWith('attack.') === true,
      );
      assert.deepEqual(raw, []);
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });

  test('report paths: viewers cannot report, providers cannot report as customers, customers cannot respond', async () => {
    const report = (auth: Auth, orgId: string) =>
      call(t.app, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/health/reports`,
        auth,
        body: { resourceId: w.resources.volume.id, kind: 'slow', description: 'slow' },
      });
    assert.equal((await report(w.bitbucket.viewer.auth, w.bitbucket.orgId)).statusCode, 403);
    assert.equal((await report(w.provider.owner.auth, w.bitbucket.orgId)).statusCode, 404);
    const respond = (auth: Auth, orgId: string) =>
      call(t.app, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/customer-reports/${reportId}/respond`,
        auth,
        body: { message: 'looking' },
      });
    assert.equal((await respond(w.bitbucket.owner.auth, w.provider.orgId)).statusCode, 404);
    assert.equal((await respond(w.bitbucket.owner.auth, w.bitbucket.orgId)).statusCode, 404);
    assert.equal((await respond(w.provider.viewer.auth, w.provider.orgId)).statusCode, 403);
  });
});
