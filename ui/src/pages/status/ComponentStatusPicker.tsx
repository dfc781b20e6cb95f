import { COMPONENT_STATUSES, human, type StatusComponent } from '../../api-status.ts';

interface Props {
  components: StatusComponent[];
  /** component id → chosen status; a component not in the map is not affected. */
  value: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
}

/** Which components an update affects, and the status each enters with it. */
export function ComponentStatusPicker({ components, value, onChange }: Props) {
  const leaves = components.filter((c) => !c.isGroup);
  if (!leaves.length) return <p className="muted small">No components on this page yet.</p>;
  return (
    <fieldset className="affected-picker">
      <legend>Affected components</legend>
      {leaves.map((c) => {
        const on = c.id in value;
        return (
          <div key={c.id} className="affected-row">
            <label>
              <input
                type="checkbox"
                checked={on}
                onChange={(e) => {
                  const next = { ...value };
                  if (e.currentTarget.checked)
                    next[c.id] = c.status === 'operational' ? 'major_outage' : c.status;
                  else delete next[c.id];
                  onChange(next);
                }}
              />{' '}
              {c.name}
            </label>
            {on && (
              <select
                aria-label={`New status of ${c.name}`}
                value={value[c.id]}
                onChange={(e) => onChange({ ...value, [c.id]: e.currentTarget.value })}
              >
                {COMPONENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {human(s)}
                  </option>
                ))}
              </select>
            )}
            <span className="muted small">now {human(c.status).toLowerCase()}</span>
          </div>
        );
      })}
    </fieldset>
  );
}
