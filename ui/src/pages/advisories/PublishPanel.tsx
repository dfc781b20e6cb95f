import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import {
  type Advisory,
  type AdvisoryPreview,
  advisoriesApi,
  type Blocker,
  blockersOf,
} from '../../api-advisories.ts';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { TlpTag } from '../../components/TlpBadge.tsx';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import type { Case } from '../../types-coord.ts';

interface Props {
  org: SessionOrg;
  cases: Case[] | null;
  caseId: string;
  onPublished(a: Advisory): void;
}

/** "Publish advisory": pick a case, preview exactly what the public will get, publish an update. */
export function PublishPanel({ org, cases, caseId: initialCase, onPublished }: Props) {
  const [caseId, setCaseId] = useState(initialCase);
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [description, setDescription] = useState('');
  const [preview, setPreview] = useState<AdvisoryPreview | null>(null);
  const [blocking, setBlocking] = useState<Blocker[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const previewing = useAction(advisoriesApi.preview);
  const publishing = useAction(advisoriesApi.publish);

  // A new case: what was previewed for the old one no longer applies.
  const chooseCase = (id: string) => {
    setCaseId(id);
    setPreview(null);
    setBlocking([]);
  };
  useEffect(() => setCaseId(initialCase), [initialCase]);

  const fields = () => ({
    caseId,
    ...(title.trim() ? { title: title.trim() } : {}),
    ...(description.trim() ? { description: description.trim() } : {}),
  });

  const runPreview = async () => {
    setDone(null);
    const r = await previewing.run(org.id, {
      ...fields(),
      ...(summary.trim() ? { summary: summary.trim() } : {}),
    });
    if (!r.ok) return;
    setPreview(r.value);
    setBlocking(r.value.blocking);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    try {
      const r = await advisoriesApi.publish(org.id, { ...fields(), summary: summary.trim() });
      onPublished(r.advisory);
      setDone(`Published ${r.revision.label} of ${r.advisory.trackingId}.`);
      setSummary('');
      setBlocking([]);
      await runPreview();
    } catch (err) {
      const rows = blockersOf(err);
      if (rows) setBlocking(rows);
      publishing.setError(messageOf(err));
    }
  };

  return (
    <section className="panel" aria-labelledby="publish-advisory-title">
      <h2 id="publish-advisory-title">Publish advisory</h2>
      <form onSubmit={submit} className="grid-form">
        <SelectField
          label="Case"
          name="caseId"
          required
          value={caseId}
          onChange={(e) => chooseCase(e.currentTarget.value)}
        >
          <option value="">{cases === null ? 'Loading cases…' : 'Choose a vulnerability case'}</option>
          {cases?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title} ({c.cveIds.join(', ') || 'no CVE ids'})
            </option>
          ))}
        </SelectField>
        <TextField
          label="Title"
          name="title"
          maxLength={300}
          hint="Optional. Default: the current title; for a new advisory, the case title when the case is CLEAR."
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <TextAreaField
          label="Summary note"
          name="description"
          maxLength={4000}
          hint="Optional public text; a summary is generated from the rows otherwise."
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <TextField
          label="What changed in this update"
          name="summary"
          required
          maxLength={1000}
          hint="Public: shown as “Update #n: …” in the revision history."
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
        />
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={!caseId || previewing.pending}
            onClick={runPreview}
          >
            Preview
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={!caseId || !summary.trim() || publishing.pending}
          >
            Publish
          </button>
        </div>
      </form>
      <FormError error={previewing.error ?? publishing.error} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <BlockingRows rows={blocking} />
      {preview && <PreviewView preview={preview} />}
    </section>
  );
}

function BlockingRows({ rows }: { rows: Blocker[] }) {
  if (rows.length === 0) return null;
  return (
    <div role="alert">
      <h3>Rows that block publishing</h3>
      <p className="muted small">
        Only TLP:CLEAR content is published. Their source must re-mark them first.
      </p>
      <ul className="stack">
        {rows.map((b) => (
          <li key={b.rowId}>
            <strong>
              {b.layer} × {b.cveId}
            </strong>{' '}
            <TlpTag tlp={b.tlp} /> {b.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function PreviewView({ preview }: { preview: AdvisoryPreview }) {
  return (
    <div>
      <h3>
        Preview: {preview.trackingId}, Update #{preview.version}
      </h3>
      <p className="muted small">
        {preview.publishable
          ? 'This is exactly what the public will see once you publish.'
          : preview.rowCount === 0
            ? 'Your organisation has no rows in this case yet.'
            : 'Shown without the blocking rows; publishing is refused until they are CLEAR.'}
        {preview.embargoAt ? ` Embargoed until ${preview.embargoAt}.` : ''}
      </p>
      {preview.document !== null && <pre>{JSON.stringify(preview.document, null, 2)}</pre>}
    </div>
  );
}
