import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { usePeople } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Schedule, Team } from '../../types-ops.ts';
import { TeamEditor } from './TeamEditor.tsx';

/** Teams: named groups of responders that escalation levels can page. */
export function Teams({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<Team[] | null>(null);
  const [schedules, setSchedules] = useState<Schedule[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const people = usePeople(org.id);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');
  const load = useCallback(() => {
    oncallApi.teams(org.id).then(setItems, (err) => setError(messageOf(err)));
    oncallApi.schedules(org.id).then(
      (p) => setSchedules(p.items),
      () => setSchedules([]),
    );
  }, [org.id]);
  useEffect(load, [load]);
  const scheduleName = (id: string | null) => schedules.find((s) => s.id === id)?.name ?? 'a schedule';
  return (
    <>
      <p className="muted">
        A team can be a target of an escalation level: with its own schedule, whoever is on call there is
        paged; without one, every member is.
      </p>
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can change teams.
        </RoleNote>
      )}
      {admin && editing === null && (
        <button type="button" className="button primary" onClick={() => setEditing('new')}>
          New team
        </button>
      )}
      {editing !== null && (
        <TeamEditor
          org={org}
          people={people}
          schedules={schedules}
          initial={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={(t) => {
            toast(`Team “${t.name}” saved.`);
            setEditing(null);
            load();
          }}
        />
      )}
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading teams…</p>}
      {items?.length === 0 && editing === null && <p className="empty">No teams yet.</p>}
      {items?.map((t) => (
        <section key={t.id} className="panel" aria-labelledby={`team-${t.id}`}>
          <div className="panel-head">
            <h2 id={`team-${t.id}`}>{t.name}</h2>
            {admin && editing === null && (
              <div className="actions-row">
                <button type="button" className="button small" onClick={() => setEditing(t)}>
                  Edit<span className="visually-hidden"> {t.name}</span>
                </button>
                <button type="button" className="button small danger-outline" onClick={() => setDeleting(t)}>
                  Delete<span className="visually-hidden"> {t.name}</span>
                </button>
              </div>
            )}
          </div>
          {t.description && <p>{t.description}</p>}
          <p>{t.members.map((m) => m.name || m.email).join(', ')}</p>
          <p className="muted small">
            {t.scheduleId
              ? `Pages go to whoever is on call in “${scheduleName(t.scheduleId)}”.`
              : 'Pages go to every member.'}
          </p>
        </section>
      ))}
      {deleting && (
        <DeleteDialog
          name={deleting.name}
          what="team"
          remove={() => oncallApi.deleteTeam(org.id, deleting.id)}
          onCancel={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            load();
          }}
        >
          <p>Policies that page this team must be changed first.</p>
        </DeleteDialog>
      )}
    </>
  );
}
