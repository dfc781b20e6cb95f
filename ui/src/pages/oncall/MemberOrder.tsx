import { useId } from 'react';
import type { People } from '../../people.ts';
import type { Member } from '../../types.ts';

/** An ordered list of people (a rotation's order): add from a menu, move up or down, remove. */
export function MemberOrder({
  label,
  candidates,
  value,
  people,
  error,
  onChange,
}: {
  label: string;
  candidates: Member[];
  value: string[];
  people: People;
  error?: string | null;
  onChange(ids: string[]): void;
}) {
  const id = useId();
  const left = candidates.filter((m) => !value.includes(m.userId));
  const move = (i: number, by: number) => {
    const next = [...value];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x!);
    onChange(next);
  };
  return (
    <div className={`field member-order${error ? ' has-error' : ''}`}>
      <span className="label" id={`${id}-label`}>
        {label}
      </span>
      {value.length === 0 ? (
        <p className="muted small">Nobody yet.</p>
      ) : (
        <ol aria-labelledby={`${id}-label`}>
          {value.map((uid, i) => {
            const name = people.name(uid);
            return (
              <li key={uid}>
                <span>{name}</span>
                <span className="row-actions">
                  <button
                    type="button"
                    className="icon-button"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                    aria-label={`Move ${name} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={i === value.length - 1}
                    onClick={() => move(i, 1)}
                    aria-label={`Move ${name} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    onClick={() => onChange(value.filter((x) => x !== uid))}
                    aria-label={`Remove ${name}`}
                  >
                    ×
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {error && <p className="field-error">{error}</p>}
      {left.length > 0 && (
        <>
          <label htmlFor={`${id}-add`} className="visually-hidden">
            Add to {label}
          </label>
          <select
            id={`${id}-add`}
            className="add-select"
            value=""
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (v) onChange([...value, v]);
            }}
          >
            <option value="">Add a person…</option>
            {left.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
