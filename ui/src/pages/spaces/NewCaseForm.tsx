import { type FormEvent, useState } from 'react';
import { coordApi } from '../../api-coord.ts';
import { TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { TlpPicker } from '../../components/TlpPicker.tsx';
import { useAction } from '../../hooks.ts';
import { navigate } from '../../router.tsx';
import { useSignedIn } from '../../session.tsx';
import type { LabelChoice, Space } from '../../types-coord.ts';
import { embargoIso } from './Embargo.tsx';
import { RecordInput } from './RecordInput.tsx';

const CVE = /^CVE-\d{4}-\d{4,}$/;

/** `CVE-2017-5753, cve-2017-5715` → the ids and the ones that are not CVE ids. */
export function parseCves(text: string): { ids: string[]; wrong: string[] } {
  const all = text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  return { ids: [...new Set(all.filter((s) => CVE.test(s)))], wrong: all.filter((s) => !CVE.test(s)) };
}

interface Props {
  space: Space;
  actingOrgId: string | undefined;
  base: string;
  onCancel(): void;
}

export function NewCaseForm({ space, actingOrgId, base, onCancel }: Props) {
  const { user } = useSignedIn();
  const [kind, setKind] = useState<'vulnerability' | 'incident'>('vulnerability');
  const [title, setTitle] = useState('');
  const [cves, setCves] = useState('');
  const [layers, setLayers] = useState<string[]>(space.layers);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [label, setLabel] = useState<LabelChoice>({ tlp: 'GREEN' });
  const [record, setRecord] = useState('');
  const [imported, setImported] = useState<string | null>(null);
  const preview = useAction(async () => {
    const r = await coordApi.previewImport(record);
    setKind('vulnerability');
    setTitle(r.suggestedCase.title);
    setCves(r.suggestedCase.cveIds.join(' '));
    const dropped = r.warnings.length ? ` (${r.warnings.join('; ')})` : '';
    setImported(`Filled in from ${r.sourceId} (${r.format === 'cve' ? 'CVE JSON 5' : 'OSV'})${dropped}.`);
  });
  const parsed = parseCves(cves);
  const cveError = parsed.wrong.length ? `Not CVE ids (CVE-YYYY-NNNN): ${parsed.wrong.join(', ')}` : null;
  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    if (cveError) throw new Error(cveError);
    const c = await coordApi.createCase(space.id, {
      kind,
      title: title.trim(),
      cveIds: parsed.ids,
      layers,
      embargoAt: embargoIso(date, time),
      tlp: label.tlp as 'CLEAR' | 'GREEN',
      asOrgId: actingOrgId,
    });
    navigate(`${base}/cases/${c.id}`);
  });
  return (
    <form className="panel stack" aria-label="New case" onSubmit={create.run}>
      <h2>New case</h2>
      <details className="import-box">
        <summary>Import from CVE JSON 5 / OSV</summary>
        <RecordInput value={record} onChange={setRecord} />
        <FormError error={preview.error} />
        <button
          type="button"
          className="button small"
          disabled={!record.trim() || preview.pending}
          onClick={() => preview.run()}
        >
          Fill in from the record
        </button>
      </details>
      {imported && (
        <p className="note small" role="status">
          {imported} Check the title and ids before opening the case.
        </p>
      )}
      <fieldset className="segmented" aria-label="Kind">
        <legend className="visually-hidden">Kind</legend>
        {(['vulnerability', 'incident'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="case-kind" checked={kind === k} onChange={() => setKind(k)} />
            {k === 'vulnerability' ? 'Vulnerability' : 'Incident'}
          </label>
        ))}
      </fieldset>
      <TextField
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        required
        maxLength={300}
        placeholder="Meltdown / Spectre"
      />
      <TextField
        label="CVE ids"
        value={cves}
        onChange={(e) => setCves(e.target.value)}
        className="mono"
        placeholder="CVE-2017-5753 CVE-2017-5715 CVE-2017-5754"
        hint="Separated by spaces or commas."
        error={cveError}
      />
      <fieldset>
        <legend>Affected component layers</legend>
        {space.layers.length === 0 && <p className="muted small">This space defines no layers yet.</p>}
        <ul className="checklist inline">
          {space.layers.map((l) => (
            <li key={l}>
              <label>
                <input
                  type="checkbox"
                  checked={layers.includes(l)}
                  onChange={(e) =>
                    setLayers(e.target.checked ? [...layers, l] : layers.filter((x) => x !== l))
                  }
                />
                {l}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Embargo (UTC)</legend>
        <div className="grid-form">
          <TextField label="Date (UTC)" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <TextField
            label="Time (UTC)"
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            disabled={!date}
          />
        </div>
        {date && (
          <p className="hint">
            Lifts at {embargoIso(date, time)?.replace('T', ' ').replace(':00Z', ' UTC')}.
          </p>
        )}
      </fieldset>
      <TlpPicker
        legend="Label of the case itself (title, CVE ids, state)"
        value={label}
        onChange={setLabel}
        only={['CLEAR', 'GREEN']}
        orgs={[]}
        people={[]}
        myOrgId={actingOrgId}
        myUserId={user.id}
      />
      <FormError error={create.error} />
      <div className="actions-row">
        <button type="submit" className="button primary" disabled={create.pending}>
          Open case
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
