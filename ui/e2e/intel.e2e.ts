import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser.ts';
import { Client } from './coordination-client.ts';
import { openPage, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const ALICE = { name: 'Alice Admin', email: 'alice@alpha.test', password: 'correct horse battery' };
const RITA = { name: 'Rita Responder', email: 'rita@alpha.test', password: 'correct horse battery' };
const BOB = { name: 'Bob Peer', email: 'bob@bravo.test', password: 'correct horse battery' };
const SUMMARY = 'NTP amplification against 203.0.113.0/24';

/** A member added by an owner, with the initial password changed so the account is usable. */
async function addMember(url: string, owner: Client, orgId: string, who: typeof RITA, role: string) {
  const added = await owner.call('POST', `/orgs/${orgId}/members`, {
    email: who.email,
    name: who.name,
    role,
  });
  const first = await new Client(url).login(who.email, added.initialPassword);
  await first.call('POST', '/me/password', {
    currentPassword: added.initialPassword,
    newPassword: who.password,
  });
  return new Client(url).login(who.email, who.password);
}

// Collective defense (issue 7): alpha proposes what it saw to the consortium space, its admin
// approves, and bravo — a peer in the same space — sees it, labelled and generalised, and can
// export STIX.
describe('collective defense: sharing an indicator with a peer', () => {
  let server: E2eServer;
  let browser: Browser;
  let alphaId = '';
  let bravoId = '';
  let spaceId = '';
  let rita: Client;

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    ({ orgId: alphaId } = await setupOrg(server.url, { name: 'Alpha Net', handle: 'alpha' }, ALICE));
    const alice = await new Client(server.url).login(ALICE.email, ALICE.password);
    rita = await addMember(server.url, alice, alphaId, RITA, 'responder');
    // Bravo is a separate org with its own owner; Alice steps out so the orgs share nobody.
    bravoId = (await alice.call('POST', '/orgs', { name: 'Bravo Hosting', handle: 'bravo' })).id;
    const bob = await addMember(server.url, alice, bravoId, BOB, 'owner');
    const aliceId = (await alice.call('GET', '/session')).user.id;
    await bob.call('DELETE', `/orgs/${bravoId}/members/${aliceId}`);
    spaceId = (await alice.call('POST', `/orgs/${alphaId}/spaces`, { name: 'DDoS watch' })).id;
    const { invitation } = await alice.call('POST', `/spaces/${spaceId}/invitations`, { orgHandle: 'bravo' });
    await bob.call('POST', `/orgs/${bravoId}/space-invitations/${invitation.id}/accept`, {});
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("alpha's admin sets the policy to propose under TLP:GREEN and it stays saved", async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, ALICE);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Collective defense' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Collective defense' }).waitFor();
    await shot(page, 'intel-empty');
    await page.getByRole('link', { name: 'Sharing policy' }).click();
    await page.waitForURL(/\/o\/alpha\/intel\/policy$/);
    const form = page.getByRole('form', { name: 'Sharing policy' });
    await form
      .getByLabel('Into the space')
      .locator('option', { hasText: 'DDoS watch' })
      .waitFor({ state: 'attached' });
    await form.getByLabel('Share indicators of our attacks').selectOption('propose');
    await form.getByLabel('Into the space').selectOption({ label: 'DDoS watch' });
    await form
      .locator('label', { hasText: /^Label/ })
      .locator('select')
      .selectOption('GREEN');
    await form.getByLabel('Victim address').selectOption('generalise');
    await form.getByRole('button', { name: 'Save policy' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();

    await page.reload();
    const again = page.getByRole('form', { name: 'Sharing policy' });
    await again
      .getByLabel('Into the space')
      .locator('option', { hasText: 'DDoS watch' })
      .waitFor({ state: 'attached' });
    assert.equal(await again.getByLabel('Share indicators of our attacks').inputValue(), 'propose');
    assert.equal(
      await again
        .locator('label', { hasText: /^Label/ })
        .locator('select')
        .inputValue(),
      'GREEN',
    );
    assert.equal(await again.getByLabel('Into the space').inputValue(), spaceId);
    assert.equal(await again.getByLabel('Victim address').inputValue(), 'generalise');
    await shot(page, 'intel-policy');
  });

  test('a proposal is approved by the admin and reaches the peer live, labelled and exportable', async (t) => {
    // Bob watches his peers' indicators before anything is shared: it must arrive live.
    const bob = await openPage(browser, t);
    await signIn(bob, server.url, BOB);
    await bob.goto(`${server.url}/o/bravo/intel`);
    await bob.getByText('No indicators from peers yet.').waitFor();
    await bob.locator('.live-live').waitFor();

    // A responder's hand-written indicator waits for an admin (policy: GREEN, the space).
    const proposal = await rita.call('POST', `/orgs/${alphaId}/intel/indicators`, {
      vector: 'amp_ntp',
      protocol: 'udp',
      sourcePorts: [123],
      reflectors: [{ address: '192.0.2.10', port: 123 }],
      target: '203.0.113.0/24',
      peakPps: 2_500_000,
      peakBps: 38e9,
      confidence: 75,
      summary: SUMMARY,
    });
    assert.equal(proposal.state, 'proposed');
    assert.equal(proposal.tlp, 'GREEN');
    const peersNow = await (await new Client(server.url).login(BOB.email, BOB.password)).call(
      'GET',
      `/orgs/${bravoId}/intel/indicators?scope=peers`,
    );
    assert.equal(peersNow.items.length, 0, 'a proposal is not visible to peers');

    const alice = await openPage(browser, t);
    await signIn(alice, server.url, ALICE);
    await alice.goto(`${server.url}/o/alpha/intel`);
    const proposals = alice.getByRole('region', { name: /Proposals to approve/ });
    const card = proposals.getByRole('article', { name: new RegExp(SUMMARY) });
    await card.getByText('Proposed — needs an admin').waitFor();
    await shot(alice, 'intel-proposal');
    await card.getByRole('button', { name: 'Approve and share' }).click();
    await alice
      .getByRole('region', { name: /Shared by us/ })
      .getByRole('article', { name: new RegExp(SUMMARY) })
      .getByText('Shared', { exact: true })
      .waitFor();
    await proposals.getByText('No proposals waiting.').waitFor();

    const peers = bob.getByRole('region', { name: /Peers' indicators/ });
    const seen = peers.getByRole('article', { name: new RegExp(SUMMARY) });
    await seen.waitFor({ timeout: 10_000 });
    await seen.getByText('from Alpha Net').waitFor();
    await seen.getByText('TLP:GREEN', { exact: true }).waitFor();
    await seen.getByText('203.0.113.0/24', { exact: true }).waitFor();
    await shot(bob, 'intel-peer');

    const [download] = await Promise.all([
      bob.waitForEvent('download'),
      bob.getByRole('link', { name: 'STIX export' }).click(),
    ]);
    const bundle = JSON.parse(await readFile((await download.path())!, 'utf8')) as { type: string };
    assert.equal(bundle.type, 'bundle');
  });
});
