import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage } from '../../test/helpers/browser.ts';
import { Client } from './coordination-client.ts';
import { assertNoSideScroll, openPage, type Person, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

// Story 1 of PRODUCT.md through the console: Scaleway opens a Meltdown/Spectre case in a
// consortium space and invites five providers; engineers post live under RED, AMBER+STRICT and
// GREEN while OVH watches in a second browser and sees exactly what its labels allow; orgs fill
// the status matrix; a vendor question gets votes; Exoscale joins late and sees only its share.

const CVES = ['CVE-2017-5753', 'CVE-2017-5715', 'CVE-2017-5754'];
const YANN = { name: 'Yann Scaleway', email: 'yann@scaleway.test', password: 'correct horse battery' };

interface Provider {
  handle: string;
  name: string;
  orgId: string;
  owner: Person & { userId: string };
  api: Client;
}

describe('consortium coordination: the Meltdown/Spectre story', () => {
  let server: E2eServer;
  let browser: Browser;
  const orgs = new Map<string, Provider>();
  let scaleway: Client;
  let spaceId = '';
  let caseUrl = '';
  let yannPage: Page;
  let ovhPage: Page;
  let yannId = '';

  /** A provider org owned by its own person (Yann creates it, hands it over and steps out). */
  async function provider(handle: string, name: string, owner: string): Promise<Provider> {
    const org = await scaleway.call('POST', '/orgs', { name, handle });
    await scaleway.login(YANN.email, YANN.password); // a fresh session knows the new membership
    const email = `${owner.toLowerCase()}@${handle}.test`;
    const added = await scaleway.call('POST', `/orgs/${org.id}/members`, {
      email,
      name: owner,
      role: 'owner',
    });
    const api = await new Client(server.url).login(email, added.initialPassword);
    const me = await api.call('GET', '/session');
    await api.call('DELETE', `/orgs/${org.id}/members/${yannId}`);
    const p = {
      handle,
      name,
      orgId: org.id,
      owner: { name: owner, email, password: added.initialPassword, userId: me.user.id },
      api,
    };
    orgs.set(handle, p);
    return p;
  }

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const { orgId } = await setupOrg(server.url, { name: 'Scaleway', handle: 'scaleway' }, YANN);
    scaleway = await new Client(server.url).login(YANN.email, YANN.password);
    yannId = (await scaleway.call('GET', '/session')).user.id;
    orgs.set('scaleway', {
      handle: 'scaleway',
      name: 'Scaleway',
      orgId,
      owner: { ...YANN, userId: '' },
      api: scaleway,
    });
    for (const [h, n, o] of [
      ['ovh', 'OVH', 'Octave'],
      ['packet', 'Packet', 'Zac'],
      ['digitalocean', 'DigitalOcean', 'Dana'],
      ['vultr', 'Vultr', 'Victor'],
      ['linode', 'Linode', 'Lina'],
      ['exoscale', 'Exoscale', 'Emma'],
    ] as const)
      await provider(h, n, o);
  });
  // Scaleway's and OVH's browsers stay open across the steps of the story.
  const pageErrors: string[] = [];
  async function persistentPage() {
    const { page, errors } = await newPage(browser);
    pageErrors.push(...errors);
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
    return page;
  }
  after(async () => {
    await browser?.close();
    await server?.close();
    assert.deepEqual(
      pageErrors.filter((e) => !/Failed to load resource/.test(e)),
      [],
      'page errors',
    );
  });

  const o = (h: string) => orgs.get(h)!;
  const composer = (page: Page) => page.getByRole('form', { name: 'Write a post' });
  const thread = (page: Page) => page.getByRole('list', { name: 'Posts' });
  const postWith = (page: Page, text: string) => thread(page).getByRole('article').filter({ hasText: text });

  async function post(page: Page, text: string, tlp: string, pick: string[] = []) {
    const form = composer(page);
    await form.getByRole('radio', { name: `TLP:${tlp}` }).check();
    for (const name of pick) await form.getByRole('checkbox', { name: new RegExp(name) }).check();
    await form.getByLabel('Message (Markdown)').fill(text);
    await form.getByLabel('Message (Markdown)').press('Control+Enter');
    await postWith(page, text).waitFor();
    assert.equal(
      await form.getByLabel('Message (Markdown)').inputValue(),
      '',
      'composer cleared after sending',
    );
  }

  test('Scaleway creates a space, invites five providers by handle, OVH accepts in its own browser', async () => {
    yannPage = await persistentPage();
    await signIn(yannPage, server.url, YANN);
    await yannPage
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Spaces' })
      .click();
    await yannPage.getByText('No spaces yet.').waitFor();
    const create = yannPage.getByRole('form', { name: 'Create a space' });
    await create.getByLabel('Space name').fill('Independent clouds');
    assert.match(
      await create.getByLabel('Component layers (one per line)').inputValue(),
      /host kernel\nhypervisor/,
    );
    await create.getByRole('button', { name: 'Create space' }).click();
    await yannPage.waitForURL(/\/o\/scaleway\/spaces\/[0-9a-f-]{36}$/);
    spaceId = yannPage.url().split('/').pop()!;
    await yannPage.getByRole('heading', { level: 1, name: 'Independent clouds' }).waitFor();
    for (const h of ['ovh', 'packet', 'digitalocean', 'vultr', 'linode']) {
      const invite = yannPage.getByRole('form', { name: 'Invite by handle' });
      await invite.getByLabel('Organisation handle').fill(h);
      await invite.getByRole('button', { name: 'Invite' }).click();
      await yannPage
        .getByRole('list', { name: 'Pending invitations' })
        .getByText(o(h).name, { exact: true })
        .waitFor();
    }

    ovhPage = await persistentPage();
    await signIn(ovhPage, server.url, o('ovh').owner);
    await ovhPage.goto(`${server.url}/o/ovh/spaces`);
    await ovhPage.getByRole('region', { name: 'Invitations for OVH' }).waitFor();
    await shot(ovhPage, 'coordination-invitation');
    await ovhPage.getByRole('button', { name: 'Accept Independent clouds' }).click();
    await ovhPage.getByRole('link', { name: /Independent clouds/ }).waitFor();
    for (const h of ['packet', 'digitalocean', 'vultr', 'linode']) {
      const { items } = await o(h).api.call('GET', `/orgs/${o(h).orgId}/space-invitations`);
      await o(h).api.call('POST', `/orgs/${o(h).orgId}/space-invitations/${items[0].id}/accept`);
    }
    await yannPage.reload();
    const members = yannPage.getByRole('table').filter({ hasText: 'Membership' });
    for (const h of ['OVH', 'Packet', 'DigitalOcean', 'Vultr', 'Linode'])
      await members.getByText(h, { exact: true }).waitFor();

    // The case: three CVE ids (one typo refused beside its field), the default layers, an embargo in UTC.
    await yannPage.getByRole('button', { name: 'New case' }).click();
    const form = yannPage.getByRole('form', { name: 'New case' });
    await form.getByLabel('Title').fill('Meltdown / Spectre');
    await form.getByLabel('CVE ids').fill('CVE-2017-5753 CVE-17-5715');
    await form.getByText('Not CVE ids (CVE-YYYY-NNNN): CVE-17-5715').waitFor();
    await form.getByLabel('CVE ids').fill(CVES.join(' '));
    const embargo = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Date (UTC)').fill(embargo);
    await form.getByLabel('Time (UTC)').fill('21:00');
    await form.getByRole('button', { name: 'Open case' }).click();
    await yannPage.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = new URL(yannPage.url()).pathname;
    const facts = yannPage.getByRole('region', { name: 'Case facts' });
    await facts.getByText(`${embargo} 21:00 UTC`).waitFor();
    await facts.getByText(/lifts in (2 days|4\d hours)/).waitFor();
    for (const c of CVES) await facts.getByText(c).waitFor();
  });

  test('posts arrive live; OVH sees exactly what its labels allow', async () => {
    await ovhPage.goto(`${server.url}${caseUrl.replace('/o/scaleway/', '/o/ovh/')}`);
    await ovhPage.getByRole('heading', { level: 1, name: 'Meltdown / Spectre' }).waitFor();
    await ovhPage.evaluate(() => Object.assign(window, { stillThisPage: true }));
    await post(yannPage, 'RED for Octave: KPTI costs 30% on our Redis hosts', 'RED', ['Octave']);
    await post(yannPage, 'RED for Zac only: Packet microcode build ids', 'RED', ['Zac']);
    await post(yannPage, 'AMBER+STRICT to Packet: our ESXi build numbers', 'AMBER+STRICT', ['Packet']);
    await post(yannPage, 'AMBER+STRICT to OVH: Xen XSA-254 shim notes', 'AMBER+STRICT', ['OVH']);
    await post(yannPage, 'GREEN: kernel 4.14.11 with KPTI is out, @ovh please confirm', 'GREEN');

    // The GREEN post was sent last: once it is on OVH's screen, every earlier event has been too.
    await postWith(ovhPage, 'GREEN: kernel 4.14.11').waitFor();
    assert.equal(await ovhPage.evaluate(() => (window as { stillThisPage?: boolean }).stillThisPage), true);
    const seen = await thread(ovhPage).getByRole('article').allInnerTexts();
    assert.equal(seen.length, 3, `OVH sees 3 posts, got:\n${seen.join('\n---\n')}`);
    assert.match(seen.join('\n'), /TLP:RED[\s\S]*KPTI costs 30%/);
    assert.match(seen.join('\n'), /TLP:AMBER\+STRICT[\s\S]*XSA-254 shim/);
    assert.doesNotMatch(seen.join('\n'), /Zac only|ESXi build/);
    await postWith(ovhPage, 'GREEN: kernel').locator('mark.mention').filter({ hasText: '@ovh' }).waitFor();

    // OVH replies in the thread; Scaleway sees the reply nested under its post, live.
    await postWith(ovhPage, 'GREEN: kernel 4.14.11').getByRole('button', { name: 'Reply' }).click();
    await post(ovhPage, 'Confirmed on our Debian hosts', 'GREEN');
    await yannPage
      .getByRole('list', { name: 'Replies to Yann Scaleway' })
      .getByText('Confirmed on our Debian hosts')
      .waitFor();

    // An edit keeps its history; a file carries size and SHA-256.
    const green = postWith(yannPage, 'GREEN: kernel 4.14.11');
    await green.getByRole('button', { name: 'Edit' }).click();
    await green
      .getByLabel('Edit post (Markdown)')
      .fill('GREEN: kernel 4.14.11 and 4.9.75 with KPTI are out, @ovh please confirm');
    await green.getByRole('button', { name: 'Save edit' }).click();
    await postWith(ovhPage, '4.9.75').getByRole('button', { name: 'History (2 revisions)' }).click();
    await postWith(ovhPage, '4.9.75')
      .getByRole('list', { name: 'Edit history' })
      .getByText('Revision 1')
      .waitFor();
    const patch = Buffer.from('--- a/arch/x86/mm/pti.c\n+++ b/arch/x86/mm/pti.c\n');
    await composer(yannPage)
      .getByLabel('Attach files')
      .setInputFiles({ name: 'kpti.patch', mimeType: 'text/x-patch', buffer: patch });
    await post(yannPage, 'GREEN: our KPTI backport', 'GREEN');
    const file = postWith(ovhPage, 'our KPTI backport').getByRole('list', { name: 'Attachments' });
    await file.getByText(`SHA-256 ${createHash('sha256').update(patch).digest('hex')}`).waitFor();
    await file.getByText(`${patch.length} B`).waitFor();
  });

  test('each org fills its matrix rows; OVH sees only the rows its labels allow', async () => {
    const grid = (p: Page) => p.getByRole('table', { name: 'Status matrix' });
    await grid(yannPage)
      .getByRole('button', { name: 'Scaleway, host kernel, CVE-2017-5754: not set' })
      .click();
    const editor = yannPage.getByRole('form', { name: 'Edit matrix entry' });
    await editor.getByLabel('Status').selectOption('not_affected');
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await editor.getByText('Not affected needs one of the five VEX justifications.').waitFor();
    await editor.getByLabel('Status').selectOption('mitigation_in_progress');
    await editor.getByRole('button', { name: 'Add a region' }).click();
    await editor.getByRole('textbox', { name: 'Region', exact: true }).fill('fr-par');
    await editor.getByLabel('Rollout state').selectOption('in_progress');
    await editor.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await editor.getByRole('button', { name: 'Save entry' }).click();
    await grid(ovhPage)
      .getByRole('button', { name: 'Scaleway, host kernel, CVE-2017-5754: Mitigating' })
      .waitFor();

    await grid(ovhPage).getByRole('button', { name: 'OVH, hypervisor, CVE-2017-5715: not set' }).click();
    const ovhEditor = ovhPage.getByRole('form', { name: 'Edit matrix entry' });
    await ovhEditor.getByLabel('Status').selectOption('fixed');
    await ovhEditor.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await ovhEditor.getByRole('button', { name: 'Save entry' }).click();
    await grid(yannPage).getByRole('button', { name: 'OVH, hypervisor, CVE-2017-5715: Fixed' }).waitFor();

    const caseId = caseUrl.split('/').pop();
    await o('packet').api.call('PUT', `/cases/${caseId}/matrix`, {
      layer: 'host kernel',
      cveId: CVES[2],
      status: 'affected',
      tlp: 'AMBER+STRICT',
    });
    await o('vultr').api.call('PUT', `/cases/${caseId}/matrix`, {
      layer: 'guest images',
      cveId: CVES[0],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      tlp: 'GREEN',
    });
    await grid(ovhPage)
      .getByRole('button', { name: 'Vultr, guest images, CVE-2017-5753: Not affected' })
      .waitFor();
    assert.equal(
      await grid(ovhPage).getByText('Packet').count(),
      0,
      'Packet’s AMBER+STRICT row stays hidden from OVH',
    );
    const still = ovhPage.getByRole('region', { name: 'Still affected' });
    await still.getByText(/Scaleway/).waitFor();
    assert.doesNotMatch(await still.innerText(), /Packet/);
    await grid(yannPage)
      .getByRole('button', { name: 'Packet, host kernel, CVE-2017-5754: Affected' })
      .waitFor({ state: 'detached' });

    await ovhPage.getByRole('radio', { name: 'Ours' }).check();
    assert.equal(await grid(ovhPage).getByText('Scaleway').count(), 0);
    await ovhPage.getByRole('radio', { name: 'Consortium' }).check();
  });

  test('vendor questions: Scaleway asks Intel, OVH votes, a post is promoted to a second question', async () => {
    await yannPage.getByRole('button', { name: 'Ask a vendor' }).click();
    const ask = yannPage.getByRole('form', { name: 'Ask a vendor' });
    await ask.getByRole('combobox', { name: 'Vendor' }).fill('Intel');
    await ask
      .getByLabel('Question (Markdown)')
      .fill('Which microcode revisions fix CVE-2017-5715 on Broadwell?');
    await ask.getByRole('radio', { name: 'TLP:GREEN' }).check();
    await ask.getByRole('button', { name: 'Ask' }).click();
    const intel = (p: Page) => p.getByRole('article', { name: 'Question to Intel' });
    await intel(ovhPage).getByRole('button', { name: 'We need this too' }).click();
    await intel(yannPage).getByText('1 org needs this').waitFor();
    await intel(yannPage).getByText('(ovh)').waitFor();

    const reply = postWith(ovhPage, 'Confirmed on our Debian hosts');
    await reply.getByRole('button', { name: 'Promote to entry' }).click();
    const promote = reply.getByRole('form', { name: 'Promote to entry' });
    await promote.getByRole('radio', { name: 'Vendor question' }).check();
    await promote.getByRole('combobox', { name: 'Vendor' }).fill('Xen Project');
    await promote.getByRole('button', { name: 'Promote' }).click();
    await yannPage
      .getByRole('article', { name: 'Question to Xen Project' })
      .getByRole('button', { name: 'We need this too' })
      .click();
    await intel(yannPage).getByRole('button', { name: 'We need this too' }).click();
    await intel(ovhPage).getByText('2 orgs need this').waitFor();
    await ovhPage
      .getByRole('article', { name: 'Question to Xen Project' })
      .getByText('1 org needs this')
      .waitFor();
    await shot(yannPage, 'coordination-case-scaleway');
    await shot(ovhPage, 'coordination-case-ovh');
  });

  test('Exoscale joins on day two by code and sees only what it is entitled to', async (t) => {
    await yannPage.goto(`${server.url}/o/scaleway/spaces/${spaceId}`);
    await yannPage.getByRole('button', { name: 'Create an invitation code' }).click();
    const code = await yannPage.getByLabel("Give this code to the other org's admin").inputValue();
    await yannPage.getByRole('button', { name: /I have stored it|Done/ }).click();

    const emma = await openPage(browser, t);
    await signIn(emma, server.url, o('exoscale').owner);
    await emma.goto(`${server.url}/o/exoscale/spaces`);
    await emma.getByRole('textbox', { name: 'Invitation code' }).fill(code);
    await emma.getByRole('button', { name: 'Redeem code' }).click();
    await emma.getByText(/Code redeemed/).waitFor();
    await yannPage.reload();
    await yannPage.getByRole('button', { name: 'Approve exoscale' }).click();
    await yannPage
      .getByRole('table')
      .filter({ hasText: 'Membership' })
      .getByText('Exoscale', { exact: true })
      .waitFor();
    await shot(yannPage, 'coordination-space');

    await emma.goto(`${server.url}/o/exoscale/spaces/${spaceId}`);
    await emma.getByRole('link', { name: 'Meltdown / Spectre' }).click();
    await postWith(emma, 'our KPTI backport').waitFor();
    const seen = (await thread(emma).getByRole('article').allInnerTexts()).join('\n---\n');
    assert.equal(await thread(emma).getByRole('article').count(), 3, seen);
    assert.doesNotMatch(seen, /TLP:RED|TLP:AMBER|KPTI costs|Zac only|ESXi|XSA-254 shim/);
    const grid = emma.getByRole('table', { name: 'Status matrix' });
    await grid.getByText('Mitigating').waitFor();
    assert.equal(await grid.getByText('Packet').count(), 0);
    await emma.getByRole('article', { name: 'Question to Intel' }).getByText('2 orgs need this').waitFor();
    await shot(emma, 'coordination-case-exoscale-late');

    // Narrow screens stack the panels; nothing scrolls sideways but the matrix itself.
    await emma.setViewportSize({ width: 390, height: 844 });
    await assertNoSideScroll(emma, 'case page at 390px');
    await shot(emma, 'coordination-case-narrow');
  });
});
