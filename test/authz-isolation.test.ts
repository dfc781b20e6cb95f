import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, setupFirstOrg, type TestApp } from './helpers/app.ts';

/**
 * Tenant isolation across every module, derived from the served OpenAPI document so a new
 * endpoint is covered the day it is added: for every org-scoped endpoint and method, nobody
 * signed in gets 401, and an owner of another org gets 404 (the org is not even revealed).
 * Role-by-role expectations live in each module's own matrix test.
 */
let t: TestApp;
let victimOrg: string;
let outsider: Awaited<ReturnType<typeof setupFirstOrg>>['auth'];

before(async () => {
  t = await createTestApp();
  const a = await setupFirstOrg(t.app, 'victim', 'owner@victim.test');
  victimOrg = a.orgId;
  // A second, unrelated tenant with its own owner.
  const res = await call(t.app, {
    method: 'POST',
    url: '/api/v1/orgs',
    body: { name: 'Other', handle: 'other' },
    auth: a.auth,
  });
  const otherOrg = res.json().id as string;
  const added = await call(t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${otherOrg}/members`,
    body: { email: 'owner@other.test', role: 'owner' },
    auth: a.auth,
  });
  const signIn = await call(t.app, {
    method: 'POST',
    url: '/api/v1/session',
    body: { email: 'owner@other.test', password: added.json().initialPassword },
  });
  outsider = {
    cookie: signIn.cookies.find((c) => c.name === 'swimmy_session')!.value,
    csrf: signIn.json().csrfToken,
  };
});
after(() => t.close());

const FAKE_ID = '00000000-0000-4000-8000-000000000001';

test('every org-scoped endpoint: 401 for anonymous, 404 for another org', async () => {
  const doc = (await call(t.app, { url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const failures: string[] = [];
  let checked = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/orgs/{orgId}')) continue;
    const url = path.replace('{orgId}', victimOrg).replace(/\{\w+\}/g, FAKE_ID);
    for (const method of Object.keys(ops).map((m) => m.toUpperCase()) as Array<
      'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
    >) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const anon = await call(t.app, { method, url, ...(body ? { body } : {}) });
      if (anon.statusCode !== 401) failures.push(`anonymous ${method} ${path}: ${anon.statusCode}`);
      const other = await call(t.app, { method, url, auth: outsider, ...(body ? { body } : {}) });
      if (other.statusCode !== 404) failures.push(`other org ${method} ${path}: ${other.statusCode}`);
      checked++;
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checked >= 10, `checked ${checked} endpoints`);
});
