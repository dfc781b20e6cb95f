import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import { FormError } from '../../components/FormError.tsx';
import { audienceOf, type Names, TlpTag } from '../../components/TlpBadge.tsx';
import { When } from '../../components/When.tsx';
import { useAction } from '../../hooks.ts';
import { useLiveEvents } from '../../live.tsx';
import { Link } from '../../router.tsx';
import { useSignedIn } from '../../session.tsx';
import type { RemarkRequest } from '../../types-coord.ts';

interface Props {
  spaceId: string;
  names: Names;
  /** `/o/<org>/spaces/<space>/cases`: where a post's case opens. */
  caseBase: string;
  /** Only requests about posts of this case (the case page). */
  caseId?: string;
}

const CHANGED = 'swimmy:remark-requests';
/** Tells open request lists to look again (nothing announces a request on the live stream). */
export const remarkRequestsChanged = () => window.dispatchEvent(new Event(CHANGED));

/** What a request is about, as the reader may see it. */
interface Subject {
  caseId: string;
  tlp: string;
  what: string;
  by: string;
  text: string;
  /** `#post-<id>` for a post. */
  anchor: string;
}

/** Posts and vendor questions are shown with their text; other items by kind only. */
async function subjectOf(r: RemarkRequest): Promise<Subject | null> {
  try {
    if (r.itemType === 'post') {
      const p = await coordApi.post(r.itemId);
      const by = p.author?.name ?? 'a former member';
      return { caseId: p.caseId, tlp: p.label.tlp, what: 'post', by, text: p.body, anchor: `#post-${p.id}` };
    }
    if (r.itemType === 'question') {
      const q = await coordApi.question(r.itemId);
      const by = q.askedBy?.name ?? 'a former member';
      return {
        caseId: q.caseId,
        tlp: q.label.tlp,
        what: `question to ${q.vendor}`,
        by,
        text: q.body,
        anchor: '',
      };
    }
  } catch {
    // no longer readable: shown by kind only
  }
  return null;
}

const TYPE: Record<string, string> = {
  post: 'post',
  attachment: 'file',
  status: 'pinned status',
  matrix_row: 'matrix entry',
  question: 'vendor question',
  answer: 'answer',
};

/**
 * Re-marking requests of a space: the ones the reader may decide (as the source of the item)
 * with approve / decline, and the ones they made with their outcome. Posts and questions are
 * shown with their text so the source sees what they are asked to widen.
 */
export function RemarkRequests({ spaceId, names, caseBase, caseId }: Props) {
  const { user } = useSignedIn();
  const [items, setItems] = useState<RemarkRequest[]>([]);
  const [subjects, setSubjects] = useState<Map<string, Subject>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    coordApi.remarkRequests(spaceId).then(
      async (r) => {
        const found = new Map<string, Subject>();
        for (const x of r.items) {
          const subject = await subjectOf(x);
          if (subject) found.set(x.itemId, subject);
        }
        setSubjects(found);
        setItems(r.items);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [spaceId]);
  useEffect(() => {
    load();
    // Nothing announces a new request live: look again whenever the reader comes back.
    window.addEventListener('focus', load);
    window.addEventListener(CHANGED, load);
    return () => {
      window.removeEventListener('focus', load);
      window.removeEventListener(CHANGED, load);
    };
  }, [load]);
  useLiveEvents(['label.changed'], load);
  const decide = useAction(async (id: string, approve: boolean) => {
    await coordApi.decideRemark(id, approve);
    load();
  });

  const inScope = items.filter((x) => !caseId || subjects.get(x.itemId)?.caseId === caseId);
  const toDecide = inScope.filter((x) => x.requestedBy?.id !== user.id && x.status === 'pending');
  const mine = inScope.filter((x) => x.requestedBy?.id === user.id);
  if (toDecide.length === 0 && mine.length === 0 && !error) return null;
  const what = (x: RemarkRequest) => {
    const it = subjects.get(x.itemId);
    if (!it) return <span className="muted">a {TYPE[x.itemType] ?? x.itemType}</span>;
    return (
      <>
        <TlpTag tlp={it.tlp} /> {it.what} by {it.by}:{' '}
        <Link to={`${caseBase}/${it.caseId}${it.anchor}`}>“{it.text.slice(0, 120)}”</Link>
      </>
    );
  };
  const wanted = (x: RemarkRequest) => {
    const who = audienceOf({ ...x.label, org: { id: '', handle: '', name: 'the source' } }, names);
    return (
      <>
        <TlpTag tlp={x.label.tlp} />
        {who && <span className="muted small"> → {who}</span>}
      </>
    );
  };
  return (
    <section className="panel remarks" aria-labelledby={`remarks-${spaceId}`}>
      <h2 id={`remarks-${spaceId}`}>Re-marking requests</h2>
      <FormError error={error ?? decide.error} />
      {toDecide.length > 0 && (
        <ul className="remark-list" aria-label="Requests for you to decide">
          {toDecide.map((x) => (
            <li key={x.id}>
              <p className="small">
                <strong>{x.requestedBy?.name ?? 'Someone'}</strong> ({names.org(x.requesterOrgId)}) asks to
                widen {what(x)} to {wanted(x)} · <When iso={x.createdAt} />
              </p>
              {x.reason && <blockquote className="small">{x.reason}</blockquote>}
              <div className="actions-row">
                <button
                  type="button"
                  className="button primary small"
                  disabled={decide.pending}
                  onClick={() => decide.run(x.id, true)}
                >
                  Approve
                </button>
                <button
                  type="button"
                  className="button small"
                  disabled={decide.pending}
                  onClick={() => decide.run(x.id, false)}
                >
                  Decline
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {mine.length > 0 && (
        <>
          <h3 className="small">Your requests</h3>
          <ul className="remark-list" aria-label="Your re-marking requests">
            {mine.map((x) => (
              <li key={x.id} className="small">
                {what(x)} to {wanted(x)}: <span className={`pill small remark-${x.status}`}>{x.status}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
