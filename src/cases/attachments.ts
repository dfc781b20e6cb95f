import { createHash } from 'node:crypto';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { canReadItem, type Principal } from '../policy/index.ts';
import { actingOrg } from '../spaces/access.ts';
import * as store from './attachment-store.ts';
import { readableCase, writableCase } from './case-access.ts';
import { auditReads, authorIdOf, itemLabelOf, publishItemEvent, resolveLabel } from './labels.ts';
import { findPostRaw } from './post-store.ts';
import { presentAttachment } from './presenters.ts';
import type { AttachmentInput } from './schemas.ts';

/** Default largest attachment (files and patches): 8 MiB. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

// One pass over a character class: no backtracking, whatever the size.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeAttachment(base64: string, maxBytes: number): Buffer {
  const compact = base64.replace(/\s+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  // Decide on the encoded length first: an oversized upload is never decoded.
  if ((compact.length / 4) * 3 - padding > maxBytes)
    throw new AppError('payload_too_large', `Attachments are limited to ${maxBytes} bytes.`);
  if (compact.length % 4 !== 0 || !BASE64_CHARS.test(compact))
    throw new AppError('validation_failed', 'contentBase64 is not valid base64.');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length === 0) throw new AppError('validation_failed', 'An attachment cannot be empty.');
  return bytes;
}

export async function createAttachment(
  p: Platform,
  principal: Principal,
  caseId: string,
  input: AttachmentInput,
  maxBytes: number,
) {
  const ca = await writableCase(p.db, principal, caseId);
  const content = decodeAttachment(input.contentBase64, maxBytes);
  const orgId = actingOrg(ca.access, input.asOrgId);
  const label = await resolveLabel(p.db, ca.access, input, orgId, authorIdOf(principal));
  if (input.postId) {
    const post = await findPostRaw(p.db, input.postId);
    if (!post || post.case_id !== caseId || !canReadItem(principal, itemLabelOf(post), ca.gate))
      throw new AppError('validation_failed', 'postId must be a post of this case that you can read.');
  }
  const id = await store.insertAttachment(p.db, {
    caseId,
    spaceId: ca.access.spaceId,
    postId: input.postId ?? null,
    authorId: authorIdOf(principal),
    label,
    filename: input.filename,
    contentType: input.contentType ?? 'application/octet-stream',
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  });
  const attachment = presentAttachment((await store.findAttachmentRaw(p.db, id))!);
  await publishItemEvent(p, 'attachment.created', label, ca.gate, ca.access.spaceId, { attachment });
  return attachment;
}

export async function listAttachments(p: Platform, principal: Principal, caseId: string) {
  await readableCase(p.db, principal, caseId);
  const rows = await store.visibleAttachments(p.db, principal, { caseId });
  await auditReads(p, principal, 'attachment', rows, 'rest');
  return { items: rows.map(presentAttachment) };
}

export async function getAttachment(p: Platform, principal: Principal, id: string) {
  const [row] = await store.visibleAttachments(p.db, principal, { id });
  if (!row) throw new AppError('not_found', 'No such attachment.');
  await auditReads(p, principal, 'attachment', [row], 'rest');
  return presentAttachment(row);
}

/** A download is a read: TLP-checked and audited like any other. */
export async function downloadAttachment(p: Platform, principal: Principal, id: string) {
  const row = await store.visibleContent(p.db, principal, id);
  if (!row) throw new AppError('not_found', 'No such attachment.');
  await auditReads(p, principal, 'attachment', [row], 'download');
  return row;
}
