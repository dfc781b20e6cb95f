import { useId } from 'react';

/** Largest record the server takes (LIMITS.recordBytes in src/cases/import-types.ts). */
const MAX_CHARS = 512 * 1024;

/**
 * A CVE JSON 5 or OSV record, pasted or read from a file (nothing is fetched from the network:
 * the text goes to the server as is, which parses and checks it).
 */
export function RecordInput({ value, onChange }: { value: string; onChange(text: string): void }) {
  const id = useId();
  return (
    <div className="record-input stack">
      <label htmlFor={`${id}-text`}>Record (CVE JSON 5 or OSV)</label>
      <textarea
        id={`${id}-text`}
        className="mono small"
        rows={5}
        value={value}
        maxLength={MAX_CHARS}
        spellCheck={false}
        placeholder='{"dataType": "CVE_RECORD", …} or {"id": "GHSA-…", "aliases": ["CVE-…"], …}'
        onChange={(e) => onChange(e.target.value)}
      />
      <label className="file-pick small">
        <span>Or choose a file</span>
        <input
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) onChange(await file.text());
          }}
        />
      </label>
    </div>
  );
}
