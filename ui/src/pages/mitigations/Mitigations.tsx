import type { SectionProps } from '../../App.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { Mitigation } from '../../types-ops.ts';
import { NotFound } from '../NotFound.tsx';
import { MitigationCard, STATE_LABEL } from './MitigationCard.tsx';
import { MitigationSettingsPage } from './MitigationSettings.tsx';
import { MODE_TEXT, useMitigationSettings, useMitigations } from './useMitigations.ts';

export function Mitigations({ org, sub }: SectionProps) {
  if (sub.length === 1 && sub[0] === 'settings') return <MitigationSettingsPage org={org} />;
  if (sub.length > 0) return <NotFound />;
  return <MitigationList org={org} />;
}

function MitigationList({ org }: Pick<SectionProps, 'org'>) {
  const { current, error, all, changed } = useMitigations(org.id);
  const settings = useMitigationSettings(org.id);
  const base = `/o/${org.handle}`;
  const proposed = current?.filter((m) => m.state === 'proposed') ?? [];
  const live = current?.filter((m) => m.state !== 'proposed') ?? [];
  return (
    <>
      <PageHeader title="Mitigations" context={org.name}>
        <Link to={`${base}/mitigations/settings`} className="button small">
          Settings
        </Link>
      </PageHeader>
      {settings && (
        <p className={`note ${settings.mode === 'off' ? 'note-warning' : ''}`}>
          <strong>Mode:</strong> {MODE_TEXT[settings.mode]} Driver: <strong>{settings.driver.kind}</strong>
          {settings.driver.kind === 'log' && ' (dry run: commands are recorded, not sent)'}.
        </p>
      )}
      <FormError error={error} />
      {current === null && !error && <p className="muted">Loading mitigations…</p>}

      <section aria-labelledby="proposed-title">
        <h2 id="proposed-title" className="section-title first">
          Needs a decision {proposed.length > 0 && <span className="count-badge">{proposed.length}</span>}
        </h2>
        {current && proposed.length === 0 && <p className="muted">No proposals waiting.</p>}
        <div className="stack">
          {proposed.map((m) => (
            <MitigationCard key={m.id} org={org} mitigation={m} onChanged={changed} />
          ))}
        </div>
      </section>

      <section aria-labelledby="live-title">
        <h2 id="live-title" className="section-title">
          On the routers now
        </h2>
        {current && live.length === 0 && <p className="muted">Nothing is announced.</p>}
        <div className="stack">
          {live.map((m) => (
            <MitigationCard key={m.id} org={org} mitigation={m} onChanged={changed} />
          ))}
        </div>
      </section>

      <section aria-labelledby="all-title">
        <h2 id="all-title" className="section-title">
          Record
        </h2>
        <FormError error={all.error} />
        {all.items?.length === 0 && (
          <p className="empty">
            No mitigation yet. Proposals appear here (and on the attack) when attacks are detected.
          </p>
        )}
        {all.items && all.items.length > 0 && <RecordTable items={all.items} base={base} />}
        {all.hasMore && (
          <button type="button" className="button" onClick={all.loadMore} disabled={all.loading}>
            {all.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}

function RecordTable({ items, base }: { items: Mitigation[]; base: string }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Target</th>
          <th scope="col">Attack</th>
          <th scope="col">Rules</th>
          <th scope="col">State</th>
          <th scope="col">Proposed</th>
        </tr>
      </thead>
      <tbody>
        {items.map((m) => (
          <tr key={m.id}>
            <td data-label="Target">
              <Link to={`${base}/attacks/${m.attackId}`} className="mono">
                {m.target}
              </Link>
            </td>
            <td data-label="Attack">{m.classification}</td>
            <td data-label="Rules">
              {m.rules.map((r) => (r.kind === 'rtbh' ? 'RTBH' : 'FlowSpec')).join(', ') || '—'}
            </td>
            <td data-label="State">{STATE_LABEL[m.state]}</td>
            <td data-label="Proposed">
              <When iso={m.createdAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
