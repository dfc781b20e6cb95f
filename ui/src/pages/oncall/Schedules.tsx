import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { usePeople } from '../../people.ts';
import { Link, navigate } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { Schedule } from '../../types-ops.ts';
import { ScheduleEditor } from './ScheduleEditor.tsx';

const ROTATION: Record<string, string> = { daily: 'daily', weekly: 'weekly', custom: 'custom' };

export function Schedules({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<Schedule[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const people = usePeople(org.id);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');
  const load = useCallback(() => {
    oncallApi.schedules(org.id).then(
      (p) => setItems(p.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  useEffect(load, [load]);
  return (
    <>
      <p className="muted">
        Who is on call, by rotation. Escalation policies page a schedule's current person; overrides cover
        holidays and swaps.
      </p>
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can create and edit schedules.
        </RoleNote>
      )}
      {admin && !creating && (
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          New schedule
        </button>
      )}
      {creating && (
        <ScheduleEditor
          org={org}
          people={people}
          onCancel={() => setCreating(false)}
          onSaved={(s) => {
            toast(`Schedule “${s.name}” created.`);
            navigate(`/o/${org.handle}/oncall/schedules/${s.id}`);
          }}
        />
      )}
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading schedules…</p>}
      {items?.length === 0 && !creating && (
        <p className="empty">No schedules yet. Without one, alerts page the organisation's owners.</p>
      )}
      {items && items.length > 0 && (
        <ul className="card-list">
          {items.map((s) => (
            <li key={s.id} className="card">
              <Link to={`/o/${org.handle}/oncall/schedules/${s.id}`}>
                <strong>{s.name}</strong>
              </Link>
              <span className="muted small">
                {s.timeZone} ·{' '}
                {s.layers
                  .map(
                    (l) =>
                      `${l.name} (${ROTATION[l.rotation]}, ${l.members.map((m) => people.name(m)).join(' → ')})`,
                  )
                  .join('; ')}
              </span>
              {s.description && <span className="small">{s.description}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
