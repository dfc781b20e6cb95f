import type { Queryable } from '../platform/db/db.ts';
import { type ItemLabel, type Principal, SqlParams, visibleLabelsFilter } from '../policy/index.ts';
import { type LabelRow, labelCols, labelJoins } from './labels.ts';

export interface AttachmentRow extends LabelRow {
  id: string;
  case_id: string;
  post_id: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

const COLS = `a.id, a.case_id, a.post_id, ${labelCols('a')}, a.filename, a.content_type, a.size_bytes, a.sha256, a.created_at`;

export async function insertAttachment(
  q: Queryable,
  x: {
    caseId: string;
    spaceId: string;
    postId: string | null;
    authorId: string | null;
    label: ItemLabel;
    filename: string;
    contentType: string;
    content: Buffer;
    sha256: string;
  },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into attachments (case_id, space_id, post_id, author_id, tlp, org_id, recipient_org_ids,
       recipient_user_ids, filename, content_type, size_bytes, sha256, content)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [
      x.caseId,
      x.spaceId,
      x.postId,
      x.authorId,
      x.label.tlp,
      x.label.orgId,
      x.label.recipientOrgIds,
      x.label.recipientUserIds,
      x.filename,
      x.contentType,
      x.content.length,
      x.sha256,
      x.content,
    ],
  );
  return row!.id;
}

/** Metadata whatever the caller may see: only to answer the uploader. */
export const findAttachmentRaw = (q: Queryable, id: string) =>
  q.one<AttachmentRow>(`select ${COLS} from attachments a ${labelJoins('a')} where a.id = $1`, [id]);

export function visibleAttachments(q: Queryable, p: Principal, where: { caseId: string } | { id: string }) {
  const params = new SqlParams(['caseId' in where ? where.caseId : where.id]);
  const vis = visibleLabelsFilter(p, params, 'a', 'c.tlp');
  return q.query<AttachmentRow>(
    `select ${COLS} from attachments a join cases c on c.id = a.case_id ${labelJoins('a')}
      where ${'caseId' in where ? 'a.case_id' : 'a.id'} = $1 and ${vis} order by a.created_at, a.id`,
    params.values,
  );
}

/** The bytes of an attachment, only when visible. */
export async function visibleContent(q: Queryable, p: Principal, id: string) {
  const params = new SqlParams([id]);
  const vis = visibleLabelsFilter(p, params, 'a', 'c.tlp');
  const row = await q.one<AttachmentRow & { content: Uint8Array }>(
    `select ${COLS}, a.content from attachments a join cases c on c.id = a.case_id ${labelJoins('a')}
      where a.id = $1 and ${vis}`,
    params.values,
  );
  return row ? { ...row, content: Buffer.from(row.content) } : undefined;
}
