import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type Auth,
  call,
  createTestApp,
  login,
  PASSWORD,
  setupFirstOrg,
  type TestApp,
} from '../../test/helpers/app.ts';
import type { OrgRole } from '../policy/roles.ts';

/**
 * Every endpoint × every role (as a person and as an API token) × own org / other org.
 * The expectations are written here by hand, independently of the code's own rules; a new
 * endpoint that is missing from this table fails the coverage test.
 */
type Min = OrgRole | 'public' | 'signedIn';
interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  min: Min;
  /** Only people (sessions) may do this; tokens get 403. */
  peopleOnly?: boolean;
  /** Expected success status. */
  ok: number;
  /** Builds the body and path parameters for one call (fresh targets for destructive calls). */
  prepare?: (ctx: Ctx, orgId: string) => Promise<{ body?: unknown; params?: Record<string, string> }>;
}

interface Ctx {
  t: TestApp;
  counter: number;
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/api/v1/setup', min: 'public', ok: 200 },
  {
    method: 'POST',
    path: '/api/v1/setup',
    min: 'public',
    ok: 409,
    prepare: async () => ({
      body: {
        org: { name: 'n', handle: 'zzz' },
        owner: { name: 'n', email: 'z@z.test', password: PASSWORD },
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/session',
    min: 'public',
    ok: 401,
    prepare: async () => ({ body: { email: 'z@z.test', password: 'nope-nope-nope' } }),
  },
  { method: 'GET', path: '/api/v1/session', min: 'signedIn', peopleOnly: true, ok: 200 },
  { method: 'DELETE', path: '/api/v1/session', min: 'signedIn', peopleOnly: true, ok: 204 },
  { method: 'DELETE', path: '/api/v1/sessions', min: 'signedIn', peopleOnly: true, ok: 204 },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    min: 'signedIn',
    peopleOnly: true,
    ok: 204,
    prepare: async () => ({ body: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
  },
  {
    method: 'POST',
    path: '/api/v1/orgs',
    min: 'signedIn',
    peopleOnly: true,
    ok: 201,
    prepare: async (c) => ({ body: { name: 'New', handle: `new-${c.counter++}` } }),
  },
  { method: 'GET', path: '/api/v1/orgs/{orgId}', min: 'viewer', ok: 200 },
  {
    method: 'PATCH',
    path: '/api/v1/orgs/{orgId}',
    min: 'admin',
    ok: 200,
    prepare: async () => ({ body: { name: 'Renamed' } }),
  },
  { method: 'GET', path: '/api/v1/orgs/{orgId}/members', min: 'viewer', ok: 200 },
  {
    method: 'POST',
    path: '/api/v1/orgs/{orgId}/members',
    min: 'admin',
    ok: 201,
    prepare: async (c) => ({ body: { email: `m${c.counter++}@x.test`, role: 'viewer' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/orgs/{orgId}/members/{userId}',
    min: 'admin',
    ok: 200,
    prepare: async (c, orgId) => ({
      body: { role: 'responder' },
      params: { userId: await freshMember(c, orgId) },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/orgs/{orgId}/members/{userId}',
    min: 'admin',
    ok: 204,
    prepare: async (c, orgId) => ({ params: { userId: await freshMember(c, orgId) } }),
  },
  { method: 'GET', path: '/api/v1/orgs/{orgId}/tokens', min: 'admin', ok: 200 },
  {
    method: 'POST',
    path: '/api/v1/orgs/{orgId}/tokens',
    min: 'admin',
    peopleOnly: true,
    ok: 201,
    prepare: async () => ({ body: { name: 'x', role: 'viewer' } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/orgs/{orgId}/tokens/{tokenId}',
    min: 'admin',
    ok: 204,
    prepare: async (c, orgId) => ({ params: { tokenId: (await freshToken(c, orgId, 'viewer')).id } }),
  },
  { method: 'GET', path: '/api/v1/orgs/{orgId}/audit', min: 'admin', ok: 200 },
];

const ROLES: OrgRole[] = ['viewer', 'responder', 'admin', 'owner'];
const RANK: Record<OrgRole, number> = { viewer: 0, responder: 1, admin: 2, owner: 3 };

let ctx: Ctx;
let orgA: string;
let orgB: string;
const people = new Map<OrgRole, string>(); // role → email in org A
const tokens = new Map<OrgRole, string>(); // role → secret in org A

/** A fresh owner session: the sign-out endpoints under test end the owners' other sessions. */
const ownerOf = (c: Ctx, orgId: string) =>
  login(c.t.app, orgId === orgA ? 'owner@alpha.test' : 'owner@bravo.test', PASSWORD);

async function freshMember(c: Ctx, orgId: string): Promise<string> {
  const res = await call(c.t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/members`,
    body: { email: `v${c.counter++}@x.test`, role: 'viewer' },
    auth: await ownerOf(c, orgId),
  });
  return res.json().member.userId;
}

async function freshToken(c: Ctx, orgId: string, role: OrgRole) {
  const res = await call(c.t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/tokens`,
    body: { name: `t${c.counter++}`, role },
    auth: await ownerOf(c, orgId),
  });
  return { id: res.json().token.id as string, secret: res.json().secret as string };
}

before(async () => {
  const t = await createTestApp();
  const a = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  orgA = a.orgId;
  const b = await call(t.app, {
    method: 'POST',
    url: '/api/v1/orgs',
    body: { name: 'Bravo', handle: 'bravo' },
    auth: a.auth,
  });
  orgB = b.json().id;
  // Org B belongs to a different person: move ownership so owner@alpha is not in B.
  const ownerBEmail = 'owner@bravo.test';
  const added = await call(t.app, {
    method: 'POST',
    url: `/api/v1/orgs/${orgB}/members`,
    body: { email: ownerBEmail, role: 'owner' },
    auth: a.auth,
  });
  const ownerB = await login(t.app, ownerBEmail, added.json().initialPassword);
  await call(t.app, { method: 'DELETE', url: `/api/v1/orgs/${orgB}/members/${a.userId}`, auth: ownerB });
  ctx = { t, counter: 0 };
  for (const role of ROLES) {
    const email = `${role}@alpha.test`;
    if (role === 'owner') people.set(role, 'owner@alpha.test');
    else {
      const res = await call(t.app, {
        method: 'POST',
        url: `/api/v1/orgs/${orgA}/members`,
        body: { email, role },
        auth: a.auth,
      });
      assert.equal(res.statusCode, 201);
      people.set(role, email);
    }
  }
  // Everyone shares one known password, so each call can sign in afresh.
  await t.platform.db.execute(
    'update users set password_hash = (select password_hash from users where email = $1)',
    ['owner@alpha.test'],
  );
  for (const role of ROLES) tokens.set(role, (await freshToken(ctx, orgA, role)).secret);
});
after(() => ctx.t.close());

/** A fresh session for every call, so sign-out endpoints do not disturb the next call. */
async function principal(kind: 'anonymous' | 'person' | 'token', role: OrgRole): Promise<Auth> {
  if (kind === 'anonymous') return null;
  if (kind === 'token') return { token: tokens.get(role)! };
  return login(ctx.t.app, people.get(role)!, PASSWORD);
}

function expected(e: Endpoint, kind: 'anonymous' | 'person' | 'token', role: OrgRole, own: boolean): number {
  if (e.min === 'public') return e.ok;
  if (kind === 'anonymous') return 401;
  if (e.min === 'signedIn') return e.peopleOnly && kind === 'token' ? 403 : e.ok;
  if (!own) return 404;
  if (RANK[role] < RANK[e.min]) return 403;
  if (e.peopleOnly && kind === 'token') return 403;
  return e.ok;
}

/** Identity's own paths; other modules' endpoints have their own matrices. */
const IDENTITY_PATH =
  /^\/api\/v1\/(setup|sessions?|me\/password|orgs(\/\{orgId\}(\/(members|tokens|audit)(\/\{\w+\})?)?)?)$/;

test('the matrix covers every identity endpoint', async () => {
  const doc = (await call(ctx.t.app, { url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const documented = Object.entries(doc.paths)
    .filter(([path]) => IDENTITY_PATH.test(path))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`));
  assert.deepEqual(
    documented.filter((d) => !covered.has(d)),
    [],
    'endpoints without authorization expectations',
  );
  assert.ok(documented.length >= ENDPOINTS.length - 1);
});

for (const e of ENDPOINTS) {
  test(`${e.method} ${e.path}`, async () => {
    const failures: string[] = [];
    const orgs = e.path.includes('{orgId}') ? [true, false] : [true];
    for (const kind of ['anonymous', 'person', 'token'] as const) {
      for (const role of kind === 'anonymous' ? (['viewer'] as OrgRole[]) : ROLES) {
        for (const own of orgs) {
          const orgId = own ? orgA : orgB;
          const prepared = e.prepare ? await e.prepare(ctx, orgId) : {};
          const url = e.path
            .replace('{orgId}', orgId)
            .replace(/\{(\w+)\}/g, (_, k: string) => prepared.params?.[k] ?? 'missing');
          const auth = await principal(kind, role);
          const res = await call(ctx.t.app, {
            method: e.method,
            url,
            auth,
            ...(prepared.body !== undefined ? { body: prepared.body } : {}),
          });
          const want = expected(e, kind, role, own);
          if (res.statusCode !== want)
            failures.push(
              `${kind}/${role}/${own ? 'own' : 'other'}: got ${res.statusCode}, want ${want} ${res.body.slice(0, 120)}`,
            );
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}
