import type { BlockReason } from '../policy/advisories.ts';
import { directoryUrl, latestUrl, versionUrl } from './directory.ts';
import type { AdvisoryRow, RevisionRow } from './store.ts';

// Field by field, so a new column never reaches a client by accident.

export function presentBlocker(b: {
  row: { id: string; layer: string; cveId: string; sourcePostId: string | null; label: { tlp: string } };
  reason: BlockReason;
}) {
  const { row } = b;
  const post = b.reason === 'source_post_not_clear' && row.sourcePostId;
  return {
    rowId: row.id,
    layer: row.layer,
    cveId: row.cveId,
    tlp: row.label.tlp,
    reason: b.reason,
    sourcePostId: row.sourcePostId,
    remark: post ? { itemType: 'post', itemId: post } : { itemType: 'matrix_row', itemId: row.id },
    message: post
      ? `The statement for ${row.layer} × ${row.cveId} was promoted from a post that is not TLP:CLEAR; its author (or their org's admin) must re-mark that post CLEAR.`
      : `The ${row.layer} × ${row.cveId} row is TLP:${row.label.tlp}; re-mark it CLEAR (its source) before publishing.`,
  };
}

export const presentAdvisory = (base: string, handle: string, a: AdvisoryRow) => ({
  trackingId: a.tracking_id,
  caseId: a.case_id,
  title: a.title,
  version: a.current_version,
  initialReleaseDate: a.initial_release_date.toISOString(),
  currentReleaseDate: a.current_release_date.toISOString(),
  url: latestUrl(base, handle, a.tracking_id),
  directoryUrl: directoryUrl(base, handle),
});

export const presentRevision = (base: string, handle: string, trackingId: string, r: RevisionRow) => ({
  version: r.version,
  label: `Update #${r.version}`,
  summary: r.summary,
  publishedAt: r.published_at.toISOString(),
  publishedBy: r.published_by_name,
  sha256: r.sha256,
  url: versionUrl(base, handle, trackingId, r.version),
});
