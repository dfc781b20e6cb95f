import { type FormEvent, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { SelectField, TextAreaField, TextField } from '../../../components/Field.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { labelFields, labelProblem, TlpPicker } from '../../../components/TlpPicker.tsx';
import { useToast } from '../../../components/Toasts.tsx';
import { useAction } from '../../../hooks.ts';
import { useSignedIn } from '../../../session.tsx';
import {
  JUSTIFICATIONS,
  type LabelChoice,
  MATRIX_STATUSES,
  type MatrixStatus,
  ROLLOUT_STATES,
  type Rollout,
  type Tlp,
} from '../../../types-coord.ts';
import { PublishFromCase } from '../../status/PublishFromCase.tsx';
import { type CaseCtx, defaultLabel, words } from '../case/context.ts';
import { EntryHistory } from './MatrixEntryDetail.tsx';
import type { Cell } from './MatrixGrid.tsx';
import { STATUS_SHORT } from './MatrixGrid.tsx';

/** `2018-01-10T06:00` (a datetime-local read as UTC) ↔ ISO. */
const toIso = (local: string) => (local ? `${local}:00Z` : null);
const toLocal = (iso: string | null | undefined) => (iso ? iso.slice(0, 16) : '');

/** Edits the caller's own org's cell: status, VEX justification, regions, statement, label. */
export function MatrixEditor({
  ctx,
  cell,
  onSaved,
  onClose,
}: {
  ctx: CaseCtx;
  cell: Cell;
  onSaved(): void;
  onClose(): void;
}) {
  const toast = useToast();
  const { orgs } = useSignedIn();
  const e = cell.entry;
  const [status, setStatus] = useState<MatrixStatus>((e?.status as MatrixStatus) ?? 'under_investigation');
  const [justification, setJustification] = useState(e?.justification ?? '');
  const [statement, setStatement] = useState(e?.statement ?? '');
  const [rollout, setRollout] = useState<Rollout[]>((e?.rollout as Rollout[]) ?? []);
  const [label, setLabel] = useState<LabelChoice>(() =>
    e
      ? {
          tlp: e.label.tlp as Tlp,
          recipientOrgIds: e.label.recipientOrgIds,
          recipientUserIds: e.label.recipientUserIds,
        }
      : defaultLabel(ctx.space),
  );
  const needsWhy = status === 'not_affected';
  const save = useAction(async (ev: FormEvent) => {
    ev.preventDefault();
    if (needsWhy && !justification) throw new Error('Not affected needs one of the five VEX justifications.');
    const problem = labelProblem(label);
    if (problem) throw new Error(problem);
    await coordApi.writeMatrix(ctx.kase.id, {
      layer: cell.layer,
      cveId: cell.cveId,
      status,
      justification: needsWhy ? justification : null,
      rollout: rollout.filter((r) => r.region.trim()).map((r) => ({ ...r, region: r.region.trim() })),
      statement,
      ...labelFields(label, ctx.actingOrgId),
      asOrgId: ctx.actingOrgId,
    });
    toast(`Saved: ${cell.layer}, ${cell.cveId} — ${STATUS_SHORT[status]}.`);
    onSaved();
    onClose();
  });
  const setRow = (i: number, patch: Partial<Rollout>) =>
    setRollout(rollout.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  // Our own CLEAR statement can become the next public status update (the server re-checks).
  const publishOrg = orgs.find((o) => o.id === ctx.actingOrgId && o.role !== 'viewer');
  const publishable = e?.statement && e.label.tlp === 'CLEAR' && publishOrg;
  return (
    <>
      <form className="matrix-editor stack" aria-label="Edit matrix entry" onSubmit={save.run}>
        <div className="panel-head">
          <h3>
            {cell.org.name} · {cell.layer} · <span className="mono">{cell.cveId}</span>
          </h3>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        <div className="grid-form">
          <SelectField
            label="Status"
            value={status}
            onChange={(ev) => setStatus(ev.target.value as MatrixStatus)}
          >
            {MATRIX_STATUSES.map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </SelectField>
          {needsWhy && (
            <SelectField
              label="Justification (VEX)"
              value={justification}
              onChange={(ev) => setJustification(ev.target.value)}
              hint="Required for not affected."
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
        <fieldset>
          <legend>Rollout by region (times in UTC)</legend>
          {rollout.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
            <div className="rollout-row" key={i}>
              <TextField
                label="Region"
                value={r.region}
                onChange={(ev) => setRow(i, { region: ev.target.value })}
                maxLength={80}
                required
              />
              <SelectField
                label="Rollout state"
                value={r.state}
                onChange={(ev) => setRow(i, { state: ev.target.value as Rollout['state'] })}
              >
                {ROLLOUT_STATES.map((s) => (
                  <option key={s} value={s}>
                    {words(s)}
                  </option>
                ))}
              </SelectField>
              <TextField
                label="From (UTC)"
                type="datetime-local"
                value={toLocal(r.windowStart)}
                onChange={(ev) => setRow(i, { windowStart: toIso(ev.target.value) })}
              />
              <TextField
                label="Until (UTC)"
                type="datetime-local"
                value={toLocal(r.windowEnd)}
                onChange={(ev) => setRow(i, { windowEnd: toIso(ev.target.value) })}
              />
              <button
                type="button"
                className="button small"
                aria-label={`Remove region ${r.region || i + 1}`}
                onClick={() => setRollout(rollout.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="button small"
              onClick={() => setRollout([...rollout, { region: '', state: 'planned' }])}
            >
              Add a region
            </button>
          </div>
        </fieldset>
        <TextAreaField
          label="Statement"
          value={statement}
          onChange={(ev) => setStatement(ev.target.value)}
          rows={2}
          maxLength={65536}
        />
        <TlpPicker
          value={label}
          onChange={setLabel}
          orgs={ctx.activeOrgs}
          people={ctx.people}
          myOrgId={ctx.actingOrgId}
          myUserId={ctx.me}
        />
        <FormError error={save.error} />
        <div className="actions-row">
          <button type="submit" className="button primary" disabled={save.pending}>
            Save entry
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
        {e && <EntryHistory ctx={ctx} entryId={e.id} />}
      </form>
      {publishable && (
        <PublishFromCase org={publishOrg} source={{ kind: 'statement', id: e.id, tlp: e.label.tlp }} />
      )}
    </>
  );
}
