import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { TextAreaField, TextField } from '../../../components/Field.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { TlpBadge } from '../../../components/TlpBadge.tsx';
import { When } from '../../../components/When.tsx';
import { useAction } from '../../../hooks.ts';
import { useSignedIn } from '../../../session.tsx';
import type { Question } from '../../../types-coord.ts';
import { type CaseCtx, words } from './context.ts';
import { PostBody } from './PostItem.tsx';
import { mayAskToWiden, RemarkForm } from './RemarkForm.tsx';

const TONE: Record<string, string> = {
  open: 'pill-warning',
  partially_answered: 'pill-info',
  answered: 'pill-ok',
};

const isUrl = (s: string) => /^https?:\/\//.test(s);

/** One vendor question: votes ("we need this too"), answers with sources, status. */
export function QuestionItem({ ctx, q, onChanged }: { ctx: CaseCtx; q: Question; onChanged(): void }) {
  const { orgs } = useSignedIn();
  const [answering, setAnswering] = useState(false);
  const [asking, setAsking] = useState(false);
  const mayAsk = ctx.canWrite && mayAskToWiden({ label: q.label, author: q.askedBy }, ctx.me, orgs);
  const [body, setBody] = useState('');
  const [sources, setSources] = useState('');
  const voted = q.votes.some((v) => v.orgId === ctx.actingOrgId);
  const mayStatus = ctx.canWrite && (ctx.space.role === 'admin' || q.label.org.id === ctx.actingOrgId);
  const vote = useAction(async () => {
    if (voted) await coordApi.unvote(q.id, ctx.actingOrgId);
    else await coordApi.vote(q.id, ctx.actingOrgId);
    onChanged();
  });
  const setStatus = useAction(async (s: string) => {
    await coordApi.setQuestionStatus(q.id, s);
    onChanged();
  });
  // Unless a label is chosen, an answer is addressed exactly as its question (the server's rule).
  const answer = useAction(async (e: FormEvent) => {
    e.preventDefault();
    await coordApi.answer(q.id, {
      body,
      sources: sources.split(/\s+/).filter(Boolean),
      asOrgId: ctx.actingOrgId,
    });
    setBody('');
    setSources('');
    setAnswering(false);
    onChanged();
  });
  return (
    <article className="question" aria-label={`Question to ${q.vendor}`}>
      <div className="post-head">
        <TlpBadge label={q.label} names={ctx.names} />
        <strong>{q.vendor}</strong>
        <span className={`pill small ${TONE[q.status] ?? ''}`}>{words(q.status)}</span>
      </div>
      <PostBody html={q.html} mentions={[]} />
      <p className="muted small">
        Asked by {q.askedBy?.name ?? 'a former member'} ({q.label.org.name}), <When iso={q.createdAt} />
        {q.sourcePostId && ' · from a post'}
      </p>
      <div className="votes">
        <span className="vote-count">
          <strong>{q.votes.length}</strong> {q.votes.length === 1 ? 'org needs' : 'orgs need'} this
          {q.votes.length > 0 && (
            <span className="muted small"> ({q.votes.map((v) => v.handle).join(', ')})</span>
          )}
        </span>
        {ctx.canWrite && (
          <button
            type="button"
            className={`button small${voted ? '' : ' primary'}`}
            aria-pressed={voted}
            disabled={vote.pending}
            onClick={() => vote.run()}
          >
            {voted ? 'We need this too ✓' : 'We need this too'}
          </button>
        )}
        {mayStatus && (
          <select
            className="inline-select"
            aria-label={`Status of the question to ${q.vendor}`}
            value={q.status}
            disabled={setStatus.pending}
            onChange={(e) => setStatus.run(e.target.value)}
          >
            <option value="open">open</option>
            <option value="partially_answered">partially answered</option>
            <option value="answered">answered</option>
          </select>
        )}
      </div>
      <FormError error={vote.error ?? setStatus.error} />
      {q.answers.length > 0 && (
        <ol className="answers" aria-label={`Answers to ${q.vendor}`}>
          {q.answers.map((a) => (
            <li key={a.id}>
              <div className="post-head">
                <TlpBadge label={a.label} names={ctx.names} />
                <span className="small">
                  {a.author?.name ?? 'Former member'} ({a.label.org.name}) · <When iso={a.createdAt} />
                </span>
              </div>
              <PostBody html={a.html} mentions={[]} />
              {a.sources.length > 0 && (
                <p className="small sources">
                  Sources:{' '}
                  {a.sources.map((s, i) => (
                    <span key={s}>
                      {i > 0 && ', '}
                      {isUrl(s) ? (
                        <a href={s} target="_blank" rel="noopener noreferrer nofollow">
                          {s}
                        </a>
                      ) : (
                        <span className="mono">{s}</span>
                      )}
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {ctx.canWrite &&
        (answering ? (
          <form className="stack" aria-label={`Answer the question to ${q.vendor}`} onSubmit={answer.run}>
            <TextAreaField
              label="Answer (Markdown)"
              value={body}
              onChange={(e) => setBody(e.target.value)}
              rows={3}
              required
              hint={`Shared exactly as the question (TLP:${q.label.tlp}).`}
            />
            <TextField
              label="Sources (space-separated: URLs, XSA-…, CVE-…)"
              value={sources}
              onChange={(e) => setSources(e.target.value)}
            />
            <FormError error={answer.error} />
            <div className="actions-row">
              <button type="submit" className="button primary small" disabled={answer.pending}>
                Post answer
              </button>
              <button type="button" className="button small" onClick={() => setAnswering(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="post-actions">
            <button type="button" className="link-button" onClick={() => setAnswering(true)}>
              Answer
            </button>
            {mayAsk && !asking && (
              <button type="button" className="link-button" onClick={() => setAsking(true)}>
                Ask to widen
              </button>
            )}
          </div>
        ))}
      {asking && (
        <RemarkForm
          ctx={ctx}
          item={{ type: 'question', id: q.id, label: q.label, author: q.askedBy }}
          onDone={() => setAsking(false)}
          onCancel={() => setAsking(false)}
        />
      )}
    </article>
  );
}
