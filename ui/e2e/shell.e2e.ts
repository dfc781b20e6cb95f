import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot } from '../../test/helpers/browser.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const OWNER = { name: 'Olivia Owner', email: 'olivia@acme.test', password: 'correct horse battery' };

// The tests run in order and build on each other's data (one server), but each gets a fresh
// browser context: no cookies or storage carry over, so each signs in for itself.
describe('web console', () => {
  let server: E2eServer;
  let browser: Browser;
  let acmeId = '';
  let veraPassword = '';

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh context and page; fails the test on any page error or unexpected console error. */
  async function open(t: { after(fn: () => Promise<void>): void }, options: BrowserContextOptions = {}) {
    const { context, page, errors } = await newPage(browser, options);
    t.after(async () => {
      await context.close();
      // 401s from the session probe and deliberate failures are expected network errors.
      const unexpected = errors.filter((e) => !/Failed to load resource/.test(e));
      assert.deepEqual(unexpected, [], 'page errors');
    });
    return page;
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/o\//);
  }

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

  test('first run: setup creates the organisation and owner, then lands signed in on the overview', async (t) => {
    const page = await open(t);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/setup$/);
    await page.getByLabel('Organisation name').fill('Acme Cloud');
    assert.equal(await page.getByLabel('Handle').inputValue(), 'acme-cloud', 'handle follows the name');
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await screenshot(page, 'setup');
    await page.getByRole('button', { name: 'Create organisation and sign in' }).click();

    await page.waitForURL(/\/o\/acme-cloud$/);
    assert.equal(await h1(page).textContent(), 'Acme Cloud');
    await page.getByText('Owner', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: `Account menu for ${OWNER.name}` }).waitFor();
    // The recent-activity panel proves the admin-only audit call works for the owner.
    await page.getByText('Created the organisation').first().waitFor();
    const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()));
    acmeId = session.orgs[0].id;
    await screenshot(page, 'overview');
  });

  test('a wrong password shows the error next to the sign-in form', async (t) => {
    const page = await open(t);
    await page.goto(`${server.url}/o/acme-cloud/members`);
    await page.waitForURL(/\/sign-in\?next=/);
    assert.ok(
      await page.getByLabel('Email').evaluate((el) => el === document.activeElement),
      'email has focus',
    );
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Email or password is wrong.' });
    await alert.waitFor();
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'password is cleared for the retry');
    await screenshot(page, 'sign-in-error');
    // The next sign-in (by keyboard) returns to the page asked for.
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByLabel('Password').press('Enter');
    await page.waitForURL(/\/o\/acme-cloud\/members$/);
    assert.equal(await alert.count(), 0);
  });

  test('create a second organisation and switch between them; the choice is remembered', async (t) => {
    const page = await open(t);
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('link', { name: 'New organisation' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Beta Networks');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL(/\/o\/beta-networks$/);
    assert.equal(await h1(page).textContent(), 'Beta Networks');

    const switcher = page.getByRole('combobox', { name: 'Organisation', exact: true });
    assert.deepEqual(await switcher.locator('option').allTextContents(), ['Acme Cloud', 'Beta Networks']);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/o\/beta-networks\/members$/);
    await switcher.selectOption({ label: 'Acme Cloud' });
    await page.waitForURL(/\/o\/acme-cloud\/members$/, { timeout: 5000 });
    await page.getByRole('cell', { name: /Olivia Owner/ }).waitFor();

    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/o\/acme-cloud$/);
    await switcher.selectOption({ label: 'Beta Networks' });
    await page.waitForURL(/\/o\/beta-networks$/);
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/o\/beta-networks$/);

    await page.goto(`${server.url}/o/nope`);
    await page.getByText('You are not a member of an organisation called “nope”').waitFor();
  });

  test('members: add, change role, remove; a new viewer signs in and sees a viewer’s console', async (t) => {
    const page = await open(t, { permissions: ['clipboard-read', 'clipboard-write'] });
    await signIn(page, OWNER.email, OWNER.password);
    await page.goto(`${server.url}/o/acme-cloud/members`);
    const form = page.getByRole('region', { name: 'Add a member' });

    // A responder, promoted and then removed.
    await form.getByLabel('Email').fill('rex@acme.test');
    await form.getByLabel('Name (for new accounts)').fill('Rex Responder');
    await form.getByLabel('Role').selectOption('responder');
    await form.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('region', { name: /Account created for Rex Responder/ }).waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByLabel('Role of Rex Responder').selectOption('admin');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Rex Responder is now admin.').waitFor();
    await page.getByRole('button', { name: 'Remove Rex Responder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Rex Responder?' });
    await dialog.getByRole('button', { name: 'Remove member' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('cell', { name: /rex@acme\.test/ }).count(), 0);

    // Adding the same person twice is refused with the server's message beside the form.
    await form.getByLabel('Email').fill(OWNER.email);
    await form.getByRole('button', { name: 'Add member' }).click();
    await form.getByRole('alert').filter({ hasText: 'already a member' }).waitFor();

    // A viewer with a new account: the initial password is shown once, with a copy button.
    await form.getByLabel('Email').fill('vera@acme.test');
    await form.getByLabel('Name (for new accounts)').fill('Vera Viewer');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByRole('button', { name: 'Add member' }).click();
    const secret = page.getByRole('region', { name: /Account created for Vera Viewer/ });
    await secret.waitFor();
    veraPassword = await secret.getByLabel('Initial password').inputValue();
    assert.ok(veraPassword.length >= 10, 'an initial password is shown');
    await secret.getByRole('button', { name: 'Copy' }).click();
    await secret.getByText(/Copied to the clipboard|Selected/).waitFor();
    await screenshot(page, 'members-initial-password');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    assert.equal(await page.getByText(veraPassword).count(), 0, 'the password is gone once dismissed');
    await page.getByRole('cell', { name: /vera@acme\.test/ }).waitFor();

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByText('Signed out.').waitFor();

    await signIn(page, 'vera@acme.test', veraPassword);
    await page.waitForURL(/\/o\/acme-cloud$/);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    assert.deepEqual(await nav.getByRole('link').allTextContents(), [
      'Overview',
      'Attacks',
      'Mitigations',
      'Incidents',
      'On-call',
      'Spaces',
      'Collective defense',
      'Customer health',
      'Status page',
      'Members',
      'API reference ↗',
    ]);
    await nav.getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/members$/);
    await page.getByRole('cell', { name: /Olivia Owner/ }).waitFor();
    await page.getByText('Only admins and owners can add members, change roles or remove people.').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Add a member' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: /Remove/ }).count(), 0);
    assert.equal(await page.getByRole('combobox', { name: /Role of/ }).count(), 0);
    await screenshot(page, 'members-viewer');
    // Pages for admins explain themselves instead of failing.
    await page.goto(`${server.url}/o/acme-cloud/tokens`);
    await page.getByText('Only admins and owners can see and create API tokens.').waitFor();
  });

  test('API tokens: the secret is shown once, works, and stops working when revoked', async (t) => {
    const page = await open(t);
    await signIn(page, OWNER.email, OWNER.password);
    await page.goto(`${server.url}/o/acme-cloud/tokens`);
    await page.getByText('No API tokens yet.').waitFor();
    await screenshot(page, 'tokens-empty');
    const form = page.getByRole('region', { name: 'Create a token' });
    await form.getByLabel('Name').fill('ci-reader');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Expires after').selectOption({ label: '30 days' });
    await form.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('region', { name: 'Token “ci-reader” created' });
    await shown.waitFor();
    await shown.getByText('This is shown only once.').waitFor();
    const secret = await shown.getByLabel('Token').inputValue();
    assert.match(secret, /^swm_/);
    await screenshot(page, 'tokens-created');

    const members = `${server.url}/api/v1/orgs/${acmeId}/members`;
    const ok = await fetch(members, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { items: { email: string }[] };
    assert.ok(body.items.some((m) => m.email === OWNER.email));

    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: 'ci-reader' });
    await row.waitFor();
    assert.equal(await page.locator(`input[value="${secret}"]`).count(), 0, 'never shown again');
    assert.doesNotMatch(await page.content(), new RegExp(secret));
    await row.getByText('just now').first().waitFor(); // last used

    // Escape cancels the confirmation; nothing is revoked.
    await row.getByRole('button', { name: 'Revoke ci-reader' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await row.getByText('revoked', { exact: true }).count(), 0);

    await row.getByRole('button', { name: 'Revoke ci-reader' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText('revoked', { exact: true }).waitFor();
    const refused = await fetch(members, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'token_revoked');
    await screenshot(page, 'tokens-revoked');
  });

  test('members page at 375 px wide: no sideways scrolling', async (t) => {
    const page = await open(t, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await signIn(page, OWNER.email, OWNER.password);
    await page.goto(`${server.url}/o/acme-cloud/members`);
    await page.getByRole('cell', { name: /vera@acme\.test/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await screenshot(page, 'members-375');
    await page.goto(`${server.url}/o/acme-cloud/tokens`);
    await page.getByRole('row').filter({ hasText: 'ci-reader' }).waitFor();
    await screenshot(page, 'tokens-375');
  });

  test('dark mode follows the system preference', async (t) => {
    const page = await open(t, { colorScheme: 'dark' });
    await signIn(page, OWNER.email, OWNER.password);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
    assert.ok((r ?? 255) + (g ?? 255) + (b ?? 255) < 150, `dark background, got ${bg}`);
    await screenshot(page, 'overview-dark');
    await page.goto(`${server.url}/o/acme-cloud/members`);
    await page.getByRole('cell', { name: /vera@acme\.test/ }).waitFor();
    await screenshot(page, 'members-dark');
    await page.goto(`${server.url}/o/acme-cloud/audit`);
    await page.getByRole('row').filter({ hasText: 'Revoked an API token' }).waitFor();
    await screenshot(page, 'audit-dark');
  });
  test('account: change the password, then sign out everywhere', async (t) => {
    const page = await open(t);
    const laptop = await open(t); // the same person on another device
    await signIn(page, 'vera@acme.test', veraPassword);
    await signIn(laptop, 'vera@acme.test', veraPassword);

    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL(/\/account$/);
    const newPassword = 'vera picked a passphrase';
    await page.getByLabel('Current password').fill('wrong current password');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /password/i })
      .waitFor();
    await page.getByLabel('Current password').fill(veraPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    await screenshot(page, 'account');

    // The other device's session ended with the change: its next call sends it to sign in.
    await laptop.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Members' }).click();
    await laptop.waitForURL(/\/sign-in\?next=%2Fo%2Facme-cloud%2Fmembers$/);
    await laptop.getByText('Your session has expired').waitFor();

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.getByText('Signed out on every device.').waitFor();
    await signIn(page, 'vera@acme.test', newPassword);
    veraPassword = newPassword;
  });

  test('audit log: readable actions with relative and UTC times, token creation and revocation, load more', async (t) => {
    const page = await open(t);
    await signIn(page, OWNER.email, OWNER.password);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/audit$/);
    const created = page
      .getByRole('row')
      .filter({ hasText: 'Created an API token' })
      .filter({ hasText: 'ci-reader' });
    const revoked = page.getByRole('row').filter({ hasText: 'Revoked an API token' });
    await created.waitFor();
    await revoked.waitFor();
    assert.match((await created.textContent()) ?? '', /Olivia Owner/);
    assert.match((await created.textContent()) ?? '', /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    assert.match((await created.textContent()) ?? '', /just now|minute/);
    await screenshot(page, 'audit');

    // Enough entries for a second page (50 per page): tokens created through the API.
    await page.evaluate(async (orgId) => {
      const s = await fetch('/api/v1/session').then((r) => r.json());
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`/api/v1/orgs/${orgId}/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken },
          body: JSON.stringify({ name: `bulk-${i}`, role: 'viewer', expiresInDays: 1 }),
        });
        if (res.status !== 201) throw new Error(`token ${i}: ${res.status}`);
      }
    }, acmeId);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('row').filter({ hasText: 'bulk-49' }).waitFor();
    const rows = page.locator('table.audit tbody tr');
    assert.equal(await rows.count(), 50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await revoked.waitFor();
    assert.ok((await rows.count()) > 50);
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
  });
});
