import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call } from '../../../test/helpers/app.ts';
import { SIGNATURE_HEADER, verifySignature } from '../../notify/index.ts';
import { must, raw } from '../../spaces/testing.ts';
import { eventually } from '../testing.ts';
import { type SubscriptionWorld, subscriptionWorld } from './testing.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies loosely
const json = (body: string): any => JSON.parse(body);

describe('webhook subscriptions: Statuspage payloads, signed, retried, logged', () => {
  let w: SubscriptionWorld;
  let compute: string;
  let secret: string;
  let subscriberId: string;
  before(async () => {
    w = await subscriptionWorld();
    compute = (await must(w.t, w.owner, 'POST', `${w.base}/components`, { name: 'Compute par1' })).id;
    const made = await must(w.t, w.owner, 'POST', `${w.base}/subscribers`, {
      kind: 'webhook',
      url: w.sink.url('/hooks/all'),
    });
    secret = made.secret;
    subscriberId = made.subscriber.id;
    assert.equal(made.subscriber.state, 'confirmed');
    assert.ok(secret.length >= 32);
  });
  after(() => w?.close());

  it('refuses URLs webhooks may not reach, and unusable ones, with 400', async () => {
    for (const url of [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/x',
      'http://192.168.1.1/x',
      'http://0.0.0.0/x',
      'ftp://127.0.0.1/x',
      'http://user:pw@127.0.0.1/x',
      'not a url',
    ]) {
      const res = await raw(w.t, w.owner, 'POST', `${w.base}/subscribers`, { kind: 'webhook', url });
      assert.equal(res.statusCode, 400, url);
      assert.ok(res.json().error.message.length > 10, url);
    }
    const twice = await raw(w.t, w.owner, 'POST', `${w.base}/subscribers`, {
      kind: 'webhook',
      url: w.sink.url('/hooks/all'),
    });
    assert.equal(twice.statusCode, 409);
    const unknown = await raw(w.t, w.owner, 'POST', `${w.base}/subscribers`, {
      kind: 'webhook',
      url: w.sink.url('/x'),
      componentIds: ['nosuchcomponent'],
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal((await call(w.t.app, { url: `/api/v1${w.base}/subscribers` })).statusCode, 401);
  });

  it('posts each update as a signed Statuspage incident payload in a versioned envelope', async () => {
    const inc = await must(w.t, w.owner, 'POST', `${w.base}/incidents`, {
      name: 'KPTI reboots',
      body: 'Update #1: rebooting par1 hosts.',
      components: { [compute]: 'under_maintenance' },
    });
    await must(w.t, w.owner, 'POST', `${w.base}/incidents/${inc.id}/updates`, {
      status: 'monitoring',
      body: 'All par1 hosts run the patched kernel.',
    });
    const hook = await eventually(
      async () =>
        w.sink
          .at('/hooks/all')
          .find((h) => json(h.body).data.payload.incident?.incident_updates.length === 2),
      'the second update',
    );
    assert.ok(
      verifySignature(secret, hook.body, hook.headers[SIGNATURE_HEADER] as string),
      'HMAC-SHA256 signature',
    );
    assert.ok(!verifySignature('wrong', hook.body, hook.headers[SIGNATURE_HEADER] as string));
    const body = json(hook.body);
    assert.equal(body.type, 'status.incident.updated');
    assert.equal(body.data.version, 1);
    assert.deepEqual(Object.keys(body.data.payload).sort(), ['incident', 'meta', 'page']);
    assert.match(body.data.payload.meta.unsubscribe, /^http:\/\/swimmy\.test\/status\/acme\/unsubscribe\//);
    assert.deepEqual(Object.keys(body.data.payload.page), ['id', 'status_indicator', 'status_description']);
    const incident = body.data.payload.incident;
    assert.equal(incident.id, inc.id);
    assert.equal(incident.status, 'monitoring');
    assert.deepEqual(
      incident.incident_updates.map((u: { body: string }) => u.body),
      ['All par1 hosts run the patched kernel.', 'Update #1: rebooting par1 hosts.'],
      'newest first',
    );
    assert.equal(incident.components[0].id, compute);
  });

  it('posts component changes made by hand as component_update payloads', async () => {
    await must(w.t, w.owner, 'PATCH', `${w.base}/components/${compute}`, { status: 'degraded_performance' });
    const hook = await eventually(
      async () => w.sink.at('/hooks/all').find((h) => json(h.body).data.payload.component_update),
      'the component update',
    );
    const payload = json(hook.body).data.payload;
    assert.equal(json(hook.body).type, 'status.component.updated');
    assert.equal(payload.component_update.component_id, compute);
    assert.equal(payload.component_update.old_status, 'under_maintenance');
    assert.equal(payload.component_update.new_status, 'degraded_performance');
    assert.deepEqual(Object.keys(payload.component), ['created_at', 'id', 'name', 'status']);
  });

  it('tells maintenance start and completion as they happen by themselves', async () => {
    const now = Date.now();
    const m = await must(w.t, w.owner, 'POST', `${w.base}/maintenances`, {
      name: 'Hypervisor patch par1',
      body: 'Xen XSA-254 patch.',
      scheduledFor: new Date(now + 300).toISOString(),
      scheduledUntil: new Date(now + 900).toISOString(),
      componentIds: [compute],
    });
    const statuses = () =>
      w.sink
        .at('/hooks/all')
        .map((h) => json(h.body).data.payload.incident)
        .filter((i) => i?.id === m.id)
        .map((i) => i.status);
    await eventually(async () => statuses().includes('completed'), 'completion', 10_000);
    assert.deepEqual([...new Set(statuses())].sort(), ['completed', 'in_progress', 'scheduled']);
  });

  it('retries a failing endpoint and logs every delivery per subscriber', async () => {
    w.sink.state.failFirst = 2;
    await must(w.t, w.owner, 'POST', `${w.base}/incidents`, { name: 'Retry me', body: 'Hello again.' });
    const log = await eventually(async () => {
      const items = (await must(w.t, w.owner, 'GET', `${w.base}/subscribers/${subscriberId}/deliveries`))
        .items;
      const latest = items[0];
      return latest?.status === 'delivered' && latest.attempts === 3 ? items : false;
    }, 'a delivery after two failures');
    assert.ok(log.length >= 5);
    assert.ok(log.every((d: { channel: string }) => d.channel === 'webhook'));
  });

  it('lists subscribers with counts and removes them', async () => {
    const other = await must(w.t, w.owner, 'POST', `${w.base}/subscribers`, {
      kind: 'webhook',
      url: w.sink.url('/hooks/compute'),
      componentIds: [compute],
    });
    await must(
      w.t,
      w.owner,
      'POST',
      `${w.base}/subscribers`,
      { kind: 'email', email: 'ops@example.com' },
      202,
    );
    let list = await must(w.t, w.owner, 'GET', `${w.base}/subscribers`);
    assert.deepEqual(list.counts, {
      email: { pending: 1, confirmed: 0 },
      webhook: { pending: 0, confirmed: 2 },
      total: 3,
    });
    assert.ok(
      list.items.every((s: Record<string, unknown>) => !('secret' in s)),
      'secrets are never listed',
    );
    await must(w.t, w.owner, 'DELETE', `${w.base}/subscribers/${other.subscriber.id}`, undefined, 204);
    list = await must(w.t, w.owner, 'GET', `${w.base}/subscribers`);
    assert.equal(list.counts.total, 2);
    assert.equal(
      (await raw(w.t, w.owner, 'DELETE', `${w.base}/subscribers/${other.subscriber.id}`)).statusCode,
      404,
    );
  });
});
