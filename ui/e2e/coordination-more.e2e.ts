import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { MELTDOWN_CVE, OSV_WITH_ALIASES } from '../../src/cases/import-fixtures.ts';
import { launchBrowser, newPage } from '../../test/helpers/browser.ts';
import { Client } from './coordination-client.ts';
import { assertNoSideScroll, type Person, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

// The console around the case thread: a mention lights the bell of the person named, live;
// search shows what the reader's labels allow; a CVE record fills in a new case; a reader asks
// the source to widen a label and the source's approval shows the post to another org, live.

const YANN = { name: 'Yann Scaleway', email: 'yann@scaleway.test', password: 'correct horse battery' };

describe('consortium coordination: notifications, search, import, re-marking', () => {
  let server: E2eServer;
  let browser: Browser;
  let yann: Client;
  let yannId = '';
  const people = new Map<string, Person & { orgId: string; userId: string; api: Client }>();
  let spaceId = '';
  let caseId = '';
  const pages = new Map<string, Page>();
  const errors: string[] = [];

  /** An org owned by its own person (Yann creates it, hands it over and steps out). */
  async function provider(handle: string, name: string, owner: string) {
    const org = await yann.call('POST', '/orgs', { name, handle });
    await yann.login(YANN.email, YANN.password);
    const email = `${owner.toLowerCase()}@${handle}.test`;
    const added = await yann.call('POST', `/orgs/${org.id}/members`, { email, name: owner, role: 'owner' });
    const api = await new Client(server.url).login(email, added.initialPassword);
    const userId = (await api.call('GET', '/session')).user.id;
    await api.call('DELETE', `/orgs/${org.id}/members/${yannId}`);
    people.set(handle, { name: owner, email, password: added.initialPassword, orgId: org.id, userId, api });
    const { invitation } = await yann.call('POST', `/spaces/${spaceId}/invitations`, { orgHandle: handle });
    await api.call('POST', `/orgs/${org.id}/space-invitations/${invitation.id}/accept`);
  }

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const { orgId } = await setupOrg(server.url, { name: 'Scaleway', handle: 'scaleway' }, YANN);
    yann = await new Client(server.url).login(YANN.email, YANN.password);
    yannId = (await yann.call('GET', '/session')).user.id;
    spaceId = (await yann.call('POST', `/orgs/${orgId}/spaces`, { name: 'Independent clouds' })).id;
    await provider('ovh', 'OVH', 'Octave');
    await provider('packet', 'Packet', 'Zac');
    caseId = (
      await yann.call('POST', `/spaces/${spaceId}/cases`, {
        kind: 'vulnerability',
        title: 'Meltdown / Spectre',
        cveIds: ['CVE-2017-5754'],
      })
    ).id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    assert.deepEqual(
      errors.filter((e) => !/Failed to load resource/.test(e)),
      [],
      'page errors',
    );
  });

  /** One browser per person, kept open across the tests. */
  async function pageOf(who: 'yann' | 'ovh' | 'packet') {
    const known = pages.get(who);
    if (known) return known;
    const { page, errors: e } = await newPage(browser);
    errors.push(...e);
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await signIn(page, server.url, who === 'yann' ? YANN : people.get(who)!);
    pages.set(who, page);
    return page;
  }
  const caseUrl = (handle: string) => `${server.url}/o/${handle}/spaces/${spaceId}/cases/${caseId}`;
  const thread = (page: Page) => page.getByRole('list', { name: 'Posts' });

  test('a mention picked with the keyboard lights the bell of the person named, live', async () => {
    // The new case was announced to OVH: mark it read from the panel; turn email off there too.
    const octave = await pageOf('ovh');
    await octave.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const panel = octave.getByRole('region', { name: 'Notifications' });
    await panel.getByRole('link', { name: 'New vulnerability case: Meltdown / Spectre' }).waitFor();
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await octave.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    const email = panel.getByRole('checkbox', { name: 'Email me these notifications' });
    const before = (await people.get('ovh')!.api.call('GET', '/me/notifications/settings')).email;
    assert.equal(await email.isChecked(), before);
    await email.click();
    await octave.waitForFunction(
      ({ want }) =>
        (document.querySelector('.notif-foot input[type=checkbox]') as HTMLInputElement | null)?.checked ===
        want,
      { want: !before },
    );
    const after = (await people.get('ovh')!.api.call('GET', '/me/notifications/settings')).email;
    assert.equal(after, !before, 'the email setting is saved');
    await octave.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    const page = await pageOf('yann');
    await page.goto(caseUrl('scaleway'));
    const form = page.getByRole('form', { name: 'Write a post' });
    const box = form.getByLabel('Message (Markdown)');
    // Escape closes the suggestions without touching the text.
    await box.pressSequentially('Also @pa');
    const list = form.getByRole('listbox', { name: 'Mention suggestions' });
    await list.getByRole('option', { name: /everyone in Packet/ }).waitFor();
    await list.getByRole('option', { name: /Zac/ }).waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    assert.equal(await box.inputValue(), 'Also @pa');
    await box.fill('');
    await box.pressSequentially('Heads up @oc');
    await list.getByRole('option', { name: /Octave/ }).waitFor();
    await shot(page, 'coord2-mention-autocomplete');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Heads up @octave@ovh ');
    await box.pressSequentially('KPTI backport is out');
    await form.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await box.press('Control+Enter');
    await thread(page).getByText('KPTI backport is out').waitFor();

    await octave.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const link = panel.getByRole('link', { name: 'Yann Scaleway mentioned you in Meltdown / Spectre' });
    await link.waitFor();
    await panel.getByText('TLP:GREEN').first().waitFor();
    await shot(octave, 'coord2-bell-panel');
    await link.click();
    await octave.waitForURL(new RegExp(`/o/ovh/spaces/${spaceId}/cases/${caseId}#post-`));
    await thread(octave).getByText('KPTI backport is out').waitFor();
    await octave.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // On a phone the panel spans the screen; nothing scrolls sideways.
    await octave.setViewportSize({ width: 390, height: 844 });
    await octave.getByRole('button', { name: 'Notifications', exact: true }).click();
    await octave.getByRole('region', { name: 'Notifications' }).getByRole('link').first().waitFor();
    await assertNoSideScroll(octave, 'notifications panel at 390px');
    await shot(octave, 'coord2-bell-narrow');
    await octave.keyboard.press('Escape');
    await octave.setViewportSize({ width: 1280, height: 900 });
  });

  test('the email link /spaces/…/cases/… opens the case under the reader’s org, after sign-in too', async () => {
    const zac = await pageOf('packet');
    await zac.goto(`${server.url}/spaces/${spaceId}/cases/${caseId}`);
    await zac.waitForURL(`${caseUrl('packet')}`);
    await zac.getByRole('heading', { level: 1, name: 'Meltdown / Spectre' }).waitFor();
    // Signed out (as from an email): sign in first, then the case.
    const { context, page, errors: e } = await newPage(browser);
    await page.goto(`${server.url}/spaces/${spaceId}/cases/${caseId}`);
    await page.waitForURL(/\/sign-in\?next=%2Fspaces%2F/);
    await page.getByLabel('Email').fill(YANN.email);
    await page.getByLabel('Password').fill(YANN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(caseUrl('scaleway'));
    await page.getByRole('heading', { level: 1, name: 'Meltdown / Spectre' }).waitFor();
    errors.push(...e);
    await context.close();
  });

  test('search finds what the reader may see, never a RED post addressed to someone else', async () => {
    const zac = people.get('packet')!;
    await yann.call('POST', `/cases/${caseId}/posts`, {
      body: 'RED zebra microcode build ids for Zac only',
      tlp: 'RED',
      recipientUserIds: [zac.userId],
    });
    await yann.call('POST', `/cases/${caseId}/posts`, {
      body: 'GREEN zebra kernel 4.14.11 notes',
      tlp: 'GREEN',
    });
    const octave = await pageOf('ovh');
    await octave.goto(`${server.url}/o/ovh/spaces/${spaceId}`);
    await octave.getByRole('searchbox').fill('zebra');
    const results = octave.getByRole('list', { name: 'Search results' });
    await results.getByRole('listitem').filter({ hasText: 'kernel 4.14.11' }).waitFor();
    assert.equal(await results.getByRole('listitem').count(), 1, await results.innerText());
    assert.doesNotMatch(await results.innerText(), /microcode|TLP:RED/);
    await results.locator('mark', { hasText: 'zebra' }).first().waitFor();
    await shot(octave, 'coord2-search');
    // The person it is addressed to finds it.
    const page = await pageOf('packet');
    await page.goto(`${server.url}/o/packet/spaces/${spaceId}`);
    await page.getByRole('searchbox').fill('zebra microcode');
    await page.getByRole('list', { name: 'Search results' }).getByText('TLP:RED').waitFor();
    await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().click();
    await page.waitForURL(/#post-/);
    await thread(page).getByText('RED zebra microcode').waitFor();
  });

  test('a CVE JSON 5 record fills in a new case; an OSV record adds its ids to it', async () => {
    const page = await pageOf('yann');
    await page.goto(`${server.url}/o/scaleway/spaces/${spaceId}`);
    await page.getByRole('button', { name: 'New case' }).click();
    const form = page.getByRole('form', { name: 'New case' });
    await form.getByText('Import from CVE JSON 5 / OSV').click();
    await form.getByLabel('Record (CVE JSON 5 or OSV)').fill('{"not": "a record"}');
    await form.getByRole('button', { name: 'Fill in from the record' }).click();
    await form.getByRole('alert').filter({ hasText: /\w/ }).waitFor();
    await form.getByLabel('Record (CVE JSON 5 or OSV)').fill(JSON.stringify(MELTDOWN_CVE));
    await form.getByRole('button', { name: 'Fill in from the record' }).click();
    await form.getByText(/Filled in from CVE-2017-5754/).waitFor();
    assert.equal(await form.getByLabel('Title').inputValue(), 'Rogue data cache load (Meltdown)');
    assert.equal(await form.getByLabel('CVE ids').inputValue(), 'CVE-2017-5754');
    await shot(page, 'coord2-import-new-case');
    await form.getByRole('button', { name: 'Open case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'Rogue data cache load (Meltdown)' }).waitFor();

    await page.getByRole('button', { name: 'Import record' }).click();
    const imp = page.getByRole('form', { name: 'Import record' });
    await imp.getByLabel('Record (CVE JSON 5 or OSV)').fill(JSON.stringify(OSV_WITH_ALIASES));
    await imp.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await imp.getByRole('button', { name: /^Import/ }).click();
    await page.getByRole('list', { name: 'CVE ids' }).getByText('CVE-2022-41723').waitFor();
    await thread(page).getByText('Imported from GO-2023-1571').waitFor();
  });

  test('a re-marking request approved by the source shows the post to another org, live', async () => {
    const packet = people.get('packet')!;
    const scalewayId = (await yann.call('GET', `/spaces/${spaceId}/orgs`)).items.find(
      (o: { org: { handle: string } }) => o.org.handle === 'scaleway',
    ).org.id;
    await yann.call('POST', `/cases/${caseId}/posts`, {
      body: 'AMBER+STRICT: our ESXi build numbers',
      tlp: 'AMBER+STRICT',
      recipientOrgIds: [scalewayId, packet.orgId],
    });
    const octave = await pageOf('ovh');
    await octave.goto(caseUrl('ovh'));
    await thread(octave).getByText('KPTI backport is out').waitFor();
    assert.equal(await thread(octave).getByText('ESXi build numbers').count(), 0);

    const zac = await pageOf('packet');
    await zac.goto(caseUrl('packet'));
    const post = thread(zac).getByRole('article').filter({ hasText: 'ESXi build numbers' });
    await post.getByRole('button', { name: 'Ask to widen' }).click();
    const ask = post.getByRole('form', { name: 'Ask to widen' });
    await ask.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await ask.getByLabel('Why (shown to the source)').fill('OVH runs the same ESXi builds');
    await ask.getByRole('button', { name: 'Send request' }).click();
    await zac.getByRole('list', { name: 'Your re-marking requests' }).getByText('pending').waitFor();

    const page = await pageOf('yann');
    await page.goto(caseUrl('scaleway'));
    const requests = page.getByRole('list', { name: 'Requests for you to decide' });
    await requests.getByText('OVH runs the same ESXi builds').waitFor();
    await shot(page, 'coord2-remark-request');
    await requests.getByRole('button', { name: 'Approve' }).click();
    await thread(octave).getByText('ESXi build numbers').waitFor();
    await zac.reload();
    await zac.getByRole('list', { name: 'Your re-marking requests' }).getByText('approved').waitFor();
    await shot(octave, 'coord2-remark-widened');

    // A vendor question is asked to be widened the same way; its source is never offered to ask.
    await yann.call('POST', `/cases/${caseId}/questions`, {
      vendor: 'VMware',
      body: 'Which ESXi patch carries the microcode?',
      tlp: 'AMBER+STRICT',
      recipientOrgIds: [scalewayId, packet.orgId],
    });
    const question = zac.getByRole('article', { name: 'Question to VMware' });
    await question.getByRole('button', { name: 'Ask to widen' }).click();
    await question
      .getByRole('form', { name: 'Ask to widen' })
      .getByRole('radio', { name: 'TLP:GREEN' })
      .check();
    await question.getByRole('button', { name: 'Send request' }).click();
    await page.reload();
    await requests.getByText(/question to VMware/).waitFor();
    const own = page.getByRole('article', { name: 'Question to VMware' });
    await own.getByRole('button', { name: 'Answer' }).waitFor();
    assert.equal(await own.getByRole('button', { name: 'Ask to widen' }).count(), 0);
  });

  test('the case page offers exports and a link to publish an advisory', async () => {
    const page = await pageOf('yann');
    await page.goto(caseUrl('scaleway'));
    await page.getByRole('button', { name: 'Export' }).click();
    const md = page.getByRole('link', { name: 'Markdown (.md)' });
    assert.equal(await md.getAttribute('href'), `/api/v1/cases/${caseId}/export?format=markdown`);
    const [download] = await Promise.all([page.waitForEvent('download'), md.click()]);
    assert.match(download.suggestedFilename(), /^TLP-.*Meltdown.*\.md$/);
    await page.getByRole('button', { name: 'Export' }).click();
    await shot(page, 'coord2-export-menu');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Publish advisory' }).click();
    await page.waitForURL(new RegExp(`/o/scaleway/advisories\\?caseId=${caseId}$`));
  });
});
