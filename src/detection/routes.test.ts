import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, login, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { insertTestAttack } from './testing.ts';

describe('detection API', () => {
  let t: TestApp;
  let own: Awaited<ReturnType<typeof setupFirstOrg>>;
  let otherOrgId: string;
  before(async () => {
    t = await createTestApp();
    own = await setupFirstOrg(t.app, 'acme');
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/orgs',
      auth: own.auth,
      body: { name: 'Other', handle: 'other' },
    });
    otherOrgId = res.json().id;
  });
  after(() => t.close());

  test('lists attacks newest first, filters by state, pages with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await insertTestAttack(t.platform.db, own.orgId, {
          startedAtMs: Date.now() - 60_000 + i * 1000,
          state: i % 2 ? 'ended' : 'active',
        }),
      );
    }
    const url = `/api/v1/orgs/${own.orgId}/attacks`;
    const all = await call(t.app, { url: `${url}?limit=2`, auth: own.auth });
    assert.equal(all.statusCode, 200);
    const first = all.json();
    assert.deepEqual(
      first.items.map((a: { id: string }) => a.id),
      [ids[4], ids[3]],
    );
    const next = await call(t.app, { url: `${url}?limit=2&cursor=${first.nextCursor}`, auth: own.auth });
    assert.deepEqual(
      next.json().items.map((a: { id: string }) => a.id),
      [ids[2], ids[1]],
    );
    const ended = await call(t.app, { url: `${url}?state=ended`, auth: own.auth });
    assert.deepEqual(
      ended.json().items.map((a: { id: string }) => a.id),
      [ids[3], ids[1]],
    );
    const bad = await call(t.app, { url: `${url}?state=bogus`, auth: own.auth });
    assert.equal(bad.statusCode, 400);
    const badCursor = await call(t.app, { url: `${url}?cursor=nope`, auth: own.auth });
    assert.equal(badCursor.statusCode, 400);
  });

  test('one attack with its samples; other orgs and strangers see nothing', async () => {
    const id = await insertTestAttack(t.platform.db, own.orgId);
    const res = await call(t.app, { url: `/api/v1/orgs/${own.orgId}/attacks/${id}`, auth: own.auth });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.classification, 'UDP amplification: NTP');
    assert.equal(body.orgId, own.orgId);
    assert.ok(body.samples.some((s: { vector: string }) => s.vector === 'amp_ntp'));
    assert.equal(body.collector, undefined, 'internal columns are not presented');
    // The attack belongs to acme: asking through another org (even one we are in) finds nothing.
    const viaOther = await call(t.app, { url: `/api/v1/orgs/${otherOrgId}/attacks/${id}`, auth: own.auth });
    assert.equal(viaOther.statusCode, 404);
    const anonymous = await call(t.app, { url: `/api/v1/orgs/${own.orgId}/attacks/${id}` });
    assert.equal(anonymous.statusCode, 401);
    const missing = await call(t.app, {
      url: `/api/v1/orgs/${own.orgId}/attacks/00000000-0000-4000-8000-000000000000`,
      auth: own.auth,
    });
    assert.equal(missing.statusCode, 404);
  });

  test('a member of another org gets 404 for this org; collectors are listed per org', async () => {
    const added = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${otherOrgId}/members`,
      auth: own.auth,
      body: { email: 'outsider@other.test', name: 'Outsider', role: 'owner' },
    });
    assert.equal(added.statusCode, 201, added.body);
    const outsider = await login(t.app, 'outsider@other.test', added.json().initialPassword);
    for (const path of ['attacks', 'collectors']) {
      const res = await call(t.app, { url: `/api/v1/orgs/${own.orgId}/${path}`, auth: outsider });
      assert.equal(res.statusCode, 404, path);
    }
    const theirs = await call(t.app, { url: `/api/v1/orgs/${otherOrgId}/attacks`, auth: outsider });
    assert.deepEqual(theirs.json().items, []);
    const collectors = await call(t.app, { url: `/api/v1/orgs/${own.orgId}/collectors`, auth: own.auth });
    assert.equal(collectors.statusCode, 200);
    assert.deepEqual(collectors.json(), { items: [] });
  });
});
