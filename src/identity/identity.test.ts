import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, login, PASSWORD, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';

describe('identity', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof setupFirstOrg>>;
  before(async () => {
    t = await createTestApp();
    assert.deepEqual((await call(t.app, { url: '/api/v1/setup' })).json(), { needed: true });
    owner = await setupFirstOrg(t.app);
  });
  after(() => t.close());

  test('setup runs once, then asks to sign in', async () => {
    assert.deepEqual((await call(t.app, { url: '/api/v1/setup' })).json(), { needed: false });
    const again = await call(t.app, {
      method: 'POST',
      url: '/api/v1/setup',
      body: {
        org: { name: 'Other', handle: 'other' },
        owner: { name: 'X', email: 'x@x.test', password: PASSWORD },
      },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'conflict');
  });

  test('session cookie is HttpOnly and SameSite, and the session lists orgs with roles', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/session',
      body: { email: 'owner@acme.test', password: PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'swimmy_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    const me = await call(t.app, { url: '/api/v1/session', auth: owner.auth });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(
      me.json().orgs.map((o: { handle: string; role: string }) => [o.handle, o.role]),
      [['acme', 'owner']],
    );
  });

  test('wrong password and unknown email look the same, and are audited', async () => {
    for (const email of ['owner@acme.test', 'nobody@acme.test']) {
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/v1/session',
        body: { email, password: 'wrong password!' },
      });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'invalid_credentials');
    }
    const n = await t.platform.db.one<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'session.login_failed'",
    );
    assert.ok((n?.n ?? 0) >= 2);
  });

  test('cookie writes need the CSRF token; token writes do not', async () => {
    const noCsrf = await call(t.app, {
      method: 'POST',
      url: '/api/v1/orgs',
      body: { name: 'X', handle: 'xorg' },
      auth: owner.auth,
      headers: { 'x-csrf-token': 'forged' },
    });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().error.code, 'csrf_failed');
  });

  test('a person can belong to several organisations', async () => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/orgs',
      body: { name: 'Beta', handle: 'beta' },
      auth: owner.auth,
    });
    assert.equal(res.statusCode, 201);
    const dup = await call(t.app, {
      method: 'POST',
      url: '/api/v1/orgs',
      body: { name: 'Beta', handle: 'beta' },
      auth: owner.auth,
    });
    assert.equal(dup.statusCode, 409);
    const me = await call(t.app, { url: '/api/v1/session', auth: owner.auth });
    assert.deepEqual(
      me
        .json()
        .orgs.map((o: { handle: string }) => o.handle)
        .sort(),
      ['acme', 'beta'],
    );
  });

  test('API tokens: shown once, stored hashed, scoped, last-used recorded, revocable', async () => {
    const created = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/tokens`,
      body: { name: 'ci', role: 'viewer' },
      auth: owner.auth,
    });
    assert.equal(created.statusCode, 201);
    const { secret, token } = created.json();
    assert.match(secret, /^swm_/);
    const stored = await t.platform.db.one<{ token_hash: string }>(
      'select token_hash from api_tokens where id = $1',
      [token.id],
    );
    assert.notEqual(stored?.token_hash, secret);
    assert.ok(
      !JSON.stringify(
        await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/tokens`, auth: owner.auth }).then((r) =>
          r.json(),
        ),
      ).includes(secret),
    );

    const read = await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/members`, auth: { token: secret } });
    assert.equal(read.statusCode, 200);
    const list = (await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/tokens`, auth: owner.auth })).json();
    assert.ok(list.items.find((x: { id: string }) => x.id === token.id).lastUsedAt);

    const write = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}`,
      body: { name: 'Y' },
      auth: { token: secret },
    });
    assert.equal(write.statusCode, 403, 'a viewer token cannot write');

    const revoke = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/orgs/${owner.orgId}/tokens/${token.id}`,
      auth: owner.auth,
    });
    assert.equal(revoke.statusCode, 204);
    const after = await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/members`, auth: { token: secret } });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'token_revoked');
  });

  test('expired tokens are refused', async () => {
    const created = (
      await call(t.app, {
        method: 'POST',
        url: `/api/v1/orgs/${owner.orgId}/tokens`,
        body: { name: 'old', role: 'viewer', expiresInDays: 1 },
        auth: owner.auth,
      })
    ).json();
    await t.platform.db.execute(
      "update api_tokens set expires_at = now() - interval '1 minute' where id = $1",
      [created.token.id],
    );
    const res = await call(t.app, {
      url: `/api/v1/orgs/${owner.orgId}/members`,
      auth: { token: created.secret },
    });
    assert.equal(res.json().error.code, 'token_expired');
  });

  test('members: add with one-time password, roles, last owner protected, all audited', async () => {
    const add = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${owner.orgId}/members`,
      body: { email: 'Ada@Acme.test', name: 'Ada', role: 'admin' },
      auth: owner.auth,
    });
    assert.equal(add.statusCode, 201);
    const { member, initialPassword } = add.json();
    assert.equal(member.email, 'ada@acme.test');
    const ada = await login(t.app, 'ada@acme.test', initialPassword);

    const grantOwner = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/members/${member.userId}`,
      body: { role: 'owner' },
      auth: ada,
    });
    assert.equal(grantOwner.statusCode, 403, 'an admin cannot make owners');
    const demoteOwner = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/orgs/${owner.orgId}/members/${owner.userId}`,
      body: { role: 'viewer' },
      auth: owner.auth,
    });
    assert.equal(demoteOwner.statusCode, 409, 'the last owner stays');
    assert.equal(demoteOwner.json().error.code, 'conflict');

    const remove = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/orgs/${owner.orgId}/members/${member.userId}`,
      auth: owner.auth,
    });
    assert.equal(remove.statusCode, 204);
    const gone = await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/members`, auth: ada });
    assert.equal(gone.statusCode, 404, 'a removed member no longer sees the org');

    const audit = (
      await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/audit?limit=200`, auth: owner.auth })
    ).json();
    const actions = audit.items.map((a: { action: string }) => a.action);
    for (const a of ['org.created', 'member.added', 'member.removed', 'token.created', 'token.revoked']) {
      assert.ok(actions.includes(a), `audit has ${a}`);
    }
  });

  test('audit log pages with cursors, newest first', async () => {
    const first = (
      await call(t.app, { url: `/api/v1/orgs/${owner.orgId}/audit?limit=2`, auth: owner.auth })
    ).json();
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = (
      await call(t.app, {
        url: `/api/v1/orgs/${owner.orgId}/audit?limit=2&cursor=${first.nextCursor}`,
        auth: owner.auth,
      })
    ).json();
    assert.ok(second.items[0].id < first.items[1].id);
  });

  test('sign out, sign out everywhere, and password change end sessions', async () => {
    const a = await login(t.app, 'owner@acme.test', PASSWORD);
    const b = await login(t.app, 'owner@acme.test', PASSWORD);
    assert.equal((await call(t.app, { method: 'DELETE', url: '/api/v1/session', auth: a })).statusCode, 204);
    assert.equal(
      (await call(t.app, { url: '/api/v1/session', auth: a })).json().error.code,
      'session_expired',
    );
    assert.equal((await call(t.app, { url: '/api/v1/session', auth: b })).statusCode, 200);

    const c = await login(t.app, 'owner@acme.test', PASSWORD);
    const change = await call(t.app, {
      method: 'POST',
      url: '/api/v1/me/password',
      body: { currentPassword: PASSWORD, newPassword: `${PASSWORD}!` },
      auth: c,
    });
    assert.equal(change.statusCode, 204);
    assert.equal(
      (await call(t.app, { url: '/api/v1/session', auth: b })).statusCode,
      401,
      'other sessions ended',
    );
    assert.equal(
      (await call(t.app, { url: '/api/v1/session', auth: c })).statusCode,
      200,
      'this session stays',
    );
    await call(t.app, {
      method: 'POST',
      url: '/api/v1/me/password',
      body: { currentPassword: `${PASSWORD}!`, newPassword: PASSWORD },
      auth: c,
    });

    const d = await login(t.app, 'owner@acme.test', PASSWORD);
    assert.equal((await call(t.app, { method: 'DELETE', url: '/api/v1/sessions', auth: d })).statusCode, 204);
    assert.equal((await call(t.app, { url: '/api/v1/session', auth: c })).statusCode, 401);
    owner.auth = await login(t.app, 'owner@acme.test', PASSWORD);
  });

  test('idle and expired sessions are refused', async () => {
    const s = await login(t.app, 'owner@acme.test', PASSWORD);
    await t.platform.db.execute("update sessions set last_seen_at = now() - interval '2 days'");
    assert.equal(
      (await call(t.app, { url: '/api/v1/session', auth: s })).json().error.code,
      'session_expired',
    );
    owner.auth = await login(t.app, 'owner@acme.test', PASSWORD);
  });
});

test('sign-in is rate limited per client', async () => {
  const t = await createTestApp({ loginRateLimit: 3 });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/v1/session',
        body: { email: 'a@b.test', password: 'whatever12' },
      });
      codes.push(res.statusCode);
    }
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    const last = await call(t.app, {
      method: 'POST',
      url: '/api/v1/session',
      body: { email: 'a@b.test', password: 'whatever12' },
    });
    assert.equal(last.json().error.code, 'rate_limited');
  } finally {
    await t.close();
  }
});
