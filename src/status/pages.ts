import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { publishChanged } from './events.ts';
import { newPublicId } from './model.ts';
import { presentPage } from './presenters.ts';
import type { PageInput } from './schemas.ts';
import * as store from './store.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,48}[a-z0-9]$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const bad = (m: string) => new AppError('validation_failed', m);

/** The org's page, or a 404 that says what to do. */
export async function requirePage(p: Platform, orgId: string): Promise<store.PageRow> {
  const page = await store.pageOfOrg(p.db, orgId);
  if (!page)
    throw new AppError(
      'not_found',
      'This organisation has no status page yet; create it first (PUT …/status/page).',
    );
  return page;
}

export async function getPage(p: Platform, orgId: string) {
  return presentPage(p.config, await requirePage(p, orgId));
}

function checkTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw bad(
      `timeZone must be an IANA time zone such as Etc/UTC or Europe/Paris (got ${JSON.stringify(tz)}).`,
    );
  }
}

/** Creates or replaces the org's page (admins). Slug and host name are unique across orgs. */
export async function putPage(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: PageInput,
  /** The host name the caller reached Swimmy at: a page may never claim it (it would hide the console). */
  consoleHost: string | null = null,
) {
  const slug = input.slug;
  if (!SLUG.test(slug))
    throw bad(
      'slug must be 2–50 lowercase letters, digits or hyphens, not starting or ending with a hyphen.',
    );
  const host = input.customHost ? input.customHost.toLowerCase().replace(/\.$/, '') : null;
  if (host !== null && !HOST.test(host))
    throw bad(
      `customHost must be a DNS host name such as status.example.com (got ${JSON.stringify(input.customHost)}).`,
    );
  const ownHosts = [new URL(p.config.publicUrl ?? 'http://invalid').hostname, consoleHost?.toLowerCase()];
  if (host !== null && ownHosts.includes(host))
    throw bad('customHost must differ from the host name Swimmy itself is served on.');
  const timeZone = input.timeZone ?? 'Etc/UTC';
  checkTimeZone(timeZone);
  const existing = await store.pageOfOrg(p.db, orgId);
  const row = await p.db.tx(async (q) => {
    const clash = await store.pageClaiming(q, slug, host, existing?.id ?? null);
    if (clash)
      throw new AppError(
        'conflict',
        clash.slug === slug
          ? `The slug "${slug}" is taken.`
          : `The host name ${host} is used by another page.`,
      );
    const saved = await store.upsertPage(q, existing?.id ?? newPublicId(), orgId, {
      slug,
      name: input.name,
      customHost: host,
      published: input.published ?? existing?.published ?? false,
      timeZone,
    });
    await p.audit.record(
      {
        orgId,
        principal,
        action: existing ? 'status.page.updated' : 'status.page.created',
        targetType: 'status_page',
        targetId: saved.id,
        details: { slug, published: saved.published },
      },
      q,
    );
    return saved;
  });
  await publishChanged(p, orgId, row.id);
  return presentPage(p.config, row);
}
