import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { TextAreaField, TextField } from '../../../components/Field.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { labelFields, labelProblem, TlpPicker } from '../../../components/TlpPicker.tsx';
import { useAction } from '../../../hooks.ts';
import type { LabelChoice, Question } from '../../../types-coord.ts';
import { type CaseCtx, defaultLabel } from './context.ts';
import { QuestionItem } from './QuestionItem.tsx';

const VENDORS = [
  'Intel',
  'AMD',
  'Arm',
  'Xen Project',
  'VMware',
  'Red Hat',
  'Canonical',
  'Microsoft',
  'Linux kernel',
];

/** Open questions to vendors, so the consortium presses with one voice; most-voted first. */
export function Questions({
  ctx,
  questions,
  onChanged,
}: {
  ctx: CaseCtx;
  questions: Question[] | null;
  onChanged(): void;
}) {
  const [asking, setAsking] = useState(false);
  const [vendor, setVendor] = useState('');
  const [body, setBody] = useState('');
  const [label, setLabel] = useState<LabelChoice>(() => defaultLabel(ctx.space));
  const ask = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const problem = labelProblem(label);
    if (problem) throw new Error(problem);
    await coordApi.ask(ctx.kase.id, {
      vendor: vendor.trim(),
      body,
      ...labelFields(label, ctx.actingOrgId),
      asOrgId: ctx.actingOrgId,
    });
    setVendor('');
    setBody('');
    setAsking(false);
    onChanged();
  });
  const sorted = [...(questions ?? [])].sort(
    (a, b) =>
      Number(a.status === 'answered') - Number(b.status === 'answered') || b.votes.length - a.votes.length,
  );
  return (
    <section className="panel questions" aria-labelledby="questions-title">
      <datalist id="vendor-names">
        {VENDORS.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      <div className="panel-head">
        <h2 id="questions-title">Vendor questions</h2>
        {ctx.canWrite && !asking && (
          <button type="button" className="button small" onClick={() => setAsking(true)}>
            Ask a vendor
          </button>
        )}
      </div>
      {asking && (
        <form className="stack" aria-label="Ask a vendor" onSubmit={ask.run}>
          <TextField
            label="Vendor"
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
            required
            maxLength={200}
            list="vendor-names"
          />
          <TextAreaField
            label="Question (Markdown)"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            rows={3}
            required
          />
          <TlpPicker
            value={label}
            onChange={setLabel}
            orgs={ctx.activeOrgs}
            people={ctx.people}
            myOrgId={ctx.actingOrgId}
            myUserId={ctx.me}
          />
          <FormError error={ask.error} />
          <div className="actions-row">
            <button type="submit" className="button primary small" disabled={ask.pending}>
              Ask
            </button>
            <button type="button" className="button small" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {questions === null && <p className="muted">Loading questions…</p>}
      {questions?.length === 0 && !asking && <p className="muted">No questions yet (or none you may see).</p>}
      <ul className="plain-list question-list">
        {sorted.map((q) => (
          <li key={q.id}>
            <QuestionItem ctx={ctx} q={q} onChanged={onChanged} />
          </li>
        ))}
      </ul>
    </section>
  );
}
