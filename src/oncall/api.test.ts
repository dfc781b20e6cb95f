import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../test/helpers/app.ts';
import { type ApiFixture, openApiFixture } from './api-fixture.ts';
import { ok } from './testing.ts';

describe('on-call REST API: policies, roles, notification rules', () => {
  let f: ApiFixture;
  before(async () => {
    f = await openApiFixture();
  });
  after(() => f.h.close());

  test('bad policies: no levels, negative delays, strangers, unknown schedules, tight loops; in-use deletes refused', async () => {
    const { h, org, ann, base, expect400, layer } = f;
    const level = (targets: unknown[], delaySeconds = 60) => ({ delaySeconds, targets });
    await expect400('/oncall/policies', { name: 'p', levels: [] }, /levels/);
    await expect400(
      '/oncall/policies',
      { name: 'p', levels: [level([{ type: 'user', userId: ann.userId }], -1)] },
      /delaySeconds/,
    );
    await expect400(
      '/oncall/policies',
      { name: 'p', levels: [level([{ type: 'user', userId: '00000000-0000-4000-8000-000000000000' }])] },
      /not a responder/,
    );
    await expect400(
      '/oncall/policies',
      {
        name: 'p',
        levels: [level([{ type: 'schedule', scheduleId: '00000000-0000-4000-8000-000000000000' }])],
      },
      /no such schedule/,
    );
    await expect400(
      '/oncall/policies',
      { name: 'p', repeat: 3, levels: [level([{ type: 'user', userId: ann.userId }], 0)] },
      /tight loop/,
    );
    await expect400(
      '/oncall/policies',
      {
        name: 'p',
        levels: [
          level([
            { type: 'user', userId: ann.userId },
            { type: 'user', userId: ann.userId },
          ]),
        ],
      },
      /same target twice/,
    );
    await expect400(
      '/oncall/policies',
      { name: 'p', levels: [level([{ type: 'pager', userId: ann.userId }])] },
      /./,
    );
    const s = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/schedules`,
        auth: org.owner.auth,
        body: { name: 'z', timeZone: 'UTC', layers: [layer([ann.userId])] },
      },
      201,
    );
    const p = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'ok',
          levels: [level([{ type: 'schedule', scheduleId: s.id }]), level([{ type: 'executives' }])],
        },
      },
      201,
    );
    assert.equal(
      (await call(h.app, { method: 'DELETE', url: `${base}/oncall/schedules/${s.id}`, auth: org.owner.auth }))
        .statusCode,
      409,
    );
    const rule = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: {
          name: 'r',
          conditions: { severities: ['critical'], labels: { team: 'net' } },
          policyId: p.id,
        },
      },
      201,
    );
    assert.equal(
      (await call(h.app, { method: 'DELETE', url: `${base}/oncall/policies/${p.id}`, auth: org.owner.auth }))
        .statusCode,
      409,
    );
    await ok(
      h.app,
      { method: 'DELETE', url: `${base}/oncall/routing-rules/${rule.id}`, auth: org.owner.auth },
      204,
    );
    await ok(h.app, { method: 'DELETE', url: `${base}/oncall/policies/${p.id}`, auth: org.owner.auth }, 204);
    await expect400(
      '/oncall/routing-rules',
      { name: 'r', conditions: {}, policyId: p.id },
      /no escalation policy/,
    );
  });

  test('roles: viewers read, responders act, admins configure; other orgs see nothing', async () => {
    const { h, ann, viewer, base, post, layer } = f;
    const body = { name: 'v', timeZone: 'UTC', layers: [layer([ann.userId])] };
    assert.equal((await post('/oncall/schedules', body, viewer.auth)).statusCode, 403);
    assert.equal((await post('/oncall/schedules', body, ann.auth)).statusCode, 403);
    assert.equal((await call(h.app, { url: `${base}/oncall/schedules`, auth: viewer.auth })).statusCode, 200);
    const inc = await post('/incidents', { summary: 'manual', severity: 'info' }, ann.auth);
    assert.equal(inc.statusCode, 201, inc.body);
    const id = inc.json().id;
    assert.equal((await post(`/incidents/${id}/acknowledge`, {}, viewer.auth)).statusCode, 403);
    assert.equal((await post(`/incidents/${id}/resolve`, {}, ann.auth)).statusCode, 200);
    assert.equal(
      (await post(`/incidents/${id}/acknowledge`, {}, ann.auth)).statusCode,
      409,
      'resolved cannot be acknowledged',
    );
    assert.equal((await call(h.app, { url: `${base}/oncall/integrations`, auth: ann.auth })).statusCode, 403);
    const outsider = await call(h.app, {
      url: `/api/v1/orgs/00000000-0000-4000-8000-000000000000/incidents`,
      auth: ann.auth,
    });
    assert.equal(outsider.statusCode, 404);
  });

  test('personal notification rules: validated targets, no private webhooks, secret shown once', async () => {
    const { h, org, bob, base } = f;
    const url = '/api/v1/me/notification-rules';
    const bad = async (body: unknown, pattern: RegExp) => {
      const res = await call(h.app, { method: 'POST', url, body, auth: bob.auth });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.json().error.message, pattern);
    };
    await bad({ channel: 'webhook', target: 'http://10.0.0.5/x' }, /private/);
    await bad({ channel: 'slack', target: 'ftp://example.org/x' }, /http/);
    await bad({ channel: 'email', target: 'not-an-email' }, /email/);
    await bad({ channel: 'webhook' }, /needs a target/);
    const noTarget = await call(h.app, { method: 'POST', url, body: { channel: 'webhook' }, auth: bob.auth });
    assert.deepEqual(noTarget.json().error.details, ['target: a webhook rule needs a target URL']);
    await bad({ channel: 'email', delaySeconds: -5 }, /delaySeconds/);
    const created = await ok(
      h.app,
      { method: 'POST', url, auth: bob.auth, body: { channel: 'email', delaySeconds: 120 } },
      201,
    );
    assert.equal((created.rule as { delaySeconds: number }).delaySeconds, 120);
    assert.equal(created.secret, undefined);
    const hook = await ok(
      h.app,
      {
        method: 'POST',
        url,
        auth: bob.auth,
        body: { channel: 'webhook', target: 'https://hooks.example.org/bob' },
      },
      201,
    );
    assert.equal(typeof hook.secret, 'string');
    const list = (await call(h.app, { url, auth: bob.auth })).json() as Array<Record<string, unknown>>;
    assert.equal(list.length, 2);
    assert.ok(list.every((r) => !('secret' in r)));
    const token = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/integrations`,
        auth: org.owner.auth,
        body: { name: 't', kind: 'pagerduty' },
      },
      201,
    );
    assert.ok(token.key);
  });
});
