import { useCallback, useEffect, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { Collector } from '../../types-ops.ts';
import { bytes, count } from '../../units.ts';

/** Flow collectors and per-exporter statistics: is the telemetry arriving, and is it whole? */
export function Collectors({ org }: SectionProps) {
  const [items, setItems] = useState<Collector[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    opsApi.collectors(org.id).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  useEffect(load, [load]);
  return (
    <>
      <PageHeader title="Collectors and exporters" context={org.name}>
        <button type="button" className="button small" onClick={load}>
          Refresh
        </button>
      </PageHeader>
      <p className="muted">
        <Link to={`/o/${org.handle}/attacks`}>← Attacks</Link> · Statistics are stored every few seconds by
        each collector. Lost = datagrams missing by sequence number; malformed ones are dropped and counted.
      </p>
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading…</p>}
      {items?.length === 0 && (
        <p className="empty">
          No collector has reported yet. Start one with <code>swimmy collect</code> and{' '}
          <code>SWIMMY_COLLECTOR_ORG={org.handle}</code>.
        </p>
      )}
      {items?.map((c) => (
        <section key={c.name} className="panel" aria-labelledby={`col-${c.name}`}>
          <div className="panel-head">
            <h2 id={`col-${c.name}`} className="mono">
              {c.name}
            </h2>
            <span className="muted small">
              updated <When iso={c.updatedAt} />
            </span>
          </div>
          <dl className="facts">
            <div>
              <dt>Listening</dt>
              <dd className="mono">
                {c.address} · NetFlow/IPFIX {c.netflowPort} · sFlow {c.sflowPort}
              </dd>
            </div>
            <div>
              <dt>Workers</dt>
              <dd>
                {c.workers}
                {c.reusePort ? ' (shared port)' : ''} · receive buffer {bytes(c.recvBufferBytes)}
              </dd>
            </div>
            <div>
              <dt>Active hosts</dt>
              <dd>
                {count(c.activeHosts)} ({c.bytesPerHost} B each)
              </dd>
            </div>
            <div>
              <dt>Active attacks</dt>
              <dd>{count(c.activeAttacks)}</dd>
            </div>
          </dl>
          {c.exporters.length === 0 ? (
            <p className="muted">No exporter has sent anything yet.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Exporter</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">Datagrams</th>
                  <th scope="col">Records</th>
                  <th scope="col">Lost</th>
                  <th scope="col">Malformed</th>
                  <th scope="col">Template misses</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {c.exporters.map((e) => (
                  <tr key={e.address}>
                    <td data-label="Exporter" className="mono">
                      {e.address}
                    </td>
                    <td data-label="Protocol">{e.protocol ?? '—'}</td>
                    <td data-label="Datagrams">{count(e.datagrams)}</td>
                    <td data-label="Records">{count(e.records)}</td>
                    <td data-label="Lost" className={e.lost > 0 ? 'warn-text' : undefined}>
                      {count(e.lost)}
                    </td>
                    <td data-label="Malformed" className={e.malformed > 0 ? 'warn-text' : undefined}>
                      {count(e.malformed)}
                    </td>
                    <td data-label="Tmpl. misses">{count(e.templateMisses)}</td>
                    <td data-label="Last seen">{e.lastSeenAt ? <When iso={e.lastSeenAt} /> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  );
}
