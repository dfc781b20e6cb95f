import { useState } from 'react';
import { messageOf } from '../../api.ts';
import { type Advisory, type AdvisoryRevision, advisoriesApi } from '../../api-advisories.ts';
import { FormError } from '../../components/FormError.tsx';
import { utc } from '../../format.ts';
import type { SessionOrg } from '../../types.ts';

/** The org's published advisories, each with its public URL and, on demand, its revisions. */
export function AdvisoryList({ org, advisories }: { org: SessionOrg; advisories: Advisory[] | null }) {
  return (
    <section aria-labelledby="advisory-list-title">
      <h2 id="advisory-list-title" className="section-title">
        Published advisories
      </h2>
      {advisories === null && <p className="muted">Loading advisories…</p>}
      {advisories?.length === 0 && <p className="empty">Nothing published yet.</p>}
      {advisories && advisories.length > 0 && (
        <>
          <p className="muted small">
            Provider metadata for CSAF aggregators:{' '}
            <a href={`${advisories[0]!.directoryUrl}provider-metadata.json`}>provider-metadata.json</a> ·{' '}
            <a href={`${advisories[0]!.directoryUrl}index.txt`}>index.txt</a> ·{' '}
            <a href={`${advisories[0]!.directoryUrl}changes.csv`}>changes.csv</a>
          </p>
          <ul className="stack">
            {advisories.map((a) => (
              <AdvisoryItem key={a.trackingId} org={org} advisory={a} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function AdvisoryItem({ org, advisory }: { org: SessionOrg; advisory: Advisory }) {
  const [revisions, setRevisions] = useState<AdvisoryRevision[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    if (revisions) return setRevisions(null);
    try {
      setRevisions((await advisoriesApi.revisions(org.id, advisory.trackingId)).items);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <li className="panel">
      <strong>{advisory.title}</strong>{' '}
      <span className="muted small">
        {advisory.trackingId} · Update #{advisory.version} · {utc(advisory.currentReleaseDate)}
      </span>
      <p>
        <a href={advisory.url}>{advisory.url}</a>
      </p>
      <button type="button" className="button small" onClick={toggle} aria-expanded={revisions !== null}>
        {revisions ? 'Hide revisions' : 'Revisions'}
      </button>
      <FormError error={error} />
      {revisions && <RevisionList revisions={revisions} />}
    </li>
  );
}

export function RevisionList({ revisions }: { revisions: AdvisoryRevision[] }) {
  return (
    <ol className="stack" reversed>
      {revisions.map((r) => (
        <li key={r.version}>
          <a href={r.url}>{r.label}</a>: {r.summary}{' '}
          <span className="muted small">
            {utc(r.publishedAt)}
            {r.publishedBy ? ` · ${r.publishedBy}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
