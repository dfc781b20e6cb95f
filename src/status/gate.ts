import { getCase } from '../cases/cases.ts';
import { getEntry } from '../cases/matrix.ts';
import { getPost } from '../cases/posts.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { effectiveTlp, type Principal, type Tlp } from '../policy/index.ts';
import { requirePublishable } from '../policy/status.ts';
import { postUpdate } from './incidents.ts';
import type { FromPostInput, FromStatementInput } from './schemas.ts';
import type { UpdateSpec } from './updates.ts';

/** Labelled text from the coordination module (a post, a matrix statement) to be published. */
export interface CoordinationText {
  /** The label the reader sees it under (the stricter of the item's and its case's). */
  tlp: Tlp;
  text: string;
  /** "This post", "This statement": named in the refusal. */
  what: string;
}

/**
 * The publishing gate's one entry from coordination: turns labelled text into a numbered
 * public update, only when it is TLP:CLEAR. Anything else is a 409 telling the caller that
 * the source must re-mark it CLEAR; nothing of it is stored or published.
 */
export async function publishFromCoordination(
  p: Platform,
  principal: Principal,
  orgId: string,
  incidentId: string,
  source: CoordinationText,
  update: Omit<UpdateSpec, 'body'>,
) {
  requirePublishable(source.tlp, source.what);
  return postUpdate(p, principal, orgId, incidentId, { ...update, body: source.text });
}

/** A coordination post as a public update: the caller must be able to read it, and it must be CLEAR. */
export async function publishPost(
  p: Platform,
  principal: Principal,
  orgId: string,
  incidentId: string,
  input: FromPostInput,
) {
  const post = await getPost(p, principal, input.postId);
  const kase = await getCase(p, principal, post.caseId);
  const tlp = effectiveTlp({ tlp: post.label.tlp as Tlp }, kase.tlp as 'CLEAR' | 'GREEN');
  return publishFromCoordination(
    p,
    principal,
    orgId,
    incidentId,
    { tlp, text: post.body, what: tlp === post.label.tlp ? 'This post' : 'This post (through its case)' },
    {
      status: input.status,
      ...(input.components ? { components: input.components } : {}),
      ...(input.reopen !== undefined ? { reopen: input.reopen } : {}),
    },
  );
}

/**
 * A status matrix statement (one's own org's row) as a public update: readable by the caller,
 * the org's own, not empty, and CLEAR through its case too; otherwise nothing is published.
 */
export async function publishStatement(
  p: Platform,
  principal: Principal,
  orgId: string,
  incidentId: string,
  input: FromStatementInput,
) {
  const row = await getEntry(p, principal, input.matrixRowId);
  if (row.label.org.id !== orgId)
    throw new AppError(
      'forbidden',
      "Only your own organisation's statements can be published on its status page.",
    );
  const kase = await getCase(p, principal, row.caseId);
  const tlp = effectiveTlp({ tlp: row.label.tlp as Tlp }, kase.tlp as 'CLEAR' | 'GREEN');
  const what = tlp === row.label.tlp ? 'This statement' : 'This statement (through its case)';
  requirePublishable(tlp, what);
  if (!row.statement.trim())
    throw new AppError('validation_failed', 'This matrix entry has no statement text to publish.');
  return publishFromCoordination(
    p,
    principal,
    orgId,
    incidentId,
    { tlp, text: row.statement, what },
    {
      status: input.status,
      ...(input.components ? { components: input.components } : {}),
      ...(input.reopen !== undefined ? { reopen: input.reopen } : {}),
    },
  );
}
