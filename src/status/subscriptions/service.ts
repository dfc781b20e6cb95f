import { randomBytes } from 'node:crypto';
import { deliver } from '../../notify/index.ts';
import type { Queryable } from '../../platform/db/db.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Platform } from '../../platform/platform.ts';
import * as statusStore from '../store.ts';
import { serverBase } from '../urls.ts';
import { requireEmail } from './addresses.ts';
import { confirmationEmail } from './messages.ts';
import * as store from './store.ts';
import { keyOf, readLink, signLink } from './tokens.ts';

/** At most one confirmation email per address and page in this window (no inbox flooding). */
export const CONFIRMATION_INTERVAL_MS = 10 * 60_000;

export const SUBSCRIBER_REF = 'status_subscriber';
const bad = (m: string) => new AppError('validation_failed', m);

/** Links in emails name the page by slug on Swimmy's own address: that route always exists. */
export const subscriptionBase = (p: Platform, page: { slug: string }) =>
  `${serverBase(p.config)}/status/${page.slug}`;

export async function linkFor(
  p: Platform,
  page: { slug: string },
  purpose: 'confirm' | 'unsubscribe',
  id: string,
) {
  const token = signLink(await keyOf(p.db), purpose, id);
  return `${subscriptionBase(p, page)}/${purpose === 'confirm' ? 'subscribe/confirm' : 'unsubscribe'}/${token}`;
}

/**
 * The component choice, checked against the page: null is "every component"; a list names
 * components (not groups) of this page, at least one.
 */
export async function checkChoice(q: Queryable, pageId: string, ids: readonly string[] | null) {
  if (ids === null) return { ids: null, names: null };
  if (ids.length === 0) throw bad('Choose at least one component, or subscribe to all of them.');
  const components = new Map((await statusStore.componentsOf(q, pageId)).map((c) => [c.id, c]));
  const unknown = ids.filter((id) => !components.get(id) || components.get(id)!.is_group);
  if (unknown.length)
    throw bad(`${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a component of this page.`);
  const unique = [...new Set(ids)];
  return { ids: unique, names: unique.map((id) => components.get(id)!.name) };
}

/**
 * An email subscription (double opt-in). A new or still pending address gets a confirmation
 * email (at most one per CONFIRMATION_INTERVAL_MS); a confirmed one gets nothing. The caller
 * answers the same in every case, so the answer never tells whether an address is subscribed.
 */
export async function subscribeEmail(
  p: Platform,
  page: statusStore.PageRow,
  input: { email: string; componentIds: string[] | null },
  createdBy: string | null = null,
) {
  const email = requireEmail(input.email);
  const choice = await checkChoice(p.db, page.id, input.componentIds);
  await p.db.tx(async (q) => {
    const row = await store.upsertEmail(q, { pageId: page.id, email, componentIds: choice.ids, createdBy });
    if (row.state !== 'pending') return;
    await store.setPendingChoice(q, row.id, choice.ids);
    const last = row.confirmation_sent_at?.getTime() ?? 0;
    if (Date.now() - last < CONFIRMATION_INTERVAL_MS) return;
    await store.markConfirmationSent(q, row.id);
    await deliver(
      p,
      {
        channel: 'email',
        target: { to: email },
        payload: confirmationEmail(page.name, await linkFor(p, page, 'confirm', row.id), choice.names),
        idempotencyKey: `status-confirm:${row.id}:${randomBytes(8).toString('hex')}`,
        orgId: page.org_id,
        ref: { type: SUBSCRIBER_REF, id: row.id },
      },
      q,
    );
  });
}

export type LinkOutcome =
  | { ok: true; subscriber: store.SubscriberRow; page: statusStore.PageRow; already?: boolean }
  | { ok: false; status: number; message: string };

/** What a confirm or unsubscribe link names, if it still names something. */
export async function resolveLink(
  p: Platform,
  page: statusStore.PageRow,
  purpose: 'confirm' | 'unsubscribe',
  token: string,
): Promise<LinkOutcome> {
  const id = readLink(await keyOf(p.db), purpose, token);
  if (id === 'expired')
    return {
      ok: false,
      status: 410,
      message:
        purpose === 'confirm'
          ? 'This confirmation link has expired. Subscribe again to get a new one.'
          : 'This link has expired. Use the unsubscribe link of a more recent email.',
    };
  const subscriber = id ? await store.subscriberOfPage(p.db, page.id, id) : null;
  if (!subscriber)
    return {
      ok: false,
      status: 404,
      message:
        purpose === 'unsubscribe'
          ? 'This subscription does not exist (any more): you will not receive updates.'
          : 'This link is not valid. Subscribe again to get a new one.',
    };
  return { ok: true, subscriber, page };
}

export async function confirmLink(
  p: Platform,
  page: statusStore.PageRow,
  token: string,
): Promise<LinkOutcome> {
  const found = await resolveLink(p, page, 'confirm', token);
  if (!found.ok) return found;
  const confirmed = await store.confirm(p.db, found.subscriber.id);
  return { ...found, already: !confirmed };
}

export async function unsubscribeLink(
  p: Platform,
  page: statusStore.PageRow,
  token: string,
): Promise<LinkOutcome> {
  const found = await resolveLink(p, page, 'unsubscribe', token);
  if (!found.ok) return found;
  await store.remove(p.db, found.subscriber.id);
  return found;
}
