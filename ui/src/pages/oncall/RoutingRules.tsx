import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import type { Integration, Policy, RoutingRule } from '../../types-ops.ts';
import { RuleEditor } from './RuleEditor.tsx';

function conditionText(r: RoutingRule, integrations: Integration[]): string {
  const c = r.conditions;
  const parts: string[] = [];
  if (c.sources?.length) parts.push(`source is ${c.sources.join(' or ')}`);
  if (c.severities?.length) parts.push(`severity is ${c.severities.join(' or ')}`);
  for (const [k, v] of Object.entries(c.labels ?? {})) parts.push(`${k} = ${v}`);
  if (c.integrationIds?.length)
    parts.push(
      `via ${c.integrationIds.map((id) => integrations.find((i) => i.id === id)?.name ?? 'an integration').join(' or ')}`,
    );
  return parts.length ? parts.join(', and ') : 'every alert';
}

/** Rules in evaluation order: the first that matches an alert picks its escalation policy. */
export function RoutingRules({ org }: { org: SessionOrg }) {
  const [rules, setRules] = useState<RoutingRule[] | null>(null);
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [integrations, setIntegrations] = useState<Integration[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const remove = useAction(oncallApi.deleteRule);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');
  const load = useCallback(() => {
    oncallApi.rules(org.id).then(setRules, (err) => setError(messageOf(err)));
    oncallApi.policies(org.id).then(setPolicies, () => {});
    if (atLeast(org.role, 'admin')) oncallApi.integrations(org.id).then(setIntegrations, () => {});
  }, [org.id, org.role]);
  useEffect(load, [load]);
  const policyName = (id: string) => policies.find((p) => p.id === id)?.name ?? 'a deleted policy';
  return (
    <>
      <p className="muted">
        Each alert is matched against these rules in order; the first match picks the escalation policy.
        Alerts no rule matches page the organisation's owners.
      </p>
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can change routing rules.
        </RoleNote>
      )}
      {admin && editing === null && (
        <button
          type="button"
          className="button primary"
          onClick={() => setEditing('new')}
          disabled={policies.length === 0}
        >
          New routing rule
        </button>
      )}
      {admin && policies.length === 0 && <p className="muted small">Create an escalation policy first.</p>}
      {editing !== null && (
        <RuleEditor
          org={org}
          policies={policies}
          integrations={integrations}
          initial={editing === 'new' ? undefined : editing}
          nextPosition={(rules?.at(-1)?.position ?? 0) + 10}
          onCancel={() => setEditing(null)}
          onSaved={(r) => {
            toast(`Rule “${r.name}” saved.`);
            setEditing(null);
            load();
          }}
        />
      )}
      <FormError error={error ?? remove.error} />
      {rules?.length === 0 && editing === null && <p className="empty">No routing rules.</p>}
      {rules && rules.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Rule</th>
              <th scope="col">When</th>
              <th scope="col">Then page</th>
              {admin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td data-label="Order">{r.position}</td>
                <td data-label="Rule">
                  <strong>{r.name}</strong>
                </td>
                <td data-label="When">{conditionText(r, integrations)}</td>
                <td data-label="Then">
                  {policyName(r.policyId)}
                  {r.urgency && <span className="muted small"> · {r.urgency} urgency</span>}
                </td>
                {admin && (
                  <td data-label="Actions" className="row-actions">
                    <button type="button" className="button small" onClick={() => setEditing(r)}>
                      Edit<span className="visually-hidden"> {r.name}</span>
                    </button>{' '}
                    <button
                      type="button"
                      className="button small danger-outline"
                      disabled={remove.pending}
                      onClick={async () => {
                        if ((await remove.run(org.id, r.id)).ok) {
                          toast(`Rule “${r.name}” deleted.`);
                          load();
                        }
                      }}
                    >
                      Delete<span className="visually-hidden"> {r.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
