import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { DeleteDialog } from '../../components/DeleteDialog.tsx';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { type People, usePeople } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Policy, Schedule, Target, Team } from '../../types-ops.ts';
import { seconds } from '../../units.ts';
import { PolicyEditor } from './PolicyEditor.tsx';

export function targetText(t: Target, people: People, schedules: Schedule[], teams: Team[]): string {
  if (t.type === 'user') return people.name(t.userId);
  if (t.type === 'team') return `team “${teams.find((x) => x.id === t.teamId)?.name ?? 'a team'}”`;
  if (t.type === 'schedule')
    return `on call in “${schedules.find((s) => s.id === t.scheduleId)?.name ?? 'a schedule'}”`;
  return t.userIds?.length
    ? `executives: ${t.userIds.map((id) => people.name(id)).join(', ')}`
    : 'executives (the owners)';
}

export function Policies({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<Policy[] | null>(null);
  const [schedules, setSchedules] = useState<Schedule[] | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Policy | null>(null);
  const people = usePeople(org.id);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');
  const load = useCallback(() => {
    oncallApi.policies(org.id).then(setItems, (err) => setError(messageOf(err)));
    oncallApi.schedules(org.id).then(
      (p) => setSchedules(p.items),
      () => setSchedules([]),
    );
    oncallApi.teams(org.id).then(setTeams, () => setTeams([]));
  }, [org.id]);
  useEffect(load, [load]);
  return (
    <>
      <p className="muted">
        Who is paged, in which order, until someone acknowledges. Each level waits its delay before the next
        is paged; the last level can be the executives.
      </p>
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can change escalation policies.
        </RoleNote>
      )}
      {admin && editing === null && (
        <button
          type="button"
          className="button primary"
          onClick={() => setEditing('new')}
          disabled={!schedules}
        >
          New policy
        </button>
      )}
      {editing !== null && (
        <PolicyEditor
          org={org}
          people={people}
          schedules={schedules ?? []}
          teams={teams}
          initial={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={(p) => {
            toast(`Policy “${p.name}” saved.`);
            setEditing(null);
            load();
          }}
        />
      )}
      <FormError error={error} />
      {items === null && !error && <p className="muted">Loading policies…</p>}
      {items?.length === 0 && editing === null && (
        <p className="empty">
          No escalation policies yet. Until there is one, alerts page the organisation's owners.
        </p>
      )}
      {items?.map((p) => (
        <section key={p.id} className="panel policy" aria-labelledby={`policy-${p.id}`}>
          <div className="panel-head">
            <h2 id={`policy-${p.id}`}>{p.name}</h2>
            {admin && editing === null && (
              <div className="actions-row">
                <button type="button" className="button small" onClick={() => setEditing(p)}>
                  Edit<span className="visually-hidden"> {p.name}</span>
                </button>
                <button type="button" className="button small danger-outline" onClick={() => setDeleting(p)}>
                  Delete<span className="visually-hidden"> {p.name}</span>
                </button>
              </div>
            )}
          </div>
          {p.description && <p>{p.description}</p>}
          <ol className="levels">
            {p.levels.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: levels are ordered and have no ids
              <li key={i}>
                <strong>Level {i + 1}:</strong>{' '}
                {l.targets.map((t) => targetText(t, people, schedules ?? [], teams)).join(', ')}
                {i < p.levels.length - 1 || p.repeat > 0 ? (
                  <span className="muted"> — then after {seconds(l.delaySeconds)}</span>
                ) : null}
              </li>
            ))}
          </ol>
          <p className="muted small">
            {p.urgency === 'low' ? 'Low urgency: only the first level is paged. ' : ''}
            {p.repeat > 0
              ? `Repeats ${p.repeat} ${p.repeat === 1 ? 'time' : 'times'}. `
              : 'Does not repeat. '}
            {p.ackTimeoutSeconds
              ? `An acknowledgement lasts ${seconds(p.ackTimeoutSeconds)}, then escalation resumes.`
              : ''}
          </p>
        </section>
      ))}
      {deleting && (
        <DeleteDialog
          name={deleting.name}
          what="policy"
          remove={() => oncallApi.deletePolicy(org.id, deleting.id)}
          onCancel={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            load();
          }}
        >
          <p>Routing rules that use it must be changed first.</p>
        </DeleteDialog>
      )}
    </>
  );
}
