import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { type HealthRunner, startHealth } from './index.ts';
import { api, type HealthWorld, healthWorld } from './testing.ts';

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Status-page incidents show on the resources tied to their components, with their public title. */
describe('status-page incidents on customer resources', () => {
  let t: TestApp;
  let w: HealthWorld;
  let runner: HealthRunner;
  before(async () => {
    t = await createTestApp();
    runner = startHealth(t.platform);
    w = await healthWorld(t.app);
  });
  after(async () => {
    await runner.close();
    await t.close();
  });

  test('an incident on a component degrades the resources in it until it is resolved', async () => {
    const owner = w.provider.owner.auth;
    const base = `/orgs/${w.provider.orgId}/status`;
    await api(
      t.app,
      owner,
      'PUT',
      `${base}/page`,
      { slug: 'acme', name: 'Acme Cloud', published: true },
      200,
    );
    const storage = await api(t.app, owner, 'POST', `${base}/components`, { name: 'Block storage' });
    const compute = await api(t.app, owner, 'POST', `${base}/components`, { name: 'Compute' });
    const volume = await api(
      t.app,
      w.provider.admin.auth,
      'PUT',
      `/orgs/${w.provider.orgId}/resources/${w.resources.volume.id}`,
      {
        kind: 'volume',
        identifier: 'vol-1',
        region: 'fr-par',
        componentId: storage.id,
      },
    );
    assert.equal(volume.componentId, storage.id);
    const other = await api(
      t.app,
      w.provider.admin.auth,
      'POST',
      `/orgs/${w.provider.orgId}/customers/${w.other.orgId}/resources`,
      {
        kind: 'instance',
        identifier: 'i-42',
        componentId: compute.id,
      },
    );
    const inc = await api(t.app, owner, 'POST', `${base}/incidents`, {
      name: 'Elevated latency on block storage',
      body: 'We are investigating.',
      components: { [storage.id]: 'degraded_performance' },
    });
    const view = (orgId: string, id: string, auth = w.bitbucket.viewer.auth) =>
      api(t.app, auth, 'GET', `/orgs/${orgId}/health/resources/${id}`);
    const degraded = await eventually('the volume to show the incident', async () => {
      const v = await view(w.bitbucket.orgId, w.resources.volume.id);
      return v.incidents.length ? v : undefined;
    });
    assert.equal(degraded.health, 'degraded');
    assert.deepEqual(
      degraded.incidents.map((i: { summary: string; public: boolean }) => [i.summary, i.public]),
      [['Elevated latency on block storage', true]],
    );
    // The other customer's instance is in another component: untouched.
    const untouched = await view(w.other.orgId, other.id, w.other.owner.auth);
    assert.equal(untouched.incidents.length, 0);
    assert.equal(untouched.health, 'available');

    await api(t.app, owner, 'POST', `${base}/incidents/${inc.id}/updates`, {
      status: 'resolved',
      body: 'Fixed.',
      components: { [storage.id]: 'operational' },
    });
    const fine = await eventually('the incident to close', async () => {
      const v = await view(w.bitbucket.orgId, w.resources.volume.id);
      return v.incidents.length === 0 ? v : undefined;
    });
    assert.equal(fine.health, 'available');
    assert.equal(
      (
        await call(t.app, {
          url: `/api/v1/orgs/${w.other.orgId}/health/resources/${w.resources.volume.id}`,
          auth: w.other.owner.auth,
        })
      ).statusCode,
      404,
    );
  });
});
