import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { newPage, screenshot } from '../../test/helpers/browser.ts';

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** First-run setup through the API (the shell suite drives the setup page itself). */
export async function setupOrg(url: string, org: { name: string; handle: string }, owner: Person) {
  const res = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ org, owner }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  const session = JSON.parse(text) as { orgs: { id: string }[] };
  return { orgId: session.orgs[0]!.id };
}

/** A fresh context and page; the test fails on any page error or unexpected console error. */
export async function openPage(
  browser: Browser,
  t: { after(fn: () => Promise<void>): void },
  options: BrowserContextOptions = {},
) {
  const { context, page, errors } = await newPage(browser, options);
  t.after(async () => {
    await context.close();
    const unexpected = errors.filter((e) => !/Failed to load resource/.test(e));
    assert.deepEqual(unexpected, [], 'page errors');
  });
  return page;
}

export async function signIn(page: Page, url: string, who: Person) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/o\//);
}

/** JSON from the API with the page's session (and CSRF token for writes). */
export function apiFrom<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = await fetch('/api/v1/session').then((r) => r.json());
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrfToken }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    { method, path, body },
  ) as Promise<T>;
}

/** Fails when the page scrolls sideways at its current width. */
export async function assertNoSideScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what}: page is ${overflow}px wider than the screen`);
}

/** A full-page screenshot from the top (sticky bars are drawn where they belong). */
export async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** A PagerDuty Events API v2 event, sent as a monitoring system would (no session). */
export function pagerDuty(url: string, routingKey: string, body: Record<string, unknown>) {
  return fetch(`${url}/api/v1/intake/pagerduty/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: routingKey, ...body }),
  });
}
