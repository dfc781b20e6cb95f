import { useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Collector } from '../../types-ops.ts';
import { count } from '../../units.ts';

/** What is being watched: collectors, exporters, hosts, last datagram — or how to start. */
export function WatchSummary({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<Collector[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    opsApi.collectors(org.id).then(
      (r) => setItems(r.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  const link = <Link to={`/o/${org.handle}/collectors`}>Collectors and exporters</Link>;
  if (error) return <p className="small">Could not load the collectors: {error}</p>;
  if (!items) return <p className="muted small">Checking the collectors…</p>;
  if (items.length === 0) {
    return (
      <p className="small">
        No flow collector has reported for {org.name} yet, so nothing is being watched. Run{' '}
        <code>swimmy collect</code> (or <code>npm start</code>) with{' '}
        <code>SWIMMY_COLLECTOR_ORG={org.handle}</code> and point routers at UDP 2055 (NetFlow/IPFIX) or 6343
        (sFlow). {link}.
      </p>
    );
  }
  const exporters = items.flatMap((c) => c.exporters);
  const last = exporters
    .map((e) => e.lastSeenAt)
    .filter((x): x is string => !!x)
    .sort()
    .at(-1);
  const hosts = items.reduce((n, c) => n + c.activeHosts, 0);
  return (
    <p className="small">
      Watching <strong>{count(exporters.length)}</strong> {exporters.length === 1 ? 'exporter' : 'exporters'}{' '}
      on <strong>{count(items.length)}</strong> {items.length === 1 ? 'collector' : 'collectors'},{' '}
      <strong>{count(hosts)}</strong> active {hosts === 1 ? 'host' : 'hosts'}
      {last && (
        <>
          ; last flow data <When iso={last} />
        </>
      )}
      . {link}.
    </p>
  );
}
