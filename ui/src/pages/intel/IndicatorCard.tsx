import { useState } from 'react';
import { messageOf } from '../../api.ts';
import { type Indicator, intelApi } from '../../api-intel.ts';
import { TlpTag } from '../../components/TlpBadge.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import type { SessionOrg } from '../../types.ts';

const STATE: Record<Indicator['state'], [string, string]> = {
  proposed: ['Proposed — needs an admin', 'pill-warning'],
  shared: ['Shared', 'pill-ok'],
  rejected: ['Rejected', ''],
  withdrawn: ['Withdrawn', ''],
};

const rate = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)} G`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(1)} k`
        : `${Math.round(n)} `;

/** One indicator: what it matches, its label, and (own ones) the decision buttons. */
export function IndicatorCard({
  org,
  indicator: i,
  onChanged,
}: {
  org: SessionOrg;
  indicator: Indicator;
  onChanged(i: Indicator): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = i.org.id === org.id;
  const admin = own && atLeast(org.role, 'admin');
  const decide = (d: 'approve' | 'reject' | 'withdraw') => {
    setBusy(true);
    intelApi
      .decide(org.id, i.id, d)
      .then(
        (x) => {
          onChanged(x);
          setError(null);
        },
        (err) => setError(messageOf(err)),
      )
      .finally(() => setBusy(false));
  };
  const [label, tone] = STATE[i.state];
  const titleId = `indicator-${i.id}`;
  return (
    <article className="card indicator" aria-labelledby={titleId}>
      <div className="mitigation-head">
        <h3 id={titleId}>
          {i.summary} {!own && <span className="muted">from {i.org.name}</span>}
        </h3>
        <span className="form-actions">
          <TlpTag tlp={i.tlp} />
          <span className={`pill ${tone}`}>
            {i.active ? label : i.state === 'shared' ? 'Expired' : label}
          </span>
        </span>
      </div>
      <dl className="facts">
        <dt>Vector</dt>
        <dd>
          <code>{i.vector}</code>
          {i.protocol && ` · ${i.protocol}`}
          {i.sourcePorts.length > 0 && ` · source port ${i.sourcePorts.join(', ')}`}
          {i.tcpFlags !== null && ` · TCP flags 0x${i.tcpFlags.toString(16).padStart(2, '0')}`}
        </dd>
        <dt>Peak</dt>
        <dd>
          {rate(i.peakBps)}bps · {rate(i.peakPps)}pps · confidence {i.confidence}/100
        </dd>
        <dt>Target</dt>
        <dd>{i.target ?? 'withheld'}</dd>
        {i.reflectors.length > 0 && (
          <>
            <dt>Reflectors</dt>
            <dd>
              {i.reflectors.length}:{' '}
              {i.reflectors
                .slice(0, 6)
                .map((r) => `${r.address}:${r.port}`)
                .join(', ')}
              {i.reflectors.length > 6 && ' …'}
            </dd>
          </>
        )}
        {i.sourcePrefixes.length > 0 && (
          <>
            <dt>Sources</dt>
            <dd>{i.sourcePrefixes.join(', ')}</dd>
          </>
        )}
        <dt>Seen</dt>
        <dd>
          <When iso={i.firstSeen} /> – <When iso={i.lastSeen} />; expires <When iso={i.expiresAt} />
        </dd>
      </dl>
      {i.shareError && (
        <p className="note note-warning">Shared, but not posted into the space: {i.shareError}</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {admin && i.state === 'proposed' && (
        <div className="actions">
          <button
            type="button"
            className="button small primary"
            disabled={busy}
            onClick={() => decide('approve')}
          >
            Approve and share
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => decide('reject')}>
            Reject
          </button>
        </div>
      )}
      {admin && i.state === 'shared' && (
        <div className="actions">
          <button type="button" className="button small" disabled={busy} onClick={() => decide('withdraw')}>
            Withdraw
          </button>
        </div>
      )}
    </article>
  );
}
