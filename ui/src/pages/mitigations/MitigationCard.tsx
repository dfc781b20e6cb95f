import { useState } from 'react';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Mitigation } from '../../types-ops.ts';
import { MitigationActions } from './MitigationActions.tsx';
import { MitigationHistory } from './MitigationHistory.tsx';
import { ruleSummary } from './rule-summary.ts';

export const STATE_LABEL: Record<Mitigation['state'], string> = {
  proposed: 'Proposed — needs a decision',
  pending: 'Approved — announcing shortly',
  announcing: 'Announcing',
  announced: 'Announced',
  withdrawing: 'Withdrawing',
  withdrawn: 'Withdrawn',
  withdraw_failed: 'Withdrawal failed — act now',
  rejected: 'Rejected',
  expired: 'Expired (attack ended first)',
  cancelled: 'Cancelled',
  failed: 'Failed',
};
const TONE: Partial<Record<Mitigation['state'], string>> = {
  proposed: 'pill-warning',
  pending: 'pill-info',
  announcing: 'pill-info',
  announced: 'pill-ok',
  withdrawing: 'pill-info',
  withdraw_failed: 'pill-danger',
  failed: 'pill-danger',
};

type Dialect = 'exabgp' | 'gobgp';

/** One mitigation: what it does in words, the exact commands, the decision buttons and its history. */
export function MitigationCard({
  org,
  mitigation: m,
  showAttack = true,
  onChanged,
}: {
  org: SessionOrg;
  mitigation: Mitigation;
  showAttack?: boolean;
  onChanged(m: Mitigation): void;
}) {
  const [dialect, setDialect] = useState<Dialect>(m.driver === 'gobgp' ? 'gobgp' : 'exabgp');
  const op = ['withdrawn', 'withdrawing'].includes(m.state) ? 'withdraw' : 'announce';
  // The server renders the commands (src/mitigation/render.ts): the page shows them as they are sent.
  const text = m.commands
    ? dialect === 'exabgp'
      ? m.commands.exabgp[op].join('\n')
      : m.commands.gobgp[op].map((argv) => argv.join(' ')).join('\n')
    : null;
  const titleId = `mitigation-${m.id}`;
  const responder = atLeast(org.role, 'responder');
  return (
    <article className={`mitigation state-${m.state}`} aria-labelledby={titleId}>
      <div className="mitigation-head">
        <h3 id={titleId}>
          {m.rules.length} {m.rules.length === 1 ? 'rule' : 'rules'} for{' '}
          <span className="mono">{m.target}</span>
        </h3>
        <span className={`pill ${TONE[m.state] ?? 'pill-muted'}`} role="status">
          {STATE_LABEL[m.state]}
        </span>
      </div>
      <p className="muted small">
        {m.classification} · proposed <When iso={m.createdAt} />
        {m.announcedAt && (
          <>
            {' '}
            · announced <When iso={m.announcedAt} />
          </>
        )}
        {m.withdrawnAt && (
          <>
            {' '}
            · withdrawn <When iso={m.withdrawnAt} />
          </>
        )}
        {m.expiresAt && !m.withdrawnAt && (
          <>
            {' '}
            · expires <When iso={m.expiresAt} />
          </>
        )}
        {m.driver && <> · driver {m.driver}</>}
        {showAttack && (
          <>
            {' '}
            · <Link to={`/o/${org.handle}/attacks/${m.attackId}`}>attack</Link>
          </>
        )}
      </p>
      {m.rules.some((r) => r.kind === 'rtbh') && (
        <p className="warning-box" role="note">
          <strong>RTBH blackholes the victim:</strong> all traffic to {m.target} is dropped upstream, the
          customer's legitimate traffic included.
        </p>
      )}
      {m.rules.length > 0 && (
        <>
          <ul className="rule-list">
            {m.rules.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rules are an ordered list without ids
              <li key={i}>{ruleSummary(r)}</li>
            ))}
          </ul>
          <div className="code-head">
            <fieldset className="segmented">
              <legend className="visually-hidden">Command dialect</legend>
              {(['exabgp', 'gobgp'] as const).map((d) => (
                <label key={d}>
                  <input
                    type="radio"
                    name={`dialect-${m.id}`}
                    checked={dialect === d}
                    onChange={() => setDialect(d)}
                  />
                  {d === 'exabgp' ? 'ExaBGP' : 'GoBGP'}
                </label>
              ))}
            </fieldset>
            <span className="muted small">{op === 'announce' ? 'Announce' : 'Withdraw'} commands</span>
          </div>
          <figure className="commands-figure">
            <figcaption className="visually-hidden">
              {dialect === 'exabgp' ? 'ExaBGP' : 'GoBGP'} commands
            </figcaption>
            {text === null ? (
              <p className="form-error-inline">
                A stored rule no longer passes the checks; no commands can be shown (or sent) for it.
              </p>
            ) : (
              <pre className="commands">{text}</pre>
            )}
          </figure>
        </>
      )}
      {m.refused.length > 0 && (
        <ul className="refused small">
          {m.refused.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: refusals are an ordered list without ids
            <li key={i}>
              Not proposed ({r.kind}
              {r.vector ? `, ${r.vector}` : ''}): {r.reason}
            </li>
          ))}
        </ul>
      )}
      {m.notes.length > 0 && (
        <ul className="muted small notes-list">
          {m.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {m.error && <p className="form-error-inline">Error: {m.error}</p>}
      {responder ? (
        <MitigationActions org={org} mitigation={m} onChanged={onChanged} />
      ) : (
        ['proposed', 'announced', 'withdraw_failed'].includes(m.state) && (
          <p className="muted small">Responders, admins and owners can approve, reject or withdraw.</p>
        )
      )}
      <MitigationHistory org={org} mitigation={m} />
    </article>
  );
}
