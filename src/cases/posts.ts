import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import {
  canReadItem,
  type ItemLabel,
  type Principal,
  requireMayRelabel,
  requireQuoteAllowed,
} from '../policy/index.ts';
import { actingOrg, resolveMentions } from '../spaces/access.ts';
import { type CaseAccess, readableCase, readerIdOf, writableCase } from './case-access.ts';
import { auditReads, authorIdOf, itemLabelOf, publishItemEvent, resolveLabel } from './labels.ts';
import { parseMentions, renderMarkdown } from './markdown.ts';
import { queueNotifications } from './notify-fanout.ts';
import * as store from './post-store.ts';
import { presentPost, presentRevision } from './presenters.ts';
import type { PostInput, PostPatch } from './schemas.ts';

const noSuchPost = () => new AppError('not_found', 'No such post.');

async function render(p: Platform, spaceId: string, body: string) {
  const mentions = await resolveMentions(p.db, spaceId, parseMentions(body));
  return { md: body, html: renderMarkdown(body), mentions };
}

/** The post as this reader sees it (with a parent preview only if they may read the parent). */
async function visiblePost(p: Platform, principal: Principal, postId: string) {
  const [row] = await store.visiblePosts(p.db, principal, { postId });
  if (!row) throw noSuchPost();
  return row;
}

export async function createPost(p: Platform, principal: Principal, caseId: string, input: PostInput) {
  const ca = await writableCase(p.db, principal, caseId);
  const orgId = actingOrg(ca.access, input.asOrgId);
  const label = await resolveLabel(p.db, ca.access, input, orgId, authorIdOf(principal));
  let replyTo: string | null = null;
  if (input.replyTo) {
    const parent = await store.findPostRaw(p.db, input.replyTo);
    if (!parent || parent.case_id !== caseId || !canReadItem(principal, itemLabelOf(parent), ca.gate))
      throw new AppError('validation_failed', 'replyTo must be a post of this case that you can read.');
    if (input.quote) requireQuoteAllowed(itemLabelOf(parent), label);
    replyTo = parent.id;
  } else if (input.quote) {
    throw new AppError('validation_failed', 'quote needs replyTo (the post quoted).');
  }
  const content = await render(p, ca.access.spaceId, input.body);
  const id = await p.db.tx(async (q) => {
    const postId = await store.insertPost(q, {
      caseId,
      spaceId: ca.access.spaceId,
      authorId: authorIdOf(principal),
      replyTo,
      quotes: input.quote === true,
      label,
      ...content,
    });
    if (content.mentions.length) await queueNotifications(p, { type: 'post', id: postId }, q);
    return postId;
  });
  const post = presentPost(
    (await visiblePost(p, principal, id).catch(() => null)) ?? (await store.findPostRaw(p.db, id))!,
  );
  await publishPost(p, 'post.created', label, ca, post);
  return post;
}

/** Live events never carry a parent preview: not every reader of a reply may read its parent. */
async function publishPost(
  p: Platform,
  type: string,
  label: ItemLabel,
  ca: CaseAccess,
  post: ReturnType<typeof presentPost>,
) {
  const data = { post: { ...post, replyTo: null } };
  await publishItemEvent(p, type, label, ca.gate, ca.access.spaceId, data);
}

export async function listPosts(
  p: Platform,
  principal: Principal,
  caseId: string,
  opts: { afterSeq?: number; limit: number },
) {
  await readableCase(p.db, principal, caseId);
  const rows = await store.visiblePosts(p.db, principal, { caseId, ...opts });
  await auditReads(p, principal, 'post', rows, 'rest');
  const last = rows[rows.length - 1];
  return {
    items: rows.map(presentPost),
    nextAfterSeq: rows.length === opts.limit && last ? Number(last.seq) : null,
  };
}

export async function getPost(p: Platform, principal: Principal, postId: string) {
  const row = await visiblePost(p, principal, postId);
  await auditReads(p, principal, 'post', [row], 'rest');
  return presentPost(row);
}

/** The author edits; every revision keeps its own label. Label changes follow the relabel rule. */
export async function editPost(p: Platform, principal: Principal, postId: string, patch: PostPatch) {
  const raw = await store.findPostRaw(p.db, postId);
  if (!raw) throw noSuchPost();
  const ca = await writableCase(p.db, principal, raw.case_id);
  if (!canReadItem(principal, itemLabelOf(raw), ca.gate)) throw noSuchPost();
  if (principal.kind !== 'user' || raw.author_id !== principal.userId)
    throw new AppError('forbidden', 'Only the author can edit a post.');
  const current = itemLabelOf(raw);
  const relabel =
    patch.tlp !== undefined || patch.recipientOrgIds !== undefined || patch.recipientUserIds !== undefined;
  const label = relabel
    ? await resolveLabel(p.db, ca.access, { tlp: patch.tlp ?? raw.tlp, ...patch }, raw.org_id, raw.author_id)
    : current;
  if (relabel) requireMayRelabel(principal, { ...current, authorId: raw.author_id }, label);
  if (raw.reply_to && raw.quotes) {
    const parent = await store.findPostRaw(p.db, raw.reply_to);
    if (parent) requireQuoteAllowed(itemLabelOf(parent), label);
  }
  const content = await render(p, ca.access.spaceId, patch.body ?? raw.body_md);
  await p.db.tx(async (q) => {
    await store.updatePost(q, postId, { label, ...content, editorId: principal.userId });
    if (content.mentions.length) await queueNotifications(p, { type: 'post', id: postId }, q);
  });
  const post = presentPost(
    (await store.visiblePosts(p.db, principal, { postId }))[0] ?? (await store.findPostRaw(p.db, postId))!,
  );
  await publishPost(p, 'post.edited', label, ca, post);
  return post;
}

/** Edit history: only for readers of the post, and each revision only under its own label. */
export async function listRevisions(p: Platform, principal: Principal, postId: string) {
  await visiblePost(p, principal, postId);
  const rows = await store.visibleRevisions(p.db, principal, postId);
  await auditReads(
    p,
    principal,
    'post_revision',
    rows.map((r) => ({ ...r, id: `${r.post_id}#${r.revision}` })),
    'rest',
  );
  return { items: rows.map(presentRevision) };
}

export async function markRead(p: Platform, principal: Principal, caseId: string, seq?: number) {
  await readableCase(p.db, principal, caseId);
  const readerId = readerIdOf(principal);
  if (!readerId) throw new AppError('unauthenticated');
  const newest = await store.newestVisibleSeq(p.db, principal, caseId);
  // Never beyond what this reader can see: a marker must not hint at hidden posts.
  await store.markRead(p.db, readerId, caseId, Math.min(seq ?? newest, newest));
}
