import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '../platform/jobs/testing.ts';
import { createAckToken } from './ack-links.ts';
import { raiseAlert } from './incidents.ts';
import { type OncallHarness, ok, oncallHarness, orgWithResponders } from './testing.ts';

interface Mail {
  to: string[];
  raw: string;
}

async function smtpSink() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text part, quoted-printable soft breaks removed and =XX decoded. */
const decodeQp = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

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
    const text = decodeQp(mail.raw);
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
