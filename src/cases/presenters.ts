import { mostRestrictive } from '../policy/index.ts';
import type { AttachmentRow } from './attachment-store.ts';
import type { CaseRow } from './case-store.ts';
import { presentAuthor, presentLabel } from './labels.ts';
import { previewOf } from './markdown.ts';
import type { PostRow, RevisionRow, StatusRow } from './post-store.ts';
import type { Case, Post } from './schemas.ts';

// Field by field, so a new column never reaches a client by accident.
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentCase = (r: CaseRow): Case => ({
  id: r.id,
  spaceId: r.space_id,
  kind: r.kind,
  title: r.title,
  cveIds: r.cve_ids,
  layers: r.layers,
  embargoAt: iso(r.embargo_at),
  state: r.state,
  tlp: r.tlp,
  org: { id: r.org_id, handle: r.org_handle, name: r.org_name },
  author: presentAuthor(r),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  ...(r.unread !== undefined ? { unread: r.unread } : {}),
  ...(r.last_read_seq !== undefined ? { lastReadSeq: Number(r.last_read_seq) } : {}),
});

/**
 * A reply shows a preview of its parent only when the reader may read the parent (the store
 * leaves parent_body null otherwise, and then even the parent's id stays hidden); the preview
 * is labelled with the stricter of the two labels.
 */
export const presentPost = (r: PostRow): Post => ({
  id: r.id,
  seq: Number(r.seq),
  caseId: r.case_id,
  label: presentLabel(r),
  author: presentAuthor(r),
  body: r.body_md,
  html: r.body_html,
  mentions: r.mentions,
  replyTo:
    r.reply_to && r.parent_body !== null && r.parent_tlp !== null
      ? {
          id: r.reply_to,
          preview: previewOf(r.parent_body),
          tlp: mostRestrictive(r.parent_tlp, r.tlp),
          quoted: r.quotes,
        }
      : null,
  revision: r.revision,
  createdAt: r.created_at.toISOString(),
  editedAt: iso(r.edited_at),
});

export const presentRevision = (r: RevisionRow) => ({
  revision: r.revision,
  label: presentLabel(r),
  author: presentAuthor(r),
  body: r.body_md,
  html: r.body_html,
  createdAt: r.created_at.toISOString(),
});

export const presentStatus = (r: StatusRow) => ({
  id: r.id,
  caseId: r.case_id,
  label: presentLabel(r),
  author: presentAuthor(r),
  body: r.body_md,
  html: r.body_html,
  createdAt: r.created_at.toISOString(),
});

export const presentAttachment = (r: AttachmentRow) => ({
  id: r.id,
  caseId: r.case_id,
  postId: r.post_id,
  label: presentLabel(r),
  author: presentAuthor(r),
  filename: r.filename,
  contentType: r.content_type,
  size: r.size_bytes,
  sha256: r.sha256,
  createdAt: r.created_at.toISOString(),
});
