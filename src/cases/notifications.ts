import type { Message } from '../notify/index.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { mostRestrictive, type Principal, type Tlp } from '../policy/index.ts';
import { previewOf } from './markdown.ts';
import * as store from './notifications-store.ts';

/**
 * Coordination notifications as their recipient reads them: in-app list and unread count, the
 * live event and the email are all rendered from `store.visibleNotifications`, i.e. through the
 * policy module's predicates at the time of reading, never from stored text.
 */

/** Notifications belong to people; an API token has none (and never reads RED). */
export function personOf(p: Principal): string {
  if (p.kind !== 'user')
    throw new AppError('forbidden', 'Notifications belong to people: sign in to read them.');
  return p.userId;
}

const statusText = (s: string | null) => (s ?? '').replace(/_/g, ' ');

/** Title, preview and the label they are shown under, field by field. */
export function presentNotification(r: store.NotificationRow) {
  const actor = r.actor_name ?? 'Someone';
  let tlp: Tlp = r.case_tlp;
  let title: string;
  let preview: string;
  switch (r.kind) {
    case 'case_created': {
      title = `New ${r.case_kind} case: ${r.case_title}`;
      const cves = r.case_cve_ids.length ? ` (${r.case_cve_ids.join(', ')})` : '';
      preview = `${r.case_org_name} opened it in ${r.space_name}${cves}.`;
      break;
    }
    case 'mention_user':
    case 'mention_org':
      tlp = mostRestrictive(r.post_tlp ?? 'RED', r.case_tlp);
      title = `${actor} mentioned ${r.kind === 'mention_user' ? 'you' : `@${r.via_org_handle ?? 'your organisation'}`} in ${r.case_title}`;
      preview = previewOf(r.post_body ?? '');
      break;
    case 'matrix_changed':
      tlp = mostRestrictive(r.change_tlp ?? 'RED', r.case_tlp);
      title = `${r.change_org_name}: ${r.row_layer} × ${r.row_cve_id} is ${statusText(r.change_status)}`;
      preview = previewOf(r.change_statement || statusText(r.change_justification));
      break;
  }
  return {
    id: r.id,
    kind: r.kind,
    read: r.read_at !== null,
    createdAt: r.created_at.toISOString(),
    tlp,
    title: title.slice(0, 300),
    preview,
    space: { id: r.space_id, name: r.space_name },
    case: { id: r.case_id, title: r.case_title },
    item: { type: r.item_type, id: r.item_id },
    actor: r.actor_name ? { name: r.actor_name } : null,
  };
}
export type PresentedNotification = ReturnType<typeof presentNotification>;

export async function listNotifications(
  p: Platform,
  principal: Principal,
  q: { unread?: boolean; limit?: number; cursor?: string },
) {
  const userId = personOf(principal);
  const limit = q.limit ?? 50;
  const before = decodeCursor(q.cursor, ['number']);
  const rows = await store.visibleNotifications(
    p.db,
    principal,
    userId,
    { unread: q.unread === true, ...(before ? { beforeSeq: before[0] as number } : {}) },
    limit + 1,
  );
  const { items, nextCursor } = page(rows, limit, (r) => [Number(r.seq)]);
  return {
    items: items.map(presentNotification),
    nextCursor,
    unread: await store.countUnread(p.db, principal, userId),
  };
}

export async function unreadCount(p: Platform, principal: Principal) {
  return { unread: await store.countUnread(p.db, principal, personOf(principal)) };
}

/** Marks the given notifications (or all one may see) read; unknown or hidden ids are a 404. */
export async function markNotificationsRead(p: Platform, principal: Principal, ids?: readonly string[]) {
  const userId = personOf(principal);
  if (ids) {
    const unique = [...new Set(ids)];
    const found = await store.visibleNotifications(p.db, principal, userId, { ids: unique }, unique.length);
    if (found.length !== unique.length) {
      const known = new Set(found.map((r) => r.id));
      throw new AppError(
        'not_found',
        `No such notification: ${unique.filter((id) => !known.has(id)).join(', ')}.`,
      );
    }
    await store.markRead(p.db, principal, userId, unique);
  } else {
    await store.markRead(p.db, principal, userId);
  }
  return unreadCount(p, principal);
}

export async function getSettings(p: Platform, principal: Principal) {
  const email = await store.emailEnabled(p.db, personOf(principal));
  return { email, emailAvailable: Boolean(p.config.smtpUrl) };
}

export async function saveSettings(p: Platform, principal: Principal, input: { email: boolean }) {
  await store.saveSettings(p.db, personOf(principal), input.email);
  return getSettings(p, principal);
}

/** Labels whose content an email may carry: mail leaves the platform, so only the community's. */
const MAILABLE: ReadonlySet<Tlp> = new Set(['CLEAR', 'GREEN']);

/**
 * The email for one notification, from its rendering for the recipient. Content under AMBER,
 * AMBER+STRICT or RED never goes into mail (it could be forwarded outside the platform): such
 * an email says only that there is something to read, in which case, and links to it.
 */
export function emailMessage(n: PresentedNotification, baseUrl: string): Message {
  const url = `${baseUrl.replace(/\/+$/, '')}/spaces/${n.space.id}/cases/${n.case.id}`;
  const open = MAILABLE.has(n.tlp);
  const what =
    n.kind === 'case_created'
      ? 'A new case'
      : n.kind === 'matrix_changed'
        ? 'A status matrix change'
        : 'A mention of you or your organisation';
  return {
    title: open ? `[TLP:${n.tlp}] ${n.title}` : `[TLP:${n.tlp}] ${what} in ${n.case.title}`.slice(0, 300),
    text: open
      ? `${n.preview}\n\nLabelled TLP:${n.tlp}: share it only as this label allows.`
      : `${what} labelled TLP:${n.tlp} is waiting for you in "${n.case.title}" (${n.space.name}). Its content is not sent by email: sign in to read it.`,
    links: [{ label: 'Open the case', url }],
    event: { type: 'coordination.notification', data: { notificationId: n.id, kind: n.kind } },
  };
}
