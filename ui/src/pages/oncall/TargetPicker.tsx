import { useId } from 'react';
import { atLeast } from '../../format.ts';
import type { People } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Schedule, Target, Team } from '../../types-ops.ts';
import { targetText } from './Policies.tsx';

const keyOf = (t: Target) => {
  if (t.type === 'user') return `user:${t.userId}`;
  if (t.type === 'schedule') return `schedule:${t.scheduleId}`;
  if (t.type === 'team') return `team:${t.teamId}`;
  return 'executives';
};

/** The targets of one level: schedules, teams, people, or the executives; chosen from one menu. */
export function TargetPicker({
  label,
  people,
  schedules,
  teams,
  value,
  error,
  onChange,
}: {
  org: SessionOrg;
  label: string;
  people: People;
  schedules: Schedule[];
  teams: Team[];
  value: Target[];
  error?: string | null;
  onChange(targets: Target[]): void;
}) {
  const id = useId();
  const taken = new Set(value.map(keyOf));
  const options: { key: string; label: string; target: Target }[] = [
    ...schedules.map((s) => ({
      key: `schedule:${s.id}`,
      label: `Schedule: ${s.name}`,
      target: { type: 'schedule', scheduleId: s.id } as Target,
    })),
    ...teams.map((t) => ({
      key: `team:${t.id}`,
      label: `Team: ${t.name}`,
      target: { type: 'team', teamId: t.id } as Target,
    })),
    ...people.members
      .filter((m) => atLeast(m.role, 'responder'))
      .map((m) => ({
        key: `user:${m.userId}`,
        label: `Person: ${m.name || m.email}`,
        target: { type: 'user', userId: m.userId } as Target,
      })),
    {
      key: 'executives',
      label: 'Executives (the organisation owners)',
      target: { type: 'executives' } as Target,
    },
  ].filter((o) => !taken.has(o.key));
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <span className="label" id={`${id}-label`}>
        {label}
      </span>
      {value.length === 0 ? (
        <p className="muted small">Nobody yet: add a schedule, a team or a person.</p>
      ) : (
        <ul className="chips" aria-labelledby={`${id}-label`}>
          {value.map((t) => (
            <li key={keyOf(t)} className="chip removable">
              {targetText(t, people, schedules, teams)}
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${targetText(t, people, schedules, teams)}`}
                onClick={() => onChange(value.filter((x) => keyOf(x) !== keyOf(t)))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field-error">{error}</p>}
      {options.length > 0 && (
        <>
          <label htmlFor={`${id}-add`} className="visually-hidden">
            Add to {label}
          </label>
          <select
            id={`${id}-add`}
            className="add-select"
            value=""
            onChange={(e) => {
              const o = options.find((x) => x.key === e.currentTarget.value);
              if (o) onChange([...value, o.target]);
            }}
          >
            <option value="">Add a target…</option>
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
