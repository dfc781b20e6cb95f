import { type FormEvent, useEffect, useState } from 'react';
import {
  type HealthSettings,
  healthApi,
  REPORT_STATES,
  type Report,
  type ReportState,
} from '../../api-health.ts';
import { CheckField, SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { ReportCard } from './ReportCard.tsx';
import { useReports } from './useHealth.ts';

function Respond({ org, report }: { org: SessionOrg; report: Report }) {
  const [message, setMessage] = useState('');
  const [state, setState] = useState<ReportState>(
    report.state === 'received' ? 'investigating' : report.state,
  );
  const send = useAction(healthApi.respond);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await send.run(org.id, report.id, { ...(message.trim() ? { message } : {}), state })).ok)
      setMessage('');
  };
  return (
    <form onSubmit={submit} className="stack" aria-label={`Answer ${report.customerName}`}>
      <TextAreaField
        label="Answer the customer"
        rows={2}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
      />
      <SelectField label="State" value={state} onChange={(e) => setState(e.target.value as ReportState)}>
        {REPORT_STATES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      <FormError error={send.error} />
      <div>
        <button type="submit" className="button small" disabled={send.pending}>
          Send
        </button>
      </div>
    </form>
  );
}

function SettingsForm({ org }: { org: SessionOrg }) {
  const [s, setS] = useState<HealthSettings | null>(null);
  const save = useAction(healthApi.putSettings);
  useEffect(() => {
    healthApi.settings(org.id).then(setS, () => {});
  }, [org.id]);
  if (!s) return null;
  const admin = atLeast(org.role, 'admin');
  return (
    <form
      className="panel stack"
      aria-label="Problem report settings"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await save.run(org.id, s);
        if (r.ok) setS(r.value);
      }}
    >
      <CheckField
        label="Always page on-call for a problem report, even when telemetry sees nothing"
        checked={s.alwaysPage}
        disabled={!admin}
        onChange={(e) => setS({ ...s, alwaysPage: e.target.checked })}
      />
      <TextField
        label="Attacks count as evidence for this many minutes after they end"
        type="number"
        min={1}
        max={1440}
        disabled={!admin}
        value={s.lookbackMinutes}
        onChange={(e) => setS({ ...s, lookbackMinutes: Number(e.target.value) })}
      />
      <FormError error={save.error} />
      {admin && (
        <div>
          <button type="submit" className="button small" disabled={save.pending}>
            Save settings
          </button>
        </div>
      )}
    </form>
  );
}

/** The provider's queue of customer problem reports, with evidence, newest first. */
export function ReportQueue({ org }: { org: SessionOrg }) {
  const { items, error } = useReports(org.id, 'queue');
  const responder = atLeast(org.role, 'responder');
  return (
    <>
      <PageHeader title="Problem reports" context={org.name} />
      <SettingsForm org={org} />
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading…</p>}
      {items?.length === 0 && <p className="empty">No problem reports from customers.</p>}
      <div className="stack">
        {items?.map((r) => (
          <ReportCard key={r.id} report={r}>
            {responder && <Respond org={org} report={r} />}
          </ReportCard>
        ))}
      </div>
    </>
  );
}
