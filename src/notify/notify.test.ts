import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setupFirstOrg } from '../../test/helpers/app.ts';
import { type OncallHarness, oncallHarness, webhookReceiver } from '../oncall/testing.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { renderMatrix, renderSlack } from './formats.ts';
import { parseRetryAfter } from './http-post.ts';
import { deliver, deliveriesFor, verifySignature, webhookState } from './index.ts';
import { addressChecker } from './ssrf.ts';
import type { Message } from './types.ts';

const message: Message = {
  title: 'Disk <full> & hot',
  text: 'srv-1: /var at 99%',
  severity: 'critical',
  links: [{ label: 'Acknowledge', url: 'http://swimmy.test/ack/abc' }],
  event: { type: 'test.event', data: { n: 1 } },
};

describe('deliveries', () => {
  let h: OncallHarness;
  let orgId: string;
  let userId: string;
  before(async () => {
    h = await oncallHarness({ notify: { disableAfter: 3, maxAttempts: 4 } });
    ({ orgId, userId } = await setupFirstOrg(h.app));
  });
  after(() => h.close());
  const log = async (id: string) => (await deliveriesFor(h.platform, { type: 'test', id }))[0]!;

  test('a webhook failing twice with 500 then succeeding is retried with backoff, signed, with one event id', async () => {
    const hook = await webhookReceiver((_r, n) => ({ status: n <= 2 ? 500 : 204 }));
    try {
      await deliver(h.platform, {
        channel: 'webhook',
        target: { url: `${hook.url}/x`, secret: 's3cret' },
        payload: message,
        idempotencyKey: 'retry-1',
        orgId,
        ownerUserId: userId,
        ref: { type: 'test', id: 'retry-1' },
      });
      // The same key again is the same delivery.
      await deliver(h.platform, {
        channel: 'webhook',
        target: { url: `${hook.url}/x`, secret: 's3cret' },
        payload: message,
        idempotencyKey: 'retry-1',
        orgId,
        ref: { type: 'test', id: 'retry-1' },
      });
      await waitFor(async () => (await log('retry-1')).status === 'delivered', 8000, 'delivered');
      assert.equal(hook.received.length, 3);
      for (const r of hook.received) {
        assert.ok(
          verifySignature('s3cret', r.raw, r.headers['x-swimmy-signature'] as string),
          'valid signature',
        );
        assert.ok(!verifySignature('wrong', r.raw, r.headers['x-swimmy-signature'] as string));
        assert.ok(r.headers['x-swimmy-timestamp']);
      }
      assert.equal(
        new Set(hook.received.map((r) => r.headers['x-swimmy-event-id'])).size,
        1,
        'one event id across retries',
      );
      assert.ok(hook.received[1]!.at - hook.received[0]!.at >= 20, 'waited before retrying');
      const body = hook.received[0]!.body as Record<string, unknown>;
      assert.equal(body.type, 'test.event');
      assert.equal(body.id, hook.received[0]!.headers['x-swimmy-event-id']);
      const entry = await log('retry-1');
      assert.equal(entry.attempts, 3);
      assert.equal(entry.target, `${hook.url}/…`, 'paths (which may hold secrets) are not shown');
    } finally {
      await hook.close();
    }
  });

  test('429 with Retry-After is honoured; a 400 is final', async () => {
    const hook = await webhookReceiver((r, n) =>
      r.path === '/bad'
        ? { status: 400 }
        : n === 1
          ? { status: 429, headers: { 'retry-after': '1' } }
          : { status: 200 },
    );
    try {
      await deliver(h.platform, {
        channel: 'slack',
        target: { url: `${hook.url}/slack` },
        payload: message,
        idempotencyKey: 'ra-1',
        ref: { type: 'test', id: 'ra-1' },
      });
      await waitFor(
        async () => (await log('ra-1')).status === 'delivered',
        8000,
        'delivered after Retry-After',
      );
      const [first, second] = hook.for('/slack');
      assert.ok(second!.at - first!.at >= 950, `waited ${second!.at - first!.at} ms for Retry-After: 1`);
      assert.ok(Array.isArray((first!.body as { blocks: unknown[] }).blocks));
      await deliver(h.platform, {
        channel: 'webhook',
        target: { url: `${hook.url}/bad` },
        payload: message,
        idempotencyKey: 'bad-1',
        ref: { type: 'test', id: 'bad-1' },
      });
      await waitFor(async () => (await log('bad-1')).status === 'failed', 5000, 'failed');
      assert.equal(hook.for('/bad').length, 1, 'no retry after a 400');
    } finally {
      await hook.close();
    }
  });

  test('an endpoint failing repeatedly is disabled and its owner told (in-app and audit)', async () => {
    const hook = await webhookReceiver(() => ({ status: 503 }));
    const seen: unknown[] = [];
    const off = h.platform.bus.subscribe((e) => {
      if (e.type === 'notification' && e.audience?.userIds?.includes(userId)) seen.push(e.data);
    });
    try {
      const url = `${hook.url}/down`;
      await deliver(h.platform, {
        channel: 'webhook',
        target: { url },
        payload: message,
        idempotencyKey: 'down-1',
        orgId,
        ownerUserId: userId,
        ref: { type: 'test', id: 'down-1' },
      });
      await waitFor(async () => (await webhookState(h.platform, url, userId)).disabled, 8000, 'disabled');
      await waitFor(() => seen.length > 0, 5000, 'owner told in-app');
      assert.match(JSON.stringify(seen[0]), /Webhook disabled/);
      const audit = await h.platform.db.one<{ n: number }>(
        `select count(*)::int as n from audit_log where action = 'notify.webhook_disabled'`,
      );
      assert.equal(audit?.n, 1);
      await waitFor(async () => (await log('down-1')).status !== 'pending', 5000, 'settled');
      const before = hook.received.length;
      await deliver(h.platform, {
        channel: 'webhook',
        target: { url },
        payload: message,
        idempotencyKey: 'down-2',
        orgId,
        ownerUserId: userId,
        ref: { type: 'test', id: 'down-2' },
      });
      await waitFor(async () => (await log('down-2')).status === 'skipped', 5000, 'skipped while disabled');
      assert.equal(hook.received.length, before, 'a disabled endpoint is not called');
    } finally {
      off();
      await hook.close();
    }
  });

  test('webhooks never reach private addresses unless allowed', async () => {
    await deliver(h.platform, {
      channel: 'webhook',
      target: { url: 'http://10.1.2.3/hook' },
      payload: message,
      idempotencyKey: 'ssrf-1',
      ref: { type: 'test', id: 'ssrf-1' },
    });
    await deliver(h.platform, {
      channel: 'webhook',
      target: { url: 'http://[::1]:9/hook' },
      payload: message,
      idempotencyKey: 'ssrf-2',
      ref: { type: 'test', id: 'ssrf-2' },
    });
    for (const id of ['ssrf-1', 'ssrf-2']) {
      await waitFor(async () => (await log(id)).status === 'failed', 5000, `${id} refused`);
      assert.match((await log(id)).lastError ?? '', /may not be reached/);
    }
    const check = addressChecker({ allow: ['127.0.0.1'] });
    for (const a of [
      '10.0.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '100.64.0.1',
      '127.0.0.2',
    ])
      assert.equal(check(a), false, a);
    for (const a of ['127.0.0.1', '8.8.8.8', '2a00:1450::1']) assert.equal(check(a), true, a);
  });

  test('in-app deliveries are AMBER+STRICT events addressed to the user', async () => {
    const got: Array<{ tlp: string; orgId: string | null; audience?: unknown }> = [];
    const off = h.platform.bus.subscribe((e) => {
      if (e.type === 'notification') got.push(e);
    });
    try {
      await deliver(h.platform, {
        channel: 'in_app',
        target: { userId, orgId },
        payload: message,
        idempotencyKey: 'app-1',
        orgId,
        ref: { type: 'test', id: 'app-1' },
      });
      await waitFor(() => got.length > 0, 5000, 'published');
      assert.equal(got[0]!.tlp, 'AMBER+STRICT');
      assert.equal(got[0]!.orgId, orgId);
      assert.deepEqual(got[0]!.audience, { userIds: [userId] });
    } finally {
      off();
    }
  });
});

describe('formats', () => {
  test('Slack and Matrix shapes escape what their markup needs', () => {
    const slack = renderSlack(message);
    assert.match(slack.text, /Disk &lt;full&gt; &amp; hot/);
    assert.equal((slack.blocks[0] as { type: string }).type, 'header');
    const matrix = renderMatrix(message);
    assert.equal(matrix.msgtype, 'm.text');
    assert.equal(matrix.format, 'org.matrix.custom.html');
    assert.match(matrix.formatted_body, /<strong>Disk &lt;full&gt; &amp; hot<\/strong>/);
    assert.match(matrix.body, /Acknowledge: http:\/\/swimmy.test\/ack\/abc/);
  });
  test('Retry-After as seconds or a date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(parseRetryAfter('soon'), undefined);
  });
});
