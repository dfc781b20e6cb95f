import { getCase } from '../cases/cases.ts';
import { view as matrixView } from '../cases/matrix.ts';
import { getPost } from '../cases/posts.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import {
  advisoryBlockers,
  mayCopyCaseText,
  requireEmbargoLifted,
  requireMayPublishAdvisories,
  requireOrgInCaseSpace,
} from '../policy/advisories.ts';
import { isTlp, type Principal, type Tlp } from '../policy/index.ts';
import { loadSpaceAccess } from '../spaces/access.ts';
import { buildCsafVex, type Revision, serialise } from './csaf.ts';
import { baseUrlOf, latestUrl, namespaceOf } from './directory.ts';
import { presentBlocker } from './presenters.ts';
import type { PreviewInput } from './schemas.ts';
import * as store from './store.ts';
import type { MatrixStatus, VexJustification, VexRow } from './vex.ts';

type Entry = Awaited<ReturnType<typeof matrixView>>['items'][number];
export type LabelledEntry = Entry & { sourcePostTlp: Tlp | 'unreadable' | null };

/** The label of the post a statement was promoted from, as the publisher sees it. */
async function sourcePostTlp(p: Platform, principal: Principal, postId: string | null) {
  if (!postId) return null;
  try {
    const tlp = (await getPost(p, principal, postId)).label.tlp;
    return isTlp(tlp) ? tlp : 'unreadable';
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return 'unreadable';
    throw err;
  }
}

const toVexRow = (e: Entry): VexRow => ({
  layer: e.layer,
  cveId: e.cveId,
  status: e.status as MatrixStatus,
  justification: e.justification as VexJustification | null,
  statement: e.statement,
  rollout: e.rollout,
});

/** Everything preview and publish share: access checks, the org's own rows, what blocks them. */
async function gather(p: Platform, principal: Principal, orgId: string, input: PreviewInput) {
  const org = await store.findOrg(p.db, orgId);
  if (!org) throw new AppError('not_found', 'No such organisation.');
  requireMayPublishAdvisories(principal, org);
  const theCase = await getCase(p, principal, input.caseId);
  const access = await loadSpaceAccess(p.db, principal, theCase.spaceId);
  requireOrgInCaseSpace(orgId, access?.activeOrgIds ?? []);
  // Only this org's rows, and only those the publisher may read (a RED row not addressed to
  // them stays out of their view, and out of the advisory).
  const { items } = await matrixView(p, principal, { caseId: input.caseId }, { orgId });
  const rows: LabelledEntry[] = [];
  for (const e of items.filter((i) => i.label.org.id === orgId))
    rows.push({ ...e, sourcePostTlp: await sourcePostTlp(p, principal, e.sourcePostId) });
  const blockers = advisoryBlockers(rows.map((r) => ({ ...r, tlp: r.label.tlp as Tlp })));
  const blocked = new Set(blockers.map((b) => b.row.id));
  return { org, theCase, rows, blockers, clear: rows.filter((r) => !blocked.has(r.id)) };
}

type Gathered = Awaited<ReturnType<typeof gather>>;

function titleFor(g: Gathered, input: PreviewInput, existing: store.AdvisoryRow | undefined) {
  if (input.title) return input.title;
  if (existing) return existing.title;
  if (mayCopyCaseText(g.theCase.tlp as Tlp)) return g.theCase.title;
  const cves = [...new Set(g.clear.map((r) => r.cveId))].sort();
  return `${g.org.name} VEX statement: ${cves.join(', ') || 'no CLEAR rows yet'}`.slice(0, 300);
}

const trackingIdOf = (handle: string, at: Date, seq: number) =>
  `${handle}-${at.getUTCFullYear()}-${String(seq).padStart(4, '0')}`;

/** Revision dates strictly increase (CSAF sorts the history by date and by number alike). */
const releaseDate = (previous: readonly store.RevisionRow[]) => {
  const last = previous.at(-1)?.published_at.getTime() ?? 0;
  return new Date(Math.max(Date.now(), last + 1));
};

function document(
  p: Platform,
  g: Gathered,
  a: { trackingId: string; title: string; previous: readonly store.RevisionRow[]; at: Date },
  input: PreviewInput,
) {
  const base = baseUrlOf(p.config);
  const revisions: Revision[] = [
    ...a.previous.map((r) => ({ number: r.version, date: r.published_at.toISOString(), summary: r.summary })),
    { number: a.previous.length + 1, date: a.at.toISOString(), summary: input.summary ?? 'Initial release' },
  ];
  return buildCsafVex({
    trackingId: a.trackingId,
    title: a.title,
    publisher: { name: g.org.name, namespace: namespaceOf(base, g.org.handle) },
    selfUrl: latestUrl(base, g.org.handle, a.trackingId),
    revisions,
    description: input.description,
    references: input.references,
    rows: g.clear.map(toVexRow),
  });
}

/** What would be published now: the document (CLEAR rows only) and the rows that block it. */
export async function preview(p: Platform, principal: Principal, orgId: string, input: PreviewInput) {
  const g = await gather(p, principal, orgId, input);
  const existing = await store.findAdvisoryForCase(p.db, orgId, input.caseId);
  const previous = existing ? await store.listRevisions(p.db, existing.id) : [];
  const at = releaseDate(previous);
  const trackingId =
    existing?.tracking_id ?? trackingIdOf(g.org.handle, at, await store.nextSeq(p.db, orgId));
  const doc = g.clear.length
    ? document(p, g, { trackingId, title: titleFor(g, input, existing), previous, at }, input)
    : null;
  return {
    trackingId,
    version: previous.length + 1,
    publishable: g.blockers.length === 0 && g.rows.length > 0,
    blocking: g.blockers.map(presentBlocker),
    rowCount: g.rows.length,
    embargoAt: g.theCase.embargoAt,
    document: doc,
  };
}

/** Publishes the first revision or the next one ("Update #n"); 409 when a row is not CLEAR. */
export async function publish(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: PreviewInput & { summary: string },
) {
  const g = await gather(p, principal, orgId, input);
  requireEmbargoLifted(g.theCase.embargoAt);
  if (g.rows.length === 0)
    throw new AppError(
      'conflict',
      'Your organisation has no status matrix rows in this case: nothing to publish.',
    );
  if (g.blockers.length)
    throw new AppError(
      'conflict',
      `${g.blockers.length} matrix row(s) are not TLP:CLEAR; their source must re-mark them before they can be published.`,
      { blocking: g.blockers.map(presentBlocker) },
    );
  const publishedBy = principal.kind === 'user' || principal.kind === 'token' ? principal.userId : null;
  const published = await p.db.tx(async (q) => {
    await store.lockOrg(q, orgId);
    const existing = await store.findAdvisoryForCase(q, orgId, input.caseId);
    const previous = existing ? await store.listRevisions(q, existing.id) : [];
    const at = releaseDate(previous);
    const seq = existing ? null : await store.nextSeq(q, orgId);
    const trackingId = existing?.tracking_id ?? trackingIdOf(g.org.handle, at, seq!);
    const title = titleFor(g, input, existing);
    const bytes = serialise(document(p, g, { trackingId, title, previous, at }, input));
    const advisoryId =
      existing?.id ??
      (await store.insertAdvisory(q, {
        orgId,
        caseId: input.caseId,
        trackingId,
        seq: seq!,
        title,
        at,
      }));
    const version = previous.length + 1;
    await store.insertRevision(q, {
      advisoryId,
      version,
      summary: input.summary,
      title,
      document: bytes.json,
      ...bytes,
      publishedBy,
      at,
    });
    return { advisoryId, trackingId, version };
  });
  return published;
}
