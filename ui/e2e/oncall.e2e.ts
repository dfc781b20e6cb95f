import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser.ts';
import { apiFrom, assertNoSideScroll, openPage, pagerDuty, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const OWNER = { name: 'Olga Owner', email: 'olga@north.test', password: 'correct horse battery' };
const TZ = 'Europe/Berlin';
const DAY = 86_400_000;
const REX = { name: 'Rex Responder', email: 'rex@north.test' };
const berlinDate = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: TZ });

// On-call, driven through the console: a schedule with an override, an escalation policy, a
// routing rule and an integration key are made in the UI; a PagerDuty Events v2 trigger sent
// with that key opens an incident that appears live and is acknowledged and resolved.
describe('on-call and incidents', () => {
  let server: E2eServer;
  let browser: Browser;
  let orgId = '';
  let integrationKey = '';

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    ({ orgId } = await setupOrg(server.url, { name: 'North Cloud', handle: 'north' }, OWNER));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const base = () => `${server.url}/o/north`;
  const pd = (body: Record<string, unknown>) => pagerDuty(server.url, integrationKey, body);

  test('a schedule with a weekly rotation and an override, shown as a week calendar', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await apiFrom(page, 'POST', `/orgs/${orgId}/members`, { ...REX, role: 'responder' });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'On-call' }).click();
    await page.waitForURL(/\/o\/north\/oncall$/);
    await page.getByText('No schedules yet.').waitFor();
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('Name', { exact: true }).fill('Network on-call');
    await form.getByLabel('Time zone').fill(TZ);
    await form.getByLabel('Handoff time').fill('09:00');
    await form.getByLabel('Starts on').fill(berlinDate(Date.now() - 14 * DAY));
    const add = form.getByLabel('Add to Layer 1 members, in rotation order');
    await add.selectOption({ label: OWNER.name });
    await add.selectOption({ label: REX.name });
    await form.getByRole('button', { name: 'Create schedule' }).click();

    await page.waitForURL(/\/oncall\/schedules\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Network on-call' }).waitFor();
    const week = page.getByRole('region', { name: /Week of/ });
    await week
      .getByRole('list', { name: 'Layer 1: primary' })
      .getByRole('listitem')
      .filter({ hasText: OWNER.name })
      .first()
      .waitFor();
    await page.getByText(/On call now:/).waitFor();

    // Rex covers from yesterday to tomorrow: the override wins in the final row.
    const overrides = page.getByRole('form', { name: 'Add an override' });
    await overrides.getByLabel('Who').selectOption({ label: REX.name });
    await overrides.getByLabel('From (date)').fill(berlinDate(Date.now() - DAY));
    await overrides.getByLabel('From (time)').fill('08:00');
    await overrides.getByLabel('Until (date)').fill(berlinDate(Date.now() + DAY));
    await overrides.getByLabel('Until (time)').fill('20:00');
    await overrides.getByRole('button', { name: 'Add override' }).click();
    await page.getByText(`Override added for ${REX.name}.`).waitFor();
    await week
      .getByRole('list', { name: 'Overrides' })
      .getByRole('listitem')
      .filter({ hasText: REX.name })
      .waitFor();
    const final = week.getByRole('list', { name: 'Final schedule' });
    await final.locator('.week-span.is-override').first().waitFor();
    await page.locator('.oncall-banner').getByText(REX.name).waitFor();
    await shot(page, 'oncall-schedule');

    // The iCalendar subscription link works without a session (calendar apps cannot sign in).
    await page.getByRole('button', { name: 'Create a subscription link' }).click();
    const link = await page.getByLabel('Paste into your calendar app (subscribe by URL)').inputValue();
    const ics = await fetch(link);
    assert.equal(ics.status, 200);
    assert.match(await ics.text(), /BEGIN:VCALENDAR[\s\S]*Rex Responder/);
    await page.getByRole('button', { name: 'I have stored it' }).click();

    // A second layer name that is taken twice is refused with the server's message, shown
    // beside that field (error.details names the field: layers[1].name).
    await page.getByRole('button', { name: 'Edit layers' }).click();
    await page.getByRole('button', { name: 'Add a layer' }).click();
    await page.getByLabel('Layer name').nth(1).fill('primary');
    await page.getByLabel('Add to Layer 2 members, in rotation order').selectOption({ label: REX.name });
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('alert').filter({ hasText: 'Correct the fields marked above.' }).waitFor();
    const second = page.getByLabel('Layer name').nth(1);
    assert.equal(await second.getAttribute('aria-invalid'), 'true');
    const describedBy = (await second.getAttribute('aria-describedby'))?.split(' ')[0];
    assert.equal(await page.locator(`[id="${describedBy}"]`).textContent(), 'layer names must be unique');
    assert.equal(await page.getByLabel('Layer name').first().getAttribute('aria-invalid'), null);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a team made in the console is a target of an escalation level', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(`${base()}/oncall/teams`);
    await page.getByRole('button', { name: 'New team' }).click();
    const form = page.getByRole('form', { name: 'New team' });
    await form.getByLabel('Team name').fill('NOC');
    await form.getByLabel('Add to Members').selectOption({ label: REX.name });
    await form.getByLabel('On-call schedule').selectOption({ label: 'Network on-call' });
    await form.getByRole('button', { name: 'Create team' }).click();
    const team = page.getByRole('region', { name: 'NOC' });
    await team.getByText(REX.name).waitFor();
    assert.match((await team.textContent()) ?? '', /whoever is on call in “Network on-call”/);
    await shot(page, 'oncall-teams');

    await page
      .getByRole('navigation', { name: 'On-call' })
      .getByRole('link', { name: 'Escalation policies' })
      .click();
    await page.getByRole('button', { name: 'New policy' }).click();
    const editor = page.getByRole('form', { name: 'New escalation policy' });
    await editor.getByLabel('Name', { exact: true }).fill('NOC first');
    await editor.getByLabel('Add to Level 1: page these together').selectOption({ label: 'Team: NOC' });
    await editor.getByRole('button', { name: 'Create policy' }).click();
    const policy = page.getByRole('region', { name: 'NOC first' });
    await policy.getByText('Level 1:').waitFor();
    assert.match((await policy.textContent()) ?? '', /team “NOC”/);

    // A team a policy pages cannot go; the refusal stays in the dialog. Without the policy it can.
    const onCall = page.getByRole('navigation', { name: 'On-call' });
    await onCall.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'Delete NOC' }).click();
    let dialog = page.getByRole('dialog', { name: 'Delete “NOC”?' });
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await onCall.getByRole('link', { name: 'Escalation policies' }).click();
    await page.getByRole('button', { name: 'Delete NOC first' }).click();
    dialog = page.getByRole('dialog', { name: 'Delete “NOC first”?' });
    await dialog.getByRole('button', { name: 'Delete policy' }).click();
    await page.getByText('Deleted “NOC first”.').waitFor();
    await onCall.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'Delete NOC' }).click();
    await page
      .getByRole('dialog', { name: 'Delete “NOC”?' })
      .getByRole('button', { name: 'Delete team' })
      .click();
    await page.getByText('Deleted “NOC”.').waitFor();
    assert.equal(await page.getByRole('region', { name: 'NOC' }).count(), 0);
  });

  test('an escalation policy, a routing rule and an integration key', async (t) => {
    const page = await openPage(browser, t, { permissions: ['clipboard-read', 'clipboard-write'] });
    await signIn(page, server.url, OWNER);
    await page.goto(`${base()}/oncall/policies`);
    await page.getByRole('button', { name: 'New policy' }).click();
    const form = page.getByRole('form', { name: 'New escalation policy' });
    await form.getByLabel('Name', { exact: true }).fill('Network escalation');
    await form.getByText('on call in “Network on-call”').waitFor(); // level 1 starts with the schedule
    await form.getByLabel('Minutes before the next level (level 1)').fill('5');
    await form.getByRole('button', { name: 'Add executives as the last level' }).click();
    await form.getByLabel('Repeat the whole policy').fill('1');
    await form.getByRole('button', { name: 'Create policy' }).click();
    const policy = page.getByRole('region', { name: 'Network escalation' });
    await policy.getByText('Level 1:').waitFor();
    assert.match((await policy.textContent()) ?? '', /Level 2:.*executives/);
    await shot(page, 'oncall-policies');

    await page
      .getByRole('navigation', { name: 'On-call' })
      .getByRole('link', { name: 'Routing rules' })
      .click();
    await page.getByRole('button', { name: 'New routing rule' }).click();
    const rule = page.getByRole('form', { name: 'New routing rule' });
    await rule.getByLabel('Name', { exact: true }).fill('Everything to the network team');
    await rule.getByLabel('Escalation policy').selectOption({ label: 'Network escalation' });
    await rule.getByRole('button', { name: 'Create rule' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'Everything to the network team' })
      .getByText('every alert')
      .waitFor();

    await page
      .getByRole('navigation', { name: 'On-call' })
      .getByRole('link', { name: 'Integrations' })
      .click();
    const create = page.getByRole('region', { name: 'Create an integration key' });
    await create.getByLabel('Name').fill('prometheus-edge');
    await create.getByLabel('Kind').selectOption('pagerduty');
    await create.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByRole('region', { name: 'Integration “prometheus-edge” created' });
    await secret.waitFor();
    integrationKey = await secret.getByLabel('Integration key').inputValue();
    assert.match(integrationKey, /^swi_/);
    const example = page
      .getByRole('region', { name: 'Send alerts with this key' })
      .locator('.copy-block pre');
    assert.match((await example.textContent()) ?? '', new RegExp(`"routing_key": "${integrationKey}"`));
    const examples = page.getByRole('region', { name: 'Send alerts with this key' });
    await examples.getByRole('button', { name: 'Copy' }).click();
    await examples.getByText('Copied.').waitFor();
    await shot(page, 'oncall-integration-created');
    await secret.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('row').filter({ hasText: 'prometheus-edge' }).getByText('Never').waitFor();
  });

  test('a PagerDuty trigger opens an incident live; it is acknowledged and resolved in the console', async (t) => {
    assert.ok(integrationKey, 'the previous test created the key');
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Incidents' }).click();
    await page.waitForURL(/\/o\/north\/incidents$/);
    const now = page.getByRole('region', { name: 'On call now' });
    await now.getByRole('link', { name: 'Network on-call' }).waitFor();
    await now.getByText(REX.name).waitFor();
    await page.getByText('No open incidents.').waitFor();
    await page.locator('.live-live').waitFor();

    const res = await pd({
      event_action: 'trigger',
      dedup_key: 'edge-router-1/bgp',
      payload: {
        summary: 'BGP session to AS64500 down on edge-router-1',
        source: 'edge-router-1',
        severity: 'critical',
      },
    });
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { dedup_key: string }).dedup_key, 'edge-router-1/bgp');

    // No reload: the row and the nav count arrive through the live stream.
    const all = page.getByRole('region', { name: 'All incidents' });
    const row = all.getByRole('row').filter({ hasText: 'BGP session to AS64500 down' });
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /Triggered/);
    await page.getByRole('link', { name: /^Incidents\W*1 not acknowledged$/ }).waitFor();
    await shot(page, 'incidents-live');

    await row.getByRole('link', { name: /BGP session/ }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    await page
      .getByRole('heading', { level: 1, name: '#1 BGP session to AS64500 down on edge-router-1' })
      .waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Triggered by').waitFor();
    await timeline.getByText('→ policy “Network escalation”', { exact: false }).waitFor();
    await timeline.getByText(`Paged ${REX.name} (level 1)`).waitFor({ timeout: 10_000 });
    await timeline
      .getByText(/Notification to Rex Responder in the app: delivered/)
      .waitFor({ timeout: 10_000 });
    await timeline.getByText(/Notification to Rex Responder by email.*failed/).waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Acknowledged: escalation stopped.').waitFor();
    await page.locator('.incident-head .pill').getByText('Acknowledged').waitFor();
    await timeline.getByText(`Acknowledged by ${OWNER.name}`).waitFor();
    await shot(page, 'incident-acknowledged');

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.incident-head .pill').getByText('Resolved').waitFor();
    await timeline.getByText(`Resolved by ${OWNER.name}`).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Acknowledge' }).count(), 0);
    await shot(page, 'incident-resolved');
  });

  test('a second trigger after resolve opens a new incident; reassign, then the source resolves it', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.goto(`${base()}/incidents`);
    await page.locator('.live-live').waitFor();
    const trigger = await pd({
      event_action: 'trigger',
      dedup_key: 'edge-router-1/bgp',
      payload: { summary: 'BGP session flapping again', source: 'edge-router-1', severity: 'error' },
    });
    assert.equal(trigger.status, 202);
    const row = page
      .getByRole('region', { name: 'All incidents' })
      .getByRole('row')
      .filter({ hasText: 'BGP session flapping again' });
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /#2/);
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: '#2 BGP session flapping again' }).waitFor();

    const timeline = page.getByRole('region', { name: 'Timeline' });
    await page.getByRole('button', { name: 'Escalate now' }).click();
    await page.getByText('Escalated to the next level.').waitFor();
    await timeline.getByText(`Escalated by ${OWNER.name} to level 2`).waitFor();
    await page.getByRole('button', { name: 'Reassign…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reassign #2' });
    await dialog.getByLabel(OWNER.name).check();
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await dialog.waitFor({ state: 'detached' });
    await timeline.getByText(`Reassigned by ${OWNER.name} to ${OWNER.name}`).waitFor();

    // The monitoring system resolves it: the page follows live.
    const resolve = await pd({ event_action: 'resolve', dedup_key: 'edge-router-1/bgp' });
    assert.equal(resolve.status, 202);
    await page.locator('.incident-head .pill').getByText('Resolved').waitFor({ timeout: 10_000 });
    await timeline.getByText(/Resolved by/).waitFor();
    await page.goto(`${base()}/incidents`);
    await page.getByRole('radio', { name: 'Resolved' }).check();
    await page
      .getByRole('region', { name: 'All incidents' })
      .getByRole('row')
      .filter({ hasText: '#1' })
      .waitFor();
    await shot(page, 'incidents-resolved');

    await page.goto(`${base()}/oncall/deliveries`);
    const log = page.getByRole('row').filter({ hasText: REX.name });
    await log.filter({ hasText: 'delivered' }).first().waitFor();
    await log.filter({ hasText: 'no SMTP server configured' }).first().waitFor();
    await shot(page, 'oncall-delivery-log');
  });

  test('at 375 px and in dark mode: incidents, schedule and incident pages', async (t) => {
    const page: Page = await openPage(browser, t, {
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      colorScheme: 'dark',
    });
    await signIn(page, server.url, OWNER);
    await page.goto(`${base()}/incidents`);
    await page.getByRole('region', { name: 'On call now' }).getByText(REX.name).waitFor();
    await assertNoSideScroll(page, 'incidents');
    await shot(page, 'incidents-375-dark');
    await page
      .getByRole('region', { name: 'On call now' })
      .getByRole('link', { name: 'Network on-call' })
      .click();
    await page.locator('.week-span').first().waitFor();
    await assertNoSideScroll(page, 'schedule');
    await shot(page, 'oncall-schedule-375-dark');
    await page.goto(`${base()}/incidents`);
    await page.getByRole('radio', { name: 'All' }).check();
    await page.getByRole('link', { name: /BGP session to AS64500/ }).click();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Triggered by').waitFor();
    await assertNoSideScroll(page, 'incident');
    await shot(page, 'incident-375-dark');
  });
});
