import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser.ts';
import { openPage, setupOrg, shot, signIn } from './helpers.ts';
import { type E2eServer, startE2eServer } from './server.ts';

const OWNER = { name: 'Pia Pager', email: 'pia@south.test', password: 'correct horse battery' };

describe('account: how I am paged', () => {
  let server: E2eServer;
  let browser: Browser;

  before(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    await setupOrg(server.url, { name: 'South Hosting', handle: 'south' }, OWNER);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('notification rules: add in-app and a delayed email; a bad address gets the server’s message', async (t) => {
    const page = await openPage(browser, t);
    await signIn(page, server.url, OWNER);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL(/\/account$/);
    const rules = page.getByRole('region', { name: 'When you are paged' });
    await rules.getByText('No rules: the defaults apply.').waitFor();
    const form = page.getByRole('form', { name: 'Add a notification rule' });
    await form.getByLabel('Channel').selectOption('in_app');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByRole('listitem').filter({ hasText: 'at once' }).waitFor();
    await form.getByLabel('Channel').selectOption('email');
    await form.getByLabel('After (minutes)').fill('2');
    await form.getByLabel('Email address').fill('not-an-address');
    await form.getByRole('button', { name: 'Add rule' }).click();
    // The server names the field; the console shows its message beside that field.
    await form.getByText('the email target is not an email address').waitFor();
    await rules.getByRole('alert').filter({ hasText: 'Correct the field marked above.' }).waitFor();
    await form.getByLabel('Email address').fill('pia-pager@south.test');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByText('after 2 min').waitFor();
    await rules.getByText('pia-pager@south.test').waitFor();
    await shot(page, 'account-notification-rules');

    await rules.getByRole('button', { name: 'Remove In the app (and browser notification) rule' }).click();
    await rules.getByRole('listitem').filter({ hasText: 'at once' }).waitFor({ state: 'detached' });
  });
});
