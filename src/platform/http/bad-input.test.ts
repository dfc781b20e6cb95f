import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, setupFirstOrg, type TestApp } from '../../../test/helpers/app.ts';

// Every class of bad input gets a 4xx with a catalogue code and a message; nothing crashes.
let t: TestApp;
let owner: Awaited<ReturnType<typeof setupFirstOrg>>;
before(async () => {
  t = await createTestApp({ bodyLimit: 4096 });
  owner = await setupFirstOrg(t.app);
});
after(() => t.close());

const expectError = (
  res: { statusCode: number; json(): { error: { code: string; message: string; requestId: string } } },
  status: number,
  code: string,
) => {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  const body = res.json();
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 5, 'has a message');
  assert.ok(body.error.requestId, 'has a request id');
};

test('malformed JSON', async () => {
  const res = await call(t.app, {
    method: 'POST',
    url: '/api/v1/session',
    body: '{"email": "a@b.test", ',
    headers: { 'content-type': 'application/json' },
  });
  expectError(res, 400, 'invalid_json');
});

test('wrong types and missing fields', async () => {
  const wrong = await call(t.app, {
    method: 'POST',
    url: '/api/v1/session',
    body: { email: 42, password: 'x' },
  });
  expectError(wrong, 400, 'validation_failed');
  const missing = await call(t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${owner.orgId}/members`,
    body: { role: 'viewer' },
    auth: owner.auth,
  });
  expectError(missing, 400, 'validation_failed');
  assert.match(missing.json().error.message, /email/);
  const badEnum = await call(t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${owner.orgId}/tokens`,
    body: { name: 'x', role: 'god' },
    auth: owner.auth,
  });
  expectError(badEnum, 400, 'validation_failed');
  const numberAsString = await call(t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${owner.orgId}/tokens`,
    body: { name: 'x', role: 'viewer', expiresInDays: '5' },
    auth: owner.auth,
  });
  expectError(numberAsString, 400, 'validation_failed');
});

test('unknown fields are rejected, not dropped', async () => {
  const res = await call(t.app, {
    method: 'PATCH',
    url: `/api/v1/orgs/${owner.orgId}`,
    body: { name: 'Acme', isAdmin: true },
    auth: owner.auth,
  });
  expectError(res, 400, 'validation_failed');
});

test('oversized bodies', async () => {
  const res = await call(t.app, {
    method: 'PATCH',
    url: `/api/v1/orgs/${owner.orgId}`,
    body: { name: 'x'.repeat(10_000) },
    auth: owner.auth,
  });
  expectError(res, 413, 'payload_too_large');
});

test('unsupported content type', async () => {
  const res = await call(t.app, {
    method: 'POST',
    url: '/api/v1/session',
    body: 'email=a',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expectError(res, 415, 'unsupported_media_type');
});

test('invalid cursors and limits', async () => {
  for (const cursor of [
    '%%%',
    'bm90LWpzb24',
    Buffer.from('["a","b"]').toString('base64url'),
    Buffer.from('[1e999]').toString('base64url'),
  ]) {
    const res = await call(t.app, {
      url: `/api/v1/orgs/${owner.orgId}/audit?cursor=${cursor}`,
      auth: owner.auth,
    });
    expectError(res, 400, 'invalid_cursor');
  }
  const limit = await call(t.app, {
    url: `/api/v1/orgs/${owner.orgId}/audit?limit=100000`,
    auth: owner.auth,
  });
  expectError(limit, 400, 'validation_failed');
  const extra = await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/audit?sort=evil`, auth: owner.auth });
  expectError(extra, 400, 'validation_failed');
});

test('expired sessions, garbage and revoked tokens', async () => {
  expectError(
    await call(t.app, { url: '/api/v1/session', auth: { cookie: 'not-a-session', csrf: 'x' } }),
    401,
    'session_expired',
  );
  expectError(await call(t.app, { url: '/api/v1/session' }), 401, 'unauthenticated');
  expectError(
    await call(t.app, { url: '/api/v1/session', headers: { authorization: 'Basic abc' } }),
    401,
    'token_invalid',
  );
  expectError(
    await call(t.app, { url: `/api/v1/orgs/${owner.orgId}`, auth: { token: 'swm_doesnotexist' } }),
    401,
    'token_invalid',
  );
});

test('wrong and malformed org ids', async () => {
  expectError(
    await call(t.app, { url: '/api/v1/orgs/00000000-0000-4000-8000-000000000000', auth: owner.auth }),
    404,
    'not_found',
  );
  // Access is decided before validation: an id that names none of your orgs is simply not found.
  expectError(await call(t.app, { url: '/api/v1/orgs/not-a-uuid', auth: owner.auth }), 404, 'not_found');
  expectError(
    await call(t.app, {
      url: `/api/v1/orgs/${owner.orgId}/members/not-a-uuid`,
      method: 'DELETE',
      auth: owner.auth,
    }),
    400,
    'validation_failed',
  );
  expectError(await call(t.app, { url: '/api/v1/nope', auth: owner.auth }), 404, 'not_found');
});

test('request ids are echoed, and generated when absent or unsafe', async () => {
  const given = await call(t.app, { url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(given.headers['x-request-id'], 'abc-123');
  const unsafe = await call(t.app, { url: '/healthz', headers: { 'x-request-id': 'a b\u0000' } });
  assert.match(String(unsafe.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

test('health, readiness, metrics and the OpenAPI document', async () => {
  assert.deepEqual((await call(t.app, { url: '/healthz' })).json(), { status: 'ok' });
  const ready = await call(t.app, { url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().checks.database.status, 'ok');
  const metrics = await call(t.app, { url: '/metrics' });
  assert.match(metrics.body, /swimmy_http_requests_total/);
  const doc = (await call(t.app, { url: '/api/openapi.json' })).json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/orgs/{orgId}/members']);
  const docs = await call(t.app, { url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
});
