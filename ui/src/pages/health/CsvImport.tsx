import { type FormEvent, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { healthApi, type ImportResult } from '../../api-health.ts';
import { CheckField, TextAreaField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import type { SessionOrg } from '../../types.ts';

const EXAMPLE =
  'kind,identifier,name,region,component\naddress,198.51.100.7,web front,fr-par,\nvolume,vol-1,db volume,fr-par,';

/** CSV import: a file or pasted text; every bad row is listed with its line. */
export function CsvImport({
  org,
  customerOrgId,
  onImported,
}: {
  org: SessionOrg;
  customerOrgId: string;
  onImported: () => void;
}) {
  const [text, setText] = useState('');
  const [partial, setPartial] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    setResult(null);
    try {
      const r = await healthApi.importCsv(org.id, customerOrgId, text, partial);
      setResult(r);
      onImported();
    } catch (err) {
      setError(messageOf(err));
      const details = err instanceof ApiError ? (err.details as ImportResult | undefined) : undefined;
      if (details?.errors) setResult(details);
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="csv-title">
      <h2 id="csv-title">Import from CSV</h2>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>CSV file</span>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setText(await f.text());
            }}
          />
        </label>
        <TextAreaField
          label="…or paste it"
          hint="Header row first: kind, identifier, and optionally name, region, component."
          placeholder={EXAMPLE}
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <CheckField
          label="Import the good rows even when some are bad"
          checked={partial}
          onChange={(e) => setPartial(e.target.checked)}
        />
        <FormError error={error} />
        {result && (
          <div role="status">
            <p>{result.imported} resource(s) imported.</p>
            {result.errors.length > 0 && (
              <ul className="csv-errors" aria-label="Rows with errors">
                {result.errors.map((x) => (
                  <li key={`${x.line}:${x.error}`}>
                    Line {x.line}: {x.error}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div>
          <button type="submit" className="button" disabled={pending || text.trim() === ''}>
            {pending ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </section>
  );
}
