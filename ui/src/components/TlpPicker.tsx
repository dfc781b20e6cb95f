import { useId } from 'react';
import { type LabelChoice, type OrgRef, type SpacePerson, TLPS, type Tlp } from '../types-coord.ts';
import { tlpClass } from './TlpBadge.tsx';

interface Props {
  value: LabelChoice;
  onChange(next: LabelChoice): void;
  /** Active member orgs of the space. */
  orgs: OrgRef[];
  people: SpacePerson[];
  /** The writer's org (always a reader of its own AMBER items) and the writer (always on RED). */
  myOrgId: string | undefined;
  myUserId: string;
  /** Labels not offered (a case itself is CLEAR or GREEN only). */
  only?: readonly Tlp[];
  legend?: string;
}

const HELP: Record<Tlp, string> = {
  CLEAR: 'no limit',
  GREEN: 'whole space',
  AMBER: 'named orgs + need-to-know clients',
  'AMBER+STRICT': 'named orgs only',
  RED: 'named people only',
};

/** A fresh choice at `tlp`, with the recipients that label takes. */
export function choiceFor(tlp: Tlp): LabelChoice {
  if (tlp === 'RED') return { tlp, recipientUserIds: [] };
  if (tlp === 'AMBER' || tlp === 'AMBER+STRICT') return { tlp, recipientOrgIds: [] };
  return { tlp };
}

/** What is missing before the label can be sent, or null. */
export function labelProblem(v: LabelChoice): string | null {
  if (v.tlp === 'RED' && !v.recipientUserIds?.length) return 'TLP:RED needs at least one named person.';
  return null;
}

const toggle = (list: string[] | undefined, id: string, on: boolean) =>
  on ? [...new Set([...(list ?? []), id])] : (list ?? []).filter((x) => x !== id);

/**
 * The TLP 2.0 picker: five labels as radio buttons in their FIRST colours, then the recipients
 * the label needs — people for RED, organisations for AMBER and AMBER+STRICT.
 */
export function TlpPicker({
  value,
  onChange,
  orgs,
  people,
  myOrgId,
  myUserId,
  only,
  legend = 'TLP label',
}: Props) {
  const id = useId();
  const labels = only ?? TLPS;
  const others = people.filter((p) => p.userId !== myUserId);
  return (
    <div className="tlp-picker">
      <fieldset className="tlp-choices">
        <legend>{legend}</legend>
        {labels.map((t) => (
          <label key={t} className={`tlp-choice${value.tlp === t ? ' checked' : ''}`} title={HELP[t]}>
            <input
              type="radio"
              name={`${id}-tlp`}
              value={t}
              checked={value.tlp === t}
              onChange={() => onChange(choiceFor(t))}
            />
            <span className={tlpClass(t)}>TLP:{t}</span>
          </label>
        ))}
      </fieldset>
      {value.tlp === 'RED' && (
        <fieldset className="tlp-recipients">
          <legend>Named people (RED)</legend>
          {others.length === 0 && <p className="muted small">Nobody else is in this space yet.</p>}
          <ul className="checklist compact">
            {others.map((p) => (
              <li key={p.userId}>
                <label>
                  <input
                    type="checkbox"
                    checked={value.recipientUserIds?.includes(p.userId) ?? false}
                    onChange={(e) =>
                      onChange({
                        ...value,
                        recipientUserIds: toggle(value.recipientUserIds, p.userId, e.target.checked),
                      })
                    }
                  />
                  {p.name} <span className="muted small">@{p.mention}</span>
                </label>
              </li>
            ))}
          </ul>
          <p className="hint">You always see your own RED items.</p>
        </fieldset>
      )}
      {(value.tlp === 'AMBER' || value.tlp === 'AMBER+STRICT') && (
        <fieldset className="tlp-recipients">
          <legend>Named organisations ({value.tlp})</legend>
          <ul className="checklist compact">
            {orgs.map((o) => {
              const mine = o.id === myOrgId;
              return (
                <li key={o.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={mine || (value.recipientOrgIds?.includes(o.id) ?? false)}
                      disabled={mine}
                      onChange={(e) =>
                        onChange({
                          ...value,
                          recipientOrgIds: toggle(value.recipientOrgIds, o.id, e.target.checked),
                        })
                      }
                    />
                    {o.name}
                    {mine && <span className="muted small"> (yours, always)</span>}
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
    </div>
  );
}

/** The request fields for a choice: the writer's own org is implied, so it is added explicitly. */
export function labelFields(v: LabelChoice, myOrgId: string | undefined): LabelChoice {
  if (v.tlp === 'RED') return { tlp: v.tlp, recipientUserIds: v.recipientUserIds ?? [] };
  if (v.tlp === 'AMBER' || v.tlp === 'AMBER+STRICT') {
    const orgs = [...new Set([...(myOrgId ? [myOrgId] : []), ...(v.recipientOrgIds ?? [])])];
    return { tlp: v.tlp, recipientOrgIds: orgs };
  }
  return { tlp: v.tlp };
}
