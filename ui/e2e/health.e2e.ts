import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { runSimulation, type SimulationResult } from '../../src/flows/simulator/run.ts';
import { launchBrowser } from '../../test/helpers/browser.ts';
import { openPage, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const PROVIDER = { name: 'Ada Ops', email: 'ada@cloud.test', password: 'correct horse battery' };
const CUSTOMER = { name: 'Jesse Noller', email: 'jesse@bitbucket.test', password: 'correct horse battery' };
const VICTIM = '198.51.100.7';

/** A signed-in API client from Node (cookie + CSRF), for arranging what the story starts from. */
async function client(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  // biome-ignore lint/suspicious/noExplicitAny: arranging data, bodies read loosely
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

// The bitbucket story (PRODUCT.md, story 2), the way it should have gone: a UDP flood to the
// customer's address shows on the customer's own health view within seconds, the customer's
// report pages on-call with the evidence, and the provider's answer reaches the customer.
describe('customer resource health (the bitbucket story)', () => {
  let server: E2eServer;
  let browser: Browser;
  let flood: Promise<SimulationResult> | null = null;
  let providerId = '';
  let customerId = '';

  before(async () => {
    server = await startE2eServer({ collectorOrg: 'cloud', detection: { quietPeriodS: 3 } });
    browser = await launchBrowser();
    ({ orgId: providerId } = await setupOrg(server.url, { name: 'Cloud Co', handle: 'cloud' }, PROVIDER));
    const ada = await client(server.url, PROVIDER.email, PROVIDER.password);
    // The customer's org, with its own person; Ada steps out so the orgs share nobody.
    const org = await ada('POST', '/orgs', { name: 'Bitbucket', handle: 'bitbucket' });
    customerId = org.id;
    const added = await ada('POST', `/orgs/${customerId}/members`, {
      email: CUSTOMER.email,
      name: CUSTOMER.name,
      role: 'owner',
    });
    const jesse = await client(server.url, CUSTOMER.email, added.initialPassword);
    await jesse('POST', '/me/password', {
      currentPassword: added.initialPassword,
      newPassword: CUSTOMER.password,
    });
    const jesseAgain = await client(server.url, CUSTOMER.email, CUSTOMER.password);
    await jesseAgain('DELETE', `/orgs/${customerId}/members/${(await ada('GET', '/session')).user.id}`);
  });
  after(async () => {
    await flood?.catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('the provider links the customer and maps its resources, CSV rows with errors named', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, PROVIDER);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Customer health' })
      .click();
    await page.getByRole('navigation', { name: 'Health' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Customer organisation handle').fill('bitbucket');
    await page.getByRole('button', { name: 'Link customer' }).click();
    await page.getByRole('link', { name: 'Bitbucket' }).click();
    await page.waitForURL(new RegExp(`/health/customers/${customerId}$`));
    await page
      .getByLabel('…or paste it')
      .fill(
        `kind,identifier,name,region\naddress,${VICTIM},bitbucket web,us-east\naddress,198.51.100.999,typo,us-east\nvolume,vol-ebs-1,EBS volume,us-east\n`,
      );
    await page.getByRole('button', { name: 'Import' }).click();
    await page
      .getByRole('list', { name: 'Rows with errors' })
      .getByText('Line 3: "198.51.100.999" is not an IPv4 or IPv6 address.')
      .waitFor();
    await page.getByText('0 resource(s) imported.').waitFor();
    await shot(page, 'health-csv-errors');
    await page.getByLabel('Import the good rows even when some are bad').check();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('2 resource(s) imported.').waitFor();
    const table = page.getByRole('table', { name: 'Resources' });
    await table.getByRole('cell', { name: VICTIM }).waitFor();
    await table.getByRole('cell', { name: 'vol-ebs-1' }).waitFor();
  });

  test('a simulated flood appears on the customer’s health view, live, with the sentence and graph', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, CUSTOMER);
    await page.goto(`${server.url}/o/bitbucket/health`);
    await page.getByRole('heading', { name: 'My resources' }).waitFor();
    const row = page.locator(`tr[data-resource="${VICTIM}"]`);
    await row.getByText('Available').waitFor();
    await page.locator('.live-live').waitFor(); // connected before the flood starts

    const collect = await server.startCollect();
    const started = Date.now();
    flood = runSimulation({
      host: '127.0.0.1',
      port: collect.collector.netflowPort,
      protocol: 'v5',
      durationMs: 12_000,
      background: { hosts: 20, ppsPerHost: 40 },
      attacks: [
        {
          vector: 'udp',
          target: VICTIM,
          pps: 120_000,
          startMs: 300,
          durationMs: 11_000,
          spoofed: true,
          sources: 40,
        },
      ],
    });
    // No reload: the change arrives through the customer's live stream.
    await row.getByText('Degraded').waitFor({ timeout: 15_000 });
    const seenAfter = Date.now() - started;
    await row
      .getByText(
        new RegExp(
          `We see an? [\\d.]+ kpps UDP flood to ${VICTIM.replace(/\./g, '\\.')} since \\d\\d:\\d\\d UTC; `,
        ),
      )
      .waitFor();
    console.log(`# flood start → customer's health view: ${seenAfter} ms`);
    await shot(page, 'health-my-resources-attacked');

    await row.getByRole('link', { name: 'bitbucket web' }).click();
    await page.getByRole('heading', { level: 1, name: 'bitbucket web' }).waitFor();
    await page.getByTestId('attack-sentence').waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await page.waitForTimeout(1500); // a few live points on the graph
    await shot(page, 'health-resource-attacked');

    // "Support said nothing was wrong" must not happen: the report pages on-call at once.
    await page.getByLabel('What is wrong').selectOption('unreachable');
    await page.getByLabel('Describe it').fill('High iowait and our site at 198.51.100.7 does not answer.');
    await page.getByRole('button', { name: 'Report problem' }).click();
    await page.getByText('the on-call engineer has been paged').waitFor();
    const card = page.getByRole('article', { name: 'Report about bitbucket web' });
    await card.getByTestId('report-state').getByText('Investigating').waitFor();
    await card.getByText('On-call paged').waitFor();
    await card.getByText('No human response yet').waitFor();

    // The provider answers from its queue; the customer sees it without reloading.
    const provider = await openPage(browser, t);
    await signIn(provider, server.url, PROVIDER);
    await provider.goto(`${server.url}/o/cloud/health/queue`);
    const queued = provider.getByRole('article', { name: 'Report about bitbucket web' });
    await queued
      .getByText(new RegExp(`UDP flood to ${VICTIM.replace(/\./g, '\\.')}`))
      .first()
      .waitFor();
    await queued.getByText(/Paged because telemetry agrees/).waitFor();
    await queued
      .getByLabel('Answer the customer')
      .fill('We see the UDP flood and are filtering it upstream.');
    await queued.getByLabel('State').selectOption('confirmed');
    await queued.getByRole('button', { name: 'Send' }).click();
    await shot(provider, 'health-report-queue');
    await card.getByText('We see the UDP flood and are filtering it upstream.').waitFor({ timeout: 10_000 });
    await card.getByTestId('report-state').getByText('Confirmed').waitFor();
    await card.getByText(/First human response after/).waitFor();
    await shot(page, 'health-report-answered');
    assert.ok(providerId);
  });
});
