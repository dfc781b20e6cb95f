import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { api, type HealthWorld, healthWorld } from './testing.ts';

describe('health API: customers, resources, CSV import', () => {
  let t: TestApp;
  let w: HealthWorld;
  before(async () => {
    t = await createTestApp();
    w = await healthWorld(t.app);
  });
  after(() => t.close());

  const base = () => `/orgs/${w.provider.orgId}`;
  const csv = (body: string, query = '', auth = w.provider.admin.auth) =>
    call(t.app, {
      method: 'POST',
      url: `/api/v1${base()}/customers/${w.bitbucket.orgId}/resources/import${query}`,
      auth,
      body,
      headers: { 'content-type': 'text/csv' },
    });

  test('customers are listed with their resource counts', async () => {
    const list = await api(t.app, w.provider.viewer.auth, 'GET', `${base()}/customers`);
    assert.deepEqual(
      list.items.map((c: { handle: string; resourceCount: number }) => [c.handle, c.resourceCount]),
      [
        ['bitbucket', 3],
        ['othercorp', 1],
      ],
    );
  });

  test('linking: unknown handles, self and twice are refused', async () => {
    const link = (handle: string) =>
      call(t.app, {
        method: 'POST',
        url: `/api/v1${base()}/customers`,
        auth: w.provider.admin.auth,
        body: { handle },
      });
    assert.equal((await link('nobody-here')).statusCode, 400);
    assert.equal((await link('acme')).statusCode, 400);
    assert.equal((await link('bitbucket')).statusCode, 409);
    const asResponder = await call(t.app, {
      method: 'POST',
      url: `/api/v1${base()}/customers`,
      auth: w.provider.responder.auth,
      body: { handle: 'outsider' },
    });
    assert.equal(asResponder.statusCode, 403);
  });

  test('resources are validated strictly and stored canonically', async () => {
    const post = (body: object) =>
      call(t.app, {
        method: 'POST',
        url: `/api/v1${base()}/customers/${w.bitbucket.orgId}/resources`,
        auth: w.provider.admin.auth,
        body,
      });
    for (const [kind, identifier] of [
      ['address', '198.51.100.300'],
      ['address', '010.1.1.1'],
      ['address', 'example.com'],
      ['address', 'fe80::1%eth0'],
      ['prefix', '198.51.100.7/24'],
      ['prefix', '2001:db8::/129'],
      ['instance', '   '],
      ['instance', 'a\u0000b'],
    ]) {
      const res = await post({ kind, identifier });
      assert.equal(res.statusCode, 400, `${kind} ${identifier}: ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
    }
    assert.equal((await post({ kind: 'galaxy', identifier: 'x' })).statusCode, 400);
    assert.equal((await post({ kind: 'address', identifier: '192.0.2.1', extra: 1 })).statusCode, 400);
    const v6 = await post({ kind: 'address', identifier: '2001:DB8:0:0::00A1', region: 'nl-ams' });
    assert.equal(v6.statusCode, 201, v6.body);
    assert.equal(v6.json().identifier, '2001:db8::a1');
    const again = await post({ kind: 'address', identifier: '2001:db8::a1' });
    assert.equal(again.statusCode, 409);
    // Another customer cannot get the same address either: one owner per resource.
    const stolen = await call(t.app, {
      method: 'POST',
      url: `/api/v1${base()}/customers/${w.other.orgId}/resources`,
      auth: w.provider.admin.auth,
      body: { kind: 'address', identifier: '2001:db8::a1' },
    });
    assert.equal(stolen.statusCode, 409);
    const put = await api(t.app, w.provider.admin.auth, 'PUT', `${base()}/resources/${v6.json().id}`, {
      kind: 'address',
      identifier: '2001:db8::a2',
      name: 'renamed',
    });
    assert.equal(put.name, 'renamed');
    await api(t.app, w.provider.admin.auth, 'DELETE', `${base()}/resources/${v6.json().id}`, undefined, 204);
    assert.equal(
      (
        await call(t.app, {
          method: 'DELETE',
          url: `/api/v1${base()}/resources/${v6.json().id}`,
          auth: w.provider.admin.auth,
        })
      ).statusCode,
      404,
    );
  });

  test('a resource of an org that is not a customer is refused', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: `/api/v1${base()}/customers/${w.outsider.orgId}/resources`,
      auth: w.provider.admin.auth,
      body: { kind: 'address', identifier: '192.0.2.50' },
    });
    assert.equal(res.statusCode, 404);
  });

  test('CSV import: every bad row reported by line, nothing imported', async () => {
    const res = await csv(
      'kind,identifier,name,region\naddress,192.0.2.10,a,\naddress,192.0.2.999,b,\nprefix,192.0.2.0/33,,\n"volume","vol-9","big ""one""",fr-par\naddress,198.51.100.7,dup,\n',
    );
    assert.equal(res.statusCode, 400, res.body);
    const { details } = res.json().error;
    assert.deepEqual(
      details.errors.map((e: { line: number }) => e.line),
      [3, 4, 6],
    );
    assert.match(details.errors[2].error, /already mapped/);
    assert.equal(details.imported, 0);
    const list = await api(
      t.app,
      w.provider.viewer.auth,
      'GET',
      `${base()}/customers/${w.bitbucket.orgId}/resources`,
    );
    assert.ok(!list.items.some((r: { identifier: string }) => r.identifier === '192.0.2.10'));
  });

  test('CSV import with ?partial=1 imports the good rows and still reports the bad', async () => {
    const res = await csv(
      'kind,identifier,name,region\naddress,192.0.2.10,a,\naddress,nope,b,\n"volume","vol-9","big ""one""",fr-par\n',
      '?partial=1',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().imported, 2);
    assert.deepEqual(res.json().errors, [{ line: 3, error: '"nope" is not an IPv4 or IPv6 address.' }]);
    const list = await api(
      t.app,
      w.provider.viewer.auth,
      'GET',
      `${base()}/customers/${w.bitbucket.orgId}/resources`,
    );
    const vol = list.items.find((r: { identifier: string }) => r.identifier === 'vol-9');
    assert.equal(vol.name, 'big "one"');
    assert.equal(vol.region, 'fr-par');
  });

  test('CSV import: bad files, bad query, wrong role, too large', async () => {
    assert.equal((await csv('"unclosed')).statusCode, 400);
    // The console sends the file as a JSON string.
    const asJson = await call(t.app, {
      method: 'POST',
      url: `/api/v1${base()}/customers/${w.bitbucket.orgId}/resources/import`,
      auth: w.provider.admin.auth,
      body: JSON.stringify('kind,identifier\ninstance,i-json\n'),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(asJson.statusCode, 200, asJson.body);
    assert.equal(asJson.json().imported, 1);
    assert.equal((await csv('kind,identifier\n', '?partial=maybe')).statusCode, 400);
    assert.equal(
      (await csv('kind,identifier\naddress,192.0.2.77\n', '', w.provider.responder.auth)).statusCode,
      403,
    );
    assert.equal(
      (await csv('kind,identifier\naddress,192.0.2.77\n', '', w.bitbucket.owner.auth)).statusCode,
      404,
    );
    const huge = `kind,identifier\n${'instance,i-0000000000000000\n'.repeat(50_000)}`;
    assert.equal((await csv(huge)).statusCode, 413);
  });

  test('settings: viewers read, admins write, values bounded', async () => {
    assert.deepEqual(await api(t.app, w.provider.viewer.auth, 'GET', `${base()}/customer-health/settings`), {
      alwaysPage: false,
      lookbackMinutes: 30,
    });
    const bad = await call(t.app, {
      method: 'PUT',
      url: `/api/v1${base()}/customer-health/settings`,
      auth: w.provider.admin.auth,
      body: { alwaysPage: true, lookbackMinutes: 0 },
    });
    assert.equal(bad.statusCode, 400);
    const denied = await call(t.app, {
      method: 'PUT',
      url: `/api/v1${base()}/customer-health/settings`,
      auth: w.provider.responder.auth,
      body: { alwaysPage: true, lookbackMinutes: 5 },
    });
    assert.equal(denied.statusCode, 403);
  });

  test('the OpenAPI document describes the health routes', async () => {
    const doc = (await call(t.app, { url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/orgs/{orgId}/health/resources']);
    assert.ok(doc.paths['/api/v1/orgs/{orgId}/customers/{customerOrgId}/resources/import']);
  });
});
