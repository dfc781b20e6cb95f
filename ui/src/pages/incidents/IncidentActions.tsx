import { useEffect, useId, useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormError } from '../../components/FormError.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { People } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Incident, Policy } from '../../types-ops.ts';

type Simple = 'acknowledge' | 'resolve' | 'escalate';
const DONE: Record<Simple, string> = {
  acknowledge: 'Acknowledged: escalation stopped.',
  resolve: 'Resolved.',
  escalate: 'Escalated to the next level.',
};

/** Acknowledge, Resolve, Escalate now and Reassign, for responders and up. */
export function IncidentActions({
  org,
  incident: i,
  people,
  onChanged,
}: {
  org: SessionOrg;
  incident: Incident;
  people: People;
  onChanged(i: Incident): void;
}) {
  const toast = useToast();
  const act = useAction(oncallApi.incidentAction);
  const [reassigning, setReassigning] = useState(false);
  if (!atLeast(org.role, 'responder')) {
    return (
      <p className="muted small">Responders, admins and owners can acknowledge, resolve and escalate.</p>
    );
  }
  if (i.status === 'resolved') return null;
  const run = async (a: Simple) => {
    const r = await act.run(org.id, i.id, a);
    if (!r.ok) return;
    toast(DONE[a]);
    onChanged(r.value);
  };
  return (
    <div className="incident-actions">
      <div className="actions-row">
        {i.status === 'triggered' && (
          <button
            type="button"
            className="button primary big"
            disabled={act.pending}
            onClick={() => run('acknowledge')}
          >
            Acknowledge
          </button>
        )}
        <button type="button" className="button" disabled={act.pending} onClick={() => run('resolve')}>
          Resolve
        </button>
        <button type="button" className="button" disabled={act.pending} onClick={() => run('escalate')}>
          Escalate now
        </button>
        <button type="button" className="button" disabled={act.pending} onClick={() => setReassigning(true)}>
          Reassign…
        </button>
      </div>
      <FormError error={act.error} />
      {reassigning && (
        <ReassignDialog
          org={org}
          incident={i}
          people={people}
          onDone={(next) => {
            setReassigning(false);
            if (next) {
              toast('Reassigned.');
              onChanged(next);
            }
          }}
        />
      )}
    </div>
  );
}

function ReassignDialog({
  org,
  incident,
  people,
  onDone,
}: {
  org: SessionOrg;
  incident: Incident;
  people: People;
  onDone(i: Incident | null): void;
}) {
  const [mode, setMode] = useState<'people' | 'policy'>('people');
  const [chosen, setChosen] = useState<string[]>([]);
  const [policyId, setPolicyId] = useState('');
  const [policies, setPolicies] = useState<Policy[]>([]);
  const reassign = useAction(oncallApi.reassign);
  const id = useId();
  useEffect(() => {
    oncallApi.policies(org.id).then(setPolicies, () => {});
  }, [org.id]);
  const responders = people.members.filter((m) => atLeast(m.role, 'responder'));
  const confirm = async () => {
    if (mode === 'people' && chosen.length === 0) return reassign.setError('Choose at least one person.');
    if (mode === 'policy' && !policyId) return reassign.setError('Choose a policy.');
    const r = await reassign.run(org.id, incident.id, mode === 'people' ? { userIds: chosen } : { policyId });
    if (r.ok) onDone(r.value);
  };
  return (
    <ConfirmDialog
      title={`Reassign #${incident.number}`}
      confirmLabel="Reassign"
      tone="primary"
      pending={reassign.pending}
      error={reassign.error}
      onConfirm={confirm}
      onCancel={() => onDone(null)}
    >
      <fieldset className="segmented">
        <legend className="visually-hidden">Reassign to</legend>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'people'}
            onChange={() => setMode('people')}
          />
          People
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'policy'}
            onChange={() => setMode('policy')}
          />
          Escalation policy
        </label>
      </fieldset>
      {mode === 'people' ? (
        <fieldset className="checklist">
          <legend>Page these people now</legend>
          {responders.map((m) => (
            <label key={m.userId}>
              <input
                type="checkbox"
                checked={chosen.includes(m.userId)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setChosen((c) => (on ? [...c, m.userId] : c.filter((x) => x !== m.userId)));
                }}
              />
              {m.name || m.email}
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-policy`}>Policy (escalation restarts at its first level)</label>
          <select id={`${id}-policy`} value={policyId} onChange={(e) => setPolicyId(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {policies.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </ConfirmDialog>
  );
}
