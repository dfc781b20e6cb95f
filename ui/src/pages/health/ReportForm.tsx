import { type FormEvent, useState } from 'react';
import { healthApi, REPORT_KINDS, type ReportKind, type ResourceHealth } from '../../api-health.ts';
import { SelectField, TextAreaField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';

const MAX = 2000;

/** "Report a problem" for one resource; the server correlates it and may page on-call. */
export function ReportForm({
  org,
  resource,
  onReported,
}: {
  org: SessionOrg;
  resource: ResourceHealth;
  onReported: () => void;
}) {
  const [kind, setKind] = useState<ReportKind>(resource.kind === 'address' ? 'unreachable' : 'slow');
  const [description, setDescription] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const send = useAction(healthApi.report);
  if (!atLeast(org.role, 'responder'))
    return <p className="muted">Ask a responder or admin of {org.name} to report a problem.</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const r = await send.run(org.id, { resourceId: resource.id, kind, description });
    if (!r.ok) return;
    setDescription('');
    setDone(
      r.value.paged
        ? 'Reported. Our telemetry or policy agrees: the on-call engineer has been paged.'
        : 'Reported. It is in the support queue; you will see the first response here.',
    );
    onReported();
  };
  return (
    <section className="panel" aria-labelledby="report-title">
      <h2 id="report-title">Report a problem</h2>
      <form onSubmit={submit} className="stack">
        <SelectField
          label="What is wrong"
          value={kind}
          onChange={(e) => setKind(e.target.value as ReportKind)}
        >
          {Object.entries(REPORT_KINDS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label="Describe it"
          hint={`What you see, since when (${description.length}/${MAX}).`}
          value={description}
          maxLength={MAX}
          required
          rows={3}
          onChange={(e) => setDescription(e.target.value)}
        />
        <FormError error={send.error} />
        {done && (
          <p className="notice" role="status">
            {done}
          </p>
        )}
        <div>
          <button type="submit" className="button" disabled={send.pending}>
            {send.pending ? 'Sending…' : 'Report problem'}
          </button>
        </div>
      </form>
    </section>
  );
}
