import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { SelectField, TextField } from '../../../components/Field.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useAction } from '../../../hooks.ts';
import {
  JUSTIFICATIONS,
  MATRIX_STATUSES,
  type MatrixStatus,
  type Post,
  type Question,
} from '../../../types-coord.ts';
import { type CaseCtx, words } from './context.ts';

type As = 'statement' | 'question' | 'answer';

/** "Promote to entry": the post becomes a matrix statement, a vendor question or an answer, under its own label. */
export function PromoteForm({
  ctx,
  post,
  questions,
  onDone,
  onCancel,
}: {
  ctx: CaseCtx;
  post: Post;
  questions: Question[];
  onDone(): void;
  onCancel(): void;
}) {
  const toast = useToast();
  const [as, setAs] = useState<As>('statement');
  const [layer, setLayer] = useState(ctx.kase.layers[0] ?? '');
  const [cveId, setCveId] = useState(ctx.kase.cveIds[0] ?? '');
  const [status, setStatus] = useState<MatrixStatus>('affected');
  const [justification, setJustification] = useState('');
  const [vendor, setVendor] = useState('');
  const [questionId, setQuestionId] = useState(questions[0]?.id ?? '');
  const [sources, setSources] = useState('');
  const promote = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const asOrgId = ctx.actingOrgId;
    if (as === 'statement')
      await coordApi.promote(post.id, {
        as,
        layer,
        cveId,
        status,
        justification: status === 'not_affected' ? justification : null,
        asOrgId,
      });
    else if (as === 'question') await coordApi.promote(post.id, { as, vendor: vendor.trim(), asOrgId });
    else
      await coordApi.promote(post.id, {
        as,
        questionId,
        sources: sources.split(/\s+/).filter(Boolean),
        asOrgId,
      });
    toast(
      `Promoted to a ${as === 'statement' ? 'matrix statement' : as === 'question' ? 'vendor question' : 'answer'}, labelled TLP:${post.label.tlp}.`,
    );
    onDone();
  });
  return (
    <form className="promote stack" aria-label="Promote to entry" onSubmit={promote.run}>
      <fieldset className="segmented">
        <legend className="visually-hidden">Promote as</legend>
        {(['statement', 'question', 'answer'] as const).map((a) => (
          <label key={a}>
            <input type="radio" name={`promote-${post.id}`} checked={as === a} onChange={() => setAs(a)} />
            {a === 'statement' ? 'Matrix statement' : a === 'question' ? 'Vendor question' : 'Answer'}
          </label>
        ))}
      </fieldset>
      {as === 'statement' && (
        <div className="grid-form">
          <SelectField label="Layer" value={layer} onChange={(e) => setLayer(e.target.value)}>
            {ctx.kase.layers.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </SelectField>
          <SelectField label="CVE" value={cveId} onChange={(e) => setCveId(e.target.value)}>
            {ctx.kase.cveIds.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </SelectField>
          <SelectField
            label="Status"
            value={status}
            onChange={(e) => setStatus(e.target.value as MatrixStatus)}
          >
            {MATRIX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </SelectField>
          {status === 'not_affected' && (
            <SelectField
              label="Justification (VEX)"
              value={justification}
              required
              onChange={(e) => setJustification(e.target.value)}
            >
              <option value="">Choose…</option>
              {JUSTIFICATIONS.map((j) => (
                <option key={j} value={j}>
                  {words(j)}
                </option>
              ))}
            </SelectField>
          )}
        </div>
      )}
      {as === 'question' && (
        <TextField
          label="Vendor"
          value={vendor}
          onChange={(e) => setVendor(e.target.value)}
          required
          maxLength={200}
          list="vendor-names"
        />
      )}
      {as === 'answer' &&
        (questions.length === 0 ? (
          <p className="muted small">No vendor questions yet.</p>
        ) : (
          <>
            <SelectField
              label="Answers the question"
              value={questionId}
              onChange={(e) => setQuestionId(e.target.value)}
            >
              {questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.vendor}: {q.body.slice(0, 60)}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Sources (space-separated URLs, XSA-…, CVE-…)"
              value={sources}
              onChange={(e) => setSources(e.target.value)}
            />
          </>
        ))}
      <p className="hint">The entry keeps this post's label (TLP:{post.label.tlp}) and links back to it.</p>
      <FormError error={promote.error} />
      <div className="actions-row">
        <button
          type="submit"
          className="button primary small"
          disabled={promote.pending || (as === 'answer' && !questionId)}
        >
          Promote
        </button>
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
