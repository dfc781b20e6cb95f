import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type SmtpSink, smtpSink } from '../../src/status/subscriptions/testing.ts';
import { launchBrowser } from '../../test/helpers/browser.ts';
import { apiFrom, openPage, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const OWNER = { name: 'Camille Laurent', email: 'camille@scw.test', password: 'correct horse battery' };
const READER = 'customer@example.com';
const TITLE = 'Meltdown and Spectre: security reboots';
const CLEARED = 'Update from the consortium: KPTI host kernels are validated; reboots start in PAR1 tonight.';
const REFUSED = 'GREEN only: microcode from the vendor is still under embargo.';
const LATER = [
  { status: 'identified', body: 'PAR1 instances are rebooting onto patched kernels.' },
  { status: 'identified', body: 'PAR1 done; AMS1 reboots started.' },
  { status: 'monitoring', body: 'All hosts patched. Please update your guest kernels too.' },
  { status: 'monitoring', body: 'The vendor withdrew its microcode; we keep the kernel mitigations.' },
  { status: 'resolved', body: 'Update #7: every region runs patched kernels and hypervisors.' },
];

async function waitFor<T>(check: () => T | undefined | false, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The Meltdown story to "Update #7" on the public page: a CLEAR case in a consortium space, a
// GREEN post its author re-marks CLEAR and publishes from the console, a GREEN one refused with
// the gate's message; a customer subscribed by email (confirmed) receives every update after.
describe('the Meltdown story on the public status page', () => {
  let server: E2eServer;
  let browser: Browser;
  let smtp: SmtpSink;
  let incidentId = '';
  let cleared = '';
  let refused = '';

  before(async () => {
    smtp = await smtpSink();
    server = await startE2eServer({ env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
    await setupOrg(server.url, { name: 'Scaleway', handle: 'scw' }, OWNER);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  test('a case, a status page and a customer who subscribed by email without JavaScript', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    const session = await apiFrom<{ orgs: Array<{ id: string }> }>(page, 'GET', '/session');
    const orgId = session.orgs[0]!.id;
    const base = `/orgs/${orgId}/status`;
    await apiFrom(page, 'PUT', `${base}/page`, { slug: 'scw', name: 'Scaleway', published: true });
    const par1 = await apiFrom<{ id: string }>(page, 'POST', `${base}/components`, {
      name: 'Instances PAR1',
    });
    incidentId = (
      await apiFrom<{ id: string }>(page, 'POST', `${base}/incidents`, {
        name: TITLE,
        body: 'We are assessing the CPU vulnerabilities disclosed today.',
        components: { [par1.id]: 'degraded_performance' },
      })
    ).id;
    const space = await apiFrom<{ id: string }>(page, 'POST', `/orgs/${orgId}/spaces`, {
      name: 'Meltdown providers',
    });
    const kase = await apiFrom<{ id: string }>(page, 'POST', `/spaces/${space.id}/cases`, {
      kind: 'vulnerability',
      title: 'Meltdown / Spectre',
      tlp: 'CLEAR',
    });
    cleared = (
      await apiFrom<{ id: string }>(page, 'POST', `/cases/${kase.id}/posts`, { body: CLEARED, tlp: 'GREEN' })
    ).id;
    refused = (
      await apiFrom<{ id: string }>(page, 'POST', `/cases/${kase.id}/posts`, { body: REFUSED, tlp: 'GREEN' })
    ).id;

    const visitor = await openPage(browser, t, { javaScriptEnabled: false });
    await visitor.goto(`${server.url}/status/scw`);
    await visitor.getByRole('link', { name: 'Email updates' }).click();
    await visitor.getByRole('heading', { name: 'Get Scaleway status updates' }).waitFor();
    await visitor.getByLabel('Email address').fill(READER);
    await shot(visitor, 'status-subscribe-form');
    await visitor.getByRole('button', { name: 'Subscribe' }).click();
    await visitor.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    const mail = await waitFor(() => smtp.to(READER)[0], 'the confirmation email');
    const link = /http:\/\/[^\s]+\/status\/scw\/subscribe\/confirm\/[A-Za-z0-9_-]{50}/.exec(mail.text)?.[0];
    assert.ok(link, 'a confirmation link');
    await visitor.goto(link);
    await visitor.getByRole('button', { name: 'Confirm subscription' }).click();
    await visitor.getByRole('heading', { name: 'Subscription confirmed' }).waitFor();
  });

  test('the GREEN post is refused with the gate’s message; re-marked CLEAR it becomes Update #2', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/o/scw/status/incidents/${incidentId}`);
    const panel = page.getByRole('region', { name: 'Publish from coordination' });
    const publish = async (postId: string) => {
      await panel.getByLabel('Post id').fill(postId);
      await panel.getByRole('button', { name: 'Publish as status update' }).click();
      await panel.getByLabel('Incident status').selectOption('identified');
      await panel.getByRole('button', { name: 'Publish', exact: true }).click();
    };
    await publish(refused);
    await panel.getByText(/labelled TLP:GREEN; only TLP:CLEAR content can be published/).waitFor();
    await shot(page, 'status-publish-refused');

    // The author (the source) widens the label: only the source may.
    await apiFrom(page, 'PUT', `/labels/post/${cleared}`, { tlp: 'CLEAR' });
    await publish(cleared);
    await panel.getByText('Published as Update #2').waitFor();
    await page.locator('ol.status-updates .update-head strong').first().getByText('Update #2').waitFor();

    const session = await apiFrom<{ orgs: Array<{ id: string }> }>(page, 'GET', '/session');
    for (const u of LATER)
      await apiFrom(page, 'POST', `/orgs/${session.orgs[0]!.id}/status/incidents/${incidentId}/updates`, u);
  });

  test('without JavaScript the public page shows Update #7 first; the mailbox has every update', async (t) => {
    const visitor = await openPage(browser, t, { javaScriptEnabled: false });
    await visitor.goto(`${server.url}/status/scw/incidents/${incidentId}`);
    const heads = await visitor.locator('ol.updates .update-head strong').allTextContents();
    assert.deepEqual(
      heads,
      [7, 6, 5, 4, 3, 2, 1].map((n) => `Update #${n}`),
    );
    await visitor.getByText(CLEARED).waitFor();
    assert.equal(await visitor.getByText(REFUSED).count(), 0);
    await shot(visitor, 'status-meltdown-update-7');

    const updates = await waitFor(() => {
      const got = smtp.to(READER).filter((m) => /Update #\d/.test(m.text));
      return got.length >= 6 && got;
    }, 'six update emails');
    const numbers = updates.map((m) => /Update #(\d)/.exec(m.text)?.[1]).sort();
    assert.deepEqual(numbers, ['2', '3', '4', '5', '6', '7'], 'every update after confirming, none before');
    assert.ok(updates.some((m) => m.text.includes('KPTI host kernels are validated')));
    assert.ok(updates.every((m) => /List-Unsubscribe-Post: List-Unsubscribe=One-Click/.test(m.text)));
    assert.ok(!smtp.mails.some((m) => m.text.includes('microcode from the vendor is still under embargo')));
  });
});
