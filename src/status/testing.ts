import type { LightMyRequestResponse } from 'fastify';
import { type Auth, call, createTestApp, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { must } from '../spaces/testing.ts';

/** Test world: an app, an org with its owner, and (optionally) a published status page. */
export interface StatusWorld {
  t: TestApp;
  orgId: string;
  owner: Auth;
  base: string;
}

export async function statusWorld(o: { slug?: string; published?: boolean } = {}): Promise<StatusWorld> {
  const t = await createTestApp();
  const { auth, orgId } = await setupFirstOrg(t.app);
  const base = `/orgs/${orgId}/status`;
  if (o.slug)
    await must(
      t,
      auth,
      'PUT',
      `${base}/page`,
      { slug: o.slug, name: 'Acme Cloud', published: o.published ?? true },
      200,
    );
  return { t, orgId, owner: auth, base };
}

/** A public request (no credentials), as a visitor's browser sends it. */
export const visit = (
  t: TestApp,
  url: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> => call(t.app, { url, headers });

/** Polls until `check` holds: public pages re-render asynchronously after a change on NATS. */
export async function eventually<T>(
  check: () => Promise<T | false | undefined>,
  what: string,
  ms = 5000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
