import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import { intelApi, type SharingPolicy } from '../../api-intel.ts';
import { FormError } from '../../components/FormError.tsx';
import { atLeast } from '../../format.ts';
import type { SessionOrg } from '../../types.ts';
import type { Space, SpaceOrg } from '../../types-coord.ts';

const MODES = { off: 'Off', propose: 'Propose for approval', automatic: 'Automatic' } as const;
const ANON = {
  exact: 'Exact address',
  generalise: 'Generalise (/24, /48)',
  hide: 'Hide the target',
} as const;
const PEER = {
  off: 'Off',
  flag: 'Flag matching attacks',
  propose: 'Flag and propose FlowSpec',
  automatic: 'Flag and announce FlowSpec',
} as const;
const LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;

/** The sharing policy: what leaves the org, under which label, into which space; and use of peers' indicators. */
export function PolicyEditor({
  org,
  policy,
  onSaved,
}: {
  org: SessionOrg;
  policy: SharingPolicy;
  onSaved(p: SharingPolicy): void;
}) {
  const [draft, setDraft] = useState(policy);
  const [spaces, setSpaces] = useState<Space[]>([]);
  const [members, setMembers] = useState<SpaceOrg[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const admin = atLeast(org.role, 'admin');
  useEffect(() => {
    coordApi.spaces().then(
      (r) => setSpaces(r.items),
      () => {},
    );
  }, []);
  useEffect(() => {
    if (draft.spaceId)
      coordApi.spaceOrgs(draft.spaceId).then(
        (r) => setMembers(r.items.filter((m) => m.status === 'active' && m.org.id !== org.id)),
        () => {},
      );
  }, [draft.spaceId, org.id]);
  const set = <K extends keyof SharingPolicy>(k: K, v: SharingPolicy[K]) => {
    setDraft({ ...draft, [k]: v });
    setSaved(false);
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const { updatedAt: _u, ...body } = draft;
    intelApi.putPolicy(org.id, { ...body, recipientUserIds: [] }).then(
      (p) => {
        onSaved(p);
        setError(null);
        setSaved(true);
      },
      (err) => setError(messageOf(err)),
    );
  };
  const amber = draft.defaultTlp === 'AMBER' || draft.defaultTlp === 'AMBER+STRICT';
  return (
    <form className="card form" onSubmit={save} aria-label="Sharing policy">
      {/* Only there to disable every field for non-admins: no second box inside the card. */}
      <fieldset disabled={!admin} style={{ border: 0, padding: 0 }}>
        <label>
          Share indicators of our attacks
          <select value={draft.mode} onChange={(e) => set('mode', e.target.value as SharingPolicy['mode'])}>
            {Object.entries(MODES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Into the space
          <select value={draft.spaceId ?? ''} onChange={(e) => set('spaceId', e.target.value || null)}>
            <option value="">— none —</option>
            {spaces.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label
          <select
            value={draft.defaultTlp}
            onChange={(e) => set('defaultTlp', e.target.value as SharingPolicy['defaultTlp'])}
          >
            {LABELS.map((l) => (
              <option key={l} value={l}>
                TLP:{l}
              </option>
            ))}
          </select>
        </label>
        {amber && (
          <fieldset>
            <legend>Recipient organisations</legend>
            {members.map((m) => (
              <label key={m.org.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.recipientOrgIds.includes(m.org.id)}
                  onChange={(e) =>
                    set(
                      'recipientOrgIds',
                      e.target.checked
                        ? [...draft.recipientOrgIds, m.org.id]
                        : draft.recipientOrgIds.filter((x) => x !== m.org.id),
                    )
                  }
                />
                {m.org.name}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          Victim address
          <select
            value={draft.anonymisation}
            onChange={(e) => set('anonymisation', e.target.value as SharingPolicy['anonymisation'])}
          >
            {Object.entries(ANON).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Minimum confidence
          <input
            type="number"
            min={0}
            max={100}
            value={draft.minConfidence}
            onChange={(e) => set('minConfidence', Number(e.target.value))}
          />
        </label>
        <label>
          Expire after (hours)
          <input
            type="number"
            min={1}
            max={8760}
            value={draft.expiryHours}
            onChange={(e) => set('expiryHours', Number(e.target.value))}
          />
        </label>
        <label>
          Use peers' indicators
          <select
            value={draft.peerMode}
            onChange={(e) => set('peerMode', e.target.value as SharingPolicy['peerMode'])}
          >
            {Object.entries(PEER).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">
          Peers' indicators only ever become FlowSpec filters of traffic from their reflectors — never a
          blackhole of your customer.
        </p>
        <FormError error={error} />
        <div className="form-actions">
          {admin && (
            <button type="submit" className="button primary">
              Save policy
            </button>
          )}
          {saved && <span role="status">Saved.</span>}
        </div>
      </fieldset>
    </form>
  );
}
