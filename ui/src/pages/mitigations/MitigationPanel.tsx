import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { FormError } from '../../components/FormError.tsx';
import { newer } from '../../hooks.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Attack, Mitigation } from '../../types-ops.ts';
import { MitigationCard } from './MitigationCard.tsx';
import { MITIGATION_EVENTS, MODE_TEXT, useMitigationSettings } from './useMitigations.ts';

/**
 * The attack's mitigation on its page (there is at most one per attack); live events bring a
 * proposal that arrives, and every later change, while the page is open.
 */
export function MitigationPanel({ org, attack }: { org: SessionOrg; attack: Attack }) {
  const [mitigation, setMitigation] = useState<Mitigation | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const settings = useMitigationSettings(org.id);
  const load = useCallback(() => {
    opsApi.mitigations(org.id, { attackId: attack.id, limit: 1 }).then(
      (p) => {
        setMitigation(p.items[0] ?? null);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [org.id, attack.id]);
  useEffect(load, [load]);
  useLiveResync(load);
  useLiveEvents<Mitigation>(
    MITIGATION_EVENTS,
    (e: LiveEvent<Mitigation>) => {
      if (e.data.attackId === attack.id) setMitigation((m) => newer(m, e.data));
    },
    org.id,
  );
  return (
    <section className="panel mitigation-panel" aria-labelledby="mitigation-title">
      <div className="panel-head">
        <h2 id="mitigation-title">Mitigation</h2>
        <Link to={`/o/${org.handle}/mitigations/settings`}>Settings</Link>
      </div>
      <FormError error={error} />
      {mitigation === undefined && !error && <p className="muted">Loading…</p>}
      {mitigation && (
        <MitigationCard
          org={org}
          mitigation={mitigation}
          showAttack={false}
          onChanged={(m) => setMitigation((cur) => newer(cur, m))}
        />
      )}
      {mitigation === null && (
        <p className="muted">
          No mitigation for this attack.{' '}
          {settings &&
            (settings.mode === 'off'
              ? 'Mitigation is off for this organisation.'
              : attack.state === 'active'
                ? `${MODE_TEXT[settings.mode]} A proposal appears here as soon as it is made.`
                : 'None was proposed while the attack lasted (see the settings: FlowSpec, RTBH and the allow-list decide).')}
        </p>
      )}
    </section>
  );
}
