import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser.ts';
import { apiFrom, assertNoSideScroll, openPage, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const OWNER = { name: 'Sam Scaleway', email: 'sam@north.test', password: 'correct horse battery' };
const TITLE = 'Meltdown and Spectre (CVE-2017-5754)';
const STATUSES = ['identified', 'identified', 'monitoring', 'monitoring', 'monitoring', 'resolved'];

// The Meltdown story to "Update #7": a status page, components and an incident made in the
// console; six numbered updates posted with the composer; then the public page read as a
// visitor, with and without JavaScript, shows Update #7 on top.
describe('public status page', () => {
  let server: E2eServer;
  let browser: Browser;
  let incidentPath = '';
  let orgId = '';

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    ({ orgId } = await setupOrg(server.url, { name: 'North Cloud', handle: 'north' }, OWNER));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an incident posted in the console up to Update #7, previewed as the public sees it', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.getByRole('link', { name: 'Status page' }).click();
    await page.getByRole('heading', { name: 'Create the status page' }).waitFor();
    await page.getByLabel('Slug').fill('north');
    await page.getByLabel('Name', { exact: true }).fill('North Cloud');
    await page.getByLabel('Published').check();
    await page.getByRole('button', { name: 'Create page' }).click();
    await page.getByRole('heading', { name: 'Public page' }).waitFor();
    await page
      .frameLocator('iframe[title="Preview of the public status page"]')
      .getByText('All Systems Operational')
      .waitFor();
    await shot(page, 'status-page-settings');

    const tabs = page.getByRole('navigation', { name: 'Status page' });
    await tabs.getByRole('link', { name: 'Components' }).click();
    for (const name of ['Compute par1', 'Block storage par1']) {
      await page.getByLabel('Name', { exact: true }).fill(name);
      await page.getByRole('button', { name: 'Add component' }).click();
      await page.getByRole('cell', { name, exact: true }).waitFor();
    }
    await shot(page, 'status-components');

    await tabs.getByRole('link', { name: 'Incidents' }).click();
    await page.getByLabel('Title').fill(TITLE);
    await page
      .getByLabel('First update (public)')
      .fill('We are assessing the impact of the CPU vulnerabilities on our hosts.');
    await page.getByRole('checkbox', { name: 'Compute par1' }).check();
    await page.getByLabel('New status of Compute par1').selectOption('degraded_performance');
    await page.getByRole('button', { name: 'Publish incident' }).click();
    await page.getByRole('heading', { name: 'Post Update #2' }).waitFor();
    incidentPath = new URL(page.url()).pathname;

    for (let n = 2; n <= 7; n++) {
      await page.getByLabel('Status', { exact: true }).selectOption(STATUSES[n - 2]!);
      await page
        .getByLabel('Message (public)')
        .fill(`Update ${n}: KPTI host kernels rolled out to ${n * 14} % of par1.`);
      await page.getByRole('button', { name: `Publish Update #${n}` }).click();
      await page.getByText(`Update #${n}`, { exact: true }).first().waitFor();
    }
    const heads = await page.locator('ol.status-updates .update-head strong').allTextContents();
    assert.deepEqual(heads, [
      'Update #7',
      'Update #6',
      'Update #5',
      'Update #4',
      'Update #3',
      'Update #2',
      'Update #1',
    ]);
    const preview = page.frameLocator('iframe[title="Preview of the public status page"]');
    await preview.getByText('Update #7').first().waitFor();
    await preview.getByRole('heading', { name: TITLE }).waitFor();
    await shot(page, 'status-incident-composer');
    // A resolved incident takes a postmortem, but not a new status without reopening.
    await page.getByLabel('Status', { exact: true }).selectOption('investigating');
    await page.getByLabel('Message (public)').fill('Something else.');
    await page.getByRole('button', { name: 'Publish Update #8' }).click();
    await page.getByText(/reopen it explicitly/).waitFor();
  });

  test('a visitor without JavaScript sees Update #7 first, on a phone and in dark mode', async (t) => {
    assert.ok(incidentPath, 'the previous test made the incident');
    const page = await openPage(browser, t, { javaScriptEnabled: false });
    const res = await page.goto(`${server.url}/status/north`);
    assert.equal(res?.status(), 200);
    await page.getByRole('heading', { name: 'North Cloud status', level: 1 }).waitFor();
    assert.equal(await page.locator('script').count(), 0);
    await page.getByRole('link', { name: TITLE }).first().click();
    const heads = await page.locator('ol.updates .update-head strong').allTextContents();
    assert.equal(heads[0], 'Update #7');
    assert.equal(heads.length, 7);
    assert.match((await page.locator('ol.updates li').first().textContent()) ?? '', /Resolved/);
    await shot(page, 'status-public-incident');
    await page.goto(`${server.url}/status/north`);
    await shot(page, 'status-public-home');
    const feed = await page
      .locator('link[rel="alternate"][type="application/atom+xml"]')
      .getAttribute('href');
    assert.equal(feed, '/status/north/history.atom');

    const phone = await openPage(browser, t, {
      javaScriptEnabled: false,
      viewport: { width: 375, height: 740 },
      colorScheme: 'dark',
    });
    await phone.goto(`${server.url}/status/north`);
    await assertNoSideScroll(phone, 'public status page on a phone');
    const bg = await phone.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(13, 17, 23)', 'dark scheme');
    await shot(phone, 'status-public-phone-dark');
  });

  test('maintenance is scheduled in the console and announced on the public page', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(`${server.url}/o/north/status/maintenance`);
    await page.getByLabel('Title').fill('Microcode rollout');
    await page
      .getByLabel('Announcement (public)')
      .fill('Hypervisors reboot one by one; instances are live-migrated.');
    await page.getByRole('checkbox', { name: 'Compute par1' }).check();
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'Microcode rollout' }).waitFor();
    await shot(page, 'status-maintenance');
    const visitor = await openPage(browser, t, { javaScriptEnabled: false });
    await visitor.goto(`${server.url}/status/north`);
    await visitor.getByRole('heading', { name: 'Scheduled maintenance' }).waitFor();
    await visitor.getByRole('link', { name: 'Microcode rollout' }).waitFor();
    // The work role starts and completes maintenance on time (durable jobs in this server).
    const start = Date.now() + 2000;
    const made = await apiFrom<{ id: string }>(page, 'POST', `/orgs/${orgId}/status/maintenances`, {
      name: 'Switch firmware',
      body: 'Top-of-rack switches in par1.',
      scheduledFor: new Date(start).toISOString(),
      scheduledUntil: new Date(start + 3000).toISOString(),
      componentIds: [],
    });
    const stateOf = async () => {
      await visitor.goto(`${server.url}/status/north/api/v2/scheduled-maintenances.json`);
      const doc = JSON.parse((await visitor.locator('body').textContent()) ?? '{}');
      return doc.scheduled_maintenances.find((m: { name: string }) => m.name === 'Switch firmware')?.status;
    };
    const seen = new Set<string>();
    const until = Date.now() + 20_000;
    while (Date.now() < until && !seen.has('completed')) {
      seen.add(await stateOf());
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.ok(seen.has('completed'), `completed on time: ${[...seen]}`);
    const done = await apiFrom<{ updates: { status: string }[] }>(
      page,
      'GET',
      `/orgs/${orgId}/status/incidents/${made.id}`,
    );
    assert.deepEqual(
      done.updates.map((u) => u.status),
      ['completed', 'in_progress', 'scheduled'],
    );
  });
});
