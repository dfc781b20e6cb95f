import { AppError } from '../platform/http/errors.ts';
import type { Principal } from './principal.ts';
import { type OrgRole, roleAtLeast } from './roles.ts';
import type { Tlp } from './tlp.ts';

/**
 * Public advisories (CSAF 2.0 VEX). An advisory is public the moment it is published, so the
 * rules are about what may go into one, decided here only:
 *
 * - an owner or admin of a *provider* org publishes, for a case in a space the org is an active
 *   member of (other orgs get 404, as for any case they cannot reach);
 * - only the org's own matrix rows go in, and only when every one is CLEAR and, when its
 *   statement was promoted from a post, that post is CLEAR too. Otherwise publishing is refused
 *   and the rows are named: their source must re-mark them first. Nothing is ever filtered out
 *   silently, because a VEX document that quietly omits an affected product is worse than none;
 * - the case's own text (its title) goes in only when the case itself is CLEAR. A CLEAR row in a
 *   GREEN case is public by its source's decision; the case gate protects the case, not the row;
 * - nothing is published before the case's embargo ends;
 * - CSAF 2.0 knows TLP 1 only: CLEAR is published as WHITE (the only label we ever publish).
 */

export const ADVISORY_PUBLISHER_ROLE: OrgRole = 'admin';

/** Owner/admin of a provider org (customer orgs have nothing to advise about). */
export function requireMayPublishAdvisories(p: Principal, org: { id: string; kind: string }) {
  const role = p.orgs.get(org.id);
  if (!role) throw new AppError('not_found', 'No such organisation.');
  if (!roleAtLeast(role, ADVISORY_PUBLISHER_ROLE))
    throw new AppError('forbidden', 'Publishing advisories needs the admin role or higher.');
  if (org.kind !== 'provider')
    throw new AppError('forbidden', 'Only provider organisations publish advisories.');
}

/** The case must sit in a space where the publishing org is an active member. */
export function requireOrgInCaseSpace(orgId: string, activeOrgIds: readonly string[]) {
  if (!activeOrgIds.includes(orgId)) throw new AppError('not_found', 'No such case.');
}

export function requireEmbargoLifted(embargoAt: string | Date | null, now = new Date()) {
  if (embargoAt && new Date(embargoAt).getTime() > now.getTime())
    throw new AppError(
      'conflict',
      `This case is under embargo until ${new Date(embargoAt).toISOString()}; publish after it lifts.`,
    );
}

/** What publishing needs to know about one matrix row. */
export interface AdvisoryRowLabel {
  id: string;
  tlp: Tlp;
  /** Label of the post the statement was promoted from; 'unreadable' when the publisher cannot see it. */
  sourcePostTlp: Tlp | 'unreadable' | null;
}

export type BlockReason = 'row_not_clear' | 'source_post_not_clear';

/** Rows that keep an advisory from being published, each with why. */
export function advisoryBlockers<R extends AdvisoryRowLabel>(rows: readonly R[]) {
  const out: Array<{ row: R; reason: BlockReason }> = [];
  for (const row of rows) {
    if (row.tlp !== 'CLEAR') out.push({ row, reason: 'row_not_clear' });
    else if (row.sourcePostTlp !== null && row.sourcePostTlp !== 'CLEAR')
      out.push({ row, reason: 'source_post_not_clear' });
  }
  return out;
}

/** The case title may be copied only from a CLEAR case. */
export const mayCopyCaseText = (caseTlp: Tlp) => caseTlp === 'CLEAR';

/** CSAF 2.0 TLP (version 1) label for content we publish: only CLEAR, as WHITE. */
export function csafTlpLabel(tlp: Tlp): 'WHITE' {
  if (tlp !== 'CLEAR') throw new Error(`refusing to publish ${tlp} content`);
  return 'WHITE';
}
