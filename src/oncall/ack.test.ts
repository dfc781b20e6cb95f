import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { smtpSink } from '../../test/helpers/smtp.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { createAckToken } from './ack-links.ts';
import { raiseAlert } from './incidents.ts';
import { type OncallHarness, ok, oncallHarness, orgWithResponders } from './testing.ts';

describe('email notifications and one-click acknowledge links', () => {
  let h: OncallHarness;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  let orgId: string;
  let ann: { userId: string; email: string };
  before(async () => {
    smtp = await smtpSink();
    h = await oncallHarness({ config: { smtpUrl: smtp.url } });
    const org = await orgWithResponders(h.app);
    orgId = org.owner.orgId;
    ann = await org.add('ann');
    const policy = await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'Mail',
          levels: [{ delaySeconds: 60, targets: [{ type: 'user', userId: ann.userId }] }],
        },
      },
      201,
    );
    await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: { name: 'all', conditions: {}, policyId: policy.id },
      },
      201,
    );
  });
  after(async () => {
    await h.close();
    await smtp.close();
  });

  test('the paged person gets an email with an ack link; GET confirms, POST acks once', async () => {
    const r = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      summary: 'Mail me',
      severity: 'critical',
    });
    await waitFor(() => smtp.mails.length === 1, 8000, 'email arrived');
    const mail = smtp.mails[0]!;
    assert.deepEqual(mail.to, [ann.email]);
    const { text } = mail;
    assert.match(text, /Subject: \[CRITICAL\] #\d+ Mail me/);
    const link = /http:\/\/swimmy\.test(\/ack\/[A-Za-z0-9_.-]+)/.exec(text)?.[1];
    assert.ok(link, 'ack link in the mail');

    // A link scanner's GET must not acknowledge.
    const page = await h.app.inject({ method: 'GET', url: link });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post">/);
    const state = async () =>
      (await h.platform.db.one<{ status: string; acked_by: string | null }>(
        'select status, acked_by from oncall_incidents where id = $1',
        [r.incidentId],
      ))!;
    assert.equal((await state()).status, 'triggered');

    const post = await h.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(post.statusCode, 200, post.body);
    assert.match(post.body, /acknowledged/);
    assert.deepEqual(await state(), { status: 'acknowledged', acked_by: ann.userId });
    const again = await h.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(again.statusCode, 410, 'single use');
    assert.equal((await h.app.inject({ method: 'GET', url: link })).statusCode, 410);
  });

  test('expired and forged links are refused', async () => {
    const r = await raiseAlert(h.platform, { orgId, source: 'test', summary: 'Expire', severity: 'error' });
    const expired = await createAckToken(
      h.platform.db,
      { incidentId: r.incidentId, userId: ann.userId, orgId },
      -1000,
    );
    const res = await h.app.inject({ method: 'POST', url: `/ack/${expired}` });
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /expired/);
    const good = await createAckToken(
      h.platform.db,
      { incidentId: r.incidentId, userId: ann.userId, orgId },
      60_000,
    );
    const forged = Buffer.from(good, 'base64url');
    forged.writeUInt32BE(0xffffffff, 32); // a later expiry: the HMAC no longer matches
    assert.equal(
      (await h.app.inject({ method: 'GET', url: `/ack/${forged.toString('base64url')}` })).statusCode,
      404,
    );
    assert.equal((await h.app.inject({ method: 'GET', url: '/ack/nonsense' })).statusCode, 404);
  });
});
