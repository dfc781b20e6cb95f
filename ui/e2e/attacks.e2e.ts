import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runSimulation, type SimulationResult } from '../../src/flows/simulator/run.ts';
import { exabgpCommands, gobgpArgs, gobgpArgv, gobgpText } from '../../src/mitigation/render.ts';
import { launchBrowser } from '../../test/helpers/browser.ts';
import type { Mitigation } from '../src/types-ops.ts';
import { apiFrom, assertNoSideScroll, openPage, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const OWNER = { name: 'Nadia Netops', email: 'nadia@edge.test', password: 'correct horse battery' };
const VICTIM = '198.51.100.7';

// A real flood: the collect role listens on 127.0.0.1 and the simulator sends NetFlow v5 to it,
// the detection engine finds the attack, mitigation proposes rules, and the console shows it
// all live. Addresses inside the records are documentation ranges (data, never contacted).
describe('attacks and mitigation', () => {
  let server: E2eServer;
  let browser: Browser;
  let orgId = '';
  let flood: Promise<SimulationResult> | null = null;
  let attackUrl = '';

  before(async () => {
    server = await startE2eServer({
      collectorOrg: 'edge',
      detection: { quietPeriodS: 2 },
    });
    browser = await launchBrowser();
    ({ orgId } = await setupOrg(server.url, { name: 'Edge Hosting', handle: 'edge' }, OWNER));
  });
  after(async () => {
    await flood?.catch(() => {});
    await browser?.close();
    await server?.close();
  });

  const base = () => `${server.url}/o/edge`;

  test('before any traffic: the empty state says nothing is watched yet', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Attacks' }).click();
    await page.waitForURL(/\/o\/edge\/attacks$/);
    await page.getByRole('heading', { name: 'No active attacks' }).waitFor();
    await page.getByText('No flow collector has reported for Edge Hosting yet').waitFor();
    await shot(page, 'attacks-empty-no-collector');
  });

  test('mitigation settings: the server’s messages appear beside the fields; a fix saves', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(`${base()}/mitigations/settings`);
    await page.getByRole('heading', { name: 'Mitigation settings' }).waitFor();
    await page.getByText('RTBH blackholes the victim.').waitFor();
    await page.getByLabel('Allow RTBH announcements for this organisation').check();
    await page.getByLabel('IPv4 next hop').fill('192.0.2');
    await page.getByRole('button', { name: 'Add a prefix' }).click();
    await page.getByLabel('Prefix 1').fill('203.0.113.5/24');
    await page.getByLabel('Note 1').fill('resolvers');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const nextHop = page.getByLabel('IPv4 next hop');
    await page.locator('.field-error', { hasText: 'must be an IPv4 address' }).waitFor();
    assert.equal(await nextHop.getAttribute('aria-invalid'), 'true');
    await page.locator('.field-error', { hasText: 'is not a prefix (host bits zero)' }).waitFor();
    assert.equal(await page.getByLabel('Prefix 1').getAttribute('aria-invalid'), 'true');
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await shot(page, 'mitigation-settings-errors');

    await nextHop.fill('192.0.2.1');
    await page.getByLabel('Prefix 1').fill('203.0.113.0/24');
    // RTBH stays off for the flood below: FlowSpec alone is what the test approves.
    await page.getByLabel('Allow RTBH announcements for this organisation').uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Mitigation settings saved.').waitFor();
    assert.equal(await page.locator('.field-error').count(), 0);
    const saved = await apiFrom<{ allowList: { prefix: string }[]; rtbh: { nextHopV4: string } }>(
      page,
      'GET',
      `/orgs/${orgId}/mitigation/settings`,
    );
    assert.deepEqual(
      saved.allowList.map((e) => e.prefix),
      ['203.0.113.0/24'],
    );
    assert.equal(saved.rtbh.nextHopV4, '192.0.2.1');
  });

  test('a real NTP flood appears live, with the graph, talkers and a proposed FlowSpec rule', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(`${base()}/attacks`);
    await page.getByRole('heading', { name: 'No active attacks' }).waitFor();
    await page.locator('.live-live').waitFor(); // the stream is connected before the flood starts

    const collect = await server.startCollect();
    flood = runSimulation({
      host: '127.0.0.1',
      port: collect.collector.netflowPort,
      protocol: 'v5',
      durationMs: 9000,
      background: { hosts: 20, ppsPerHost: 40 },
      attacks: [
        {
          vector: 'ntp',
          target: VICTIM,
          pps: 80_000,
          startMs: 300,
          durationMs: 7500,
          spoofed: false,
          sources: 12,
        },
      ],
    });

    // No reload: the card arrives through the live stream.
    const card = page.getByRole('article', { name: VICTIM });
    await card.waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: '1 active attack' }).waitFor();
    assert.match((await card.textContent()) ?? '', /NTP/);
    await card
      .getByText(/\d(\.\d)? [kM]pps/)
      .first()
      .waitFor();
    await card
      .getByText(/\d(\.\d)? [kMG]bps/)
      .first()
      .waitFor();
    await page.waitForTimeout(1500); // a few live updates
    await shot(page, 'attacks-active');

    await card.getByRole('link', { name: VICTIM }).click();
    await page.waitForURL(/\/attacks\/[0-9a-f-]{36}$/);
    attackUrl = page.url();
    await page.getByRole('heading', { level: 1, name: `Attack on ${VICTIM}` }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await page.locator('.chart .u-legend').getByText('NTP amplification').first().waitFor();
    await page.getByRole('heading', { name: 'Top talkers' }).waitFor();
    await page
      .getByRole('region', { name: 'Top talkers' })
      .getByRole('cell', { name: '123', exact: true })
      .waitFor();
    await page.getByRole('heading', { name: 'Vectors and thresholds crossed' }).waitFor();

    // The proposal: the exact commands the server renders for its rules, in both dialects.
    const panel = page.getByRole('region', { name: 'Mitigation' });
    await panel.getByText('Proposed — needs a decision').waitFor({ timeout: 10_000 });
    const list = await apiFrom<{ items: Mitigation[] }>(page, 'GET', `/orgs/${orgId}/mitigations`);
    const m = list.items.find((x) => x.target === VICTIM);
    assert.ok(m, 'a mitigation was proposed');
    assert.ok(
      m.rules.length > 0 && m.rules.every((r) => r.kind === 'flowspec'),
      'FlowSpec only (RTBH is off)',
    );
    // The API carries the server renderer's output; the page shows exactly that.
    assert.ok(m.commands, 'the API renders the commands');
    assert.deepEqual(m.commands.exabgp.announce, exabgpCommands(m.rules, 'announce'));
    assert.deepEqual(
      m.commands.gobgp.announce,
      m.rules.map((r) => gobgpArgv(r, 'announce')),
    );
    const commands = panel.locator('pre.commands');
    assert.equal(await commands.textContent(), m.commands.exabgp.announce.join('\n'));
    assert.match((await commands.textContent()) ?? '', /source-port =123/);
    await panel.getByText('GoBGP', { exact: true }).click();
    const gobgp = m.commands.gobgp.announce.map((argv) => argv.join(' ')).join('\n');
    assert.equal(gobgp, m.rules.map((r) => gobgpText([], gobgpArgs(r, 'announce'))).join('\n'));
    assert.equal(await commands.textContent(), gobgp);
    await panel.getByText('ExaBGP', { exact: true }).click();
    await page.waitForTimeout(1000);
    await shot(page, 'attack-detail');

    await panel.getByRole('button', { name: `Approve mitigation for ${VICTIM}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve and announce?' });
    await dialog.getByLabel('Note for the record (optional)').fill('NTP reflection, approved on the bridge');
    await dialog.getByRole('button', { name: 'Approve and announce' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Announced by the log driver through the durable job; the live event updates the panel.
    await panel.getByText('Announced', { exact: true }).waitFor({ timeout: 10_000 });
    await panel.getByText('History').click();
    const history = panel.locator('.event-list');
    await history.getByText('Approved', { exact: true }).waitFor();
    await history.getByText('by Nadia Netops').first().waitFor();
    await history.getByText('“NTP reflection, approved on the bridge”').waitFor();
    await history.getByText('Announced', { exact: true }).waitFor();
    await history.locator('pre.commands').first().waitFor();
    await shot(page, 'mitigation-announced');

    await panel.getByRole('button', { name: `Withdraw mitigation for ${VICTIM}` }).click();
    await page
      .getByRole('dialog', { name: 'Withdraw the announcement?' })
      .getByRole('button', { name: 'Withdraw now' })
      .click();
    await panel.getByText('Withdrawn', { exact: true }).first().waitFor({ timeout: 10_000 });
    await history.getByText('Withdrawal requested').waitFor();
  });

  test('the attack ends live and moves to the ended table', async (t) => {
    assert.ok(attackUrl, 'the previous test opened the attack');
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(attackUrl);
    await page.getByRole('heading', { level: 1, name: new RegExp(VICTIM) }).waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
    const before = await focused();
    await flood;
    const summary = page.getByRole('region', { name: 'Summary' });
    await summary.locator('.pill').getByText('Ended', { exact: true }).waitFor({ timeout: 20_000 });
    await summary.getByText(/Lasted/).waitFor();
    // The page was not reloaded: the end came through the live stream, and focus stayed put.
    assert.equal(await focused(), before);
    await page.getByRole('link', { name: '← Attacks' }).click();
    await page.getByRole('heading', { name: 'No active attacks' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: VICTIM });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /NTP/);
    await page.getByText(/Watching \d+ exporters? on 1 collector/).waitFor();
    await shot(page, 'attacks-ended');

    await page.getByRole('link', { name: 'Collectors and exporters' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Collectors and exporters' }).waitFor();
    await page.getByRole('cell', { name: '127.0.0.1' }).first().waitFor();
    await shot(page, 'collectors');

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Mitigations' })
      .click();
    await page.getByRole('heading', { name: 'Record' }).waitFor();
    await page.getByRole('row').filter({ hasText: VICTIM }).getByText('Withdrawn').waitFor();
    await shot(page, 'mitigations');
  });

  test('at 375 px and in dark mode the attack page stays readable', async (t) => {
    const page: Page = await openPage(browser, t, {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      colorScheme: 'dark',
    });
    await signIn(page, server.url, OWNER);
    await page.goto(attackUrl);
    await page.locator('.chart canvas').first().waitFor();
    await page
      .getByRole('region', { name: 'Mitigation' })
      .getByText('Withdrawn', { exact: true })
      .first()
      .waitFor();
    await assertNoSideScroll(page, 'attack detail');
    await shot(page, 'attack-detail-375-dark');
    await page.goto(`${base()}/attacks`);
    await page.getByRole('row').filter({ hasText: VICTIM }).waitFor();
    await assertNoSideScroll(page, 'attacks');
    await page.goto(`${base()}/mitigations/settings`);
    await page.getByLabel('IPv4 next hop').waitFor();
    await assertNoSideScroll(page, 'mitigation settings');
    await shot(page, 'mitigation-settings-375-dark');
  });
});
