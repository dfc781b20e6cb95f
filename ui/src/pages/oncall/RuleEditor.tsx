import { type FormEvent, useId, useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { EditorFooter } from '../../components/EditorFooter.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { errorFor, unplaced, useFieldSave } from '../../field-errors.ts';
import type { SessionOrg } from '../../types.ts';
import type { Integration, Policy, RoutingRule, RoutingRuleInput } from '../../types-ops.ts';

const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
type Severity = (typeof SEVERITIES)[number];

const labelsText = (l: Record<string, string> | undefined) =>
  Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

export function RuleEditor({
  org,
  policies,
  integrations,
  initial,
  nextPosition,
  onSaved,
  onCancel,
}: {
  org: SessionOrg;
  policies: Policy[];
  integrations: Integration[];
  initial?: RoutingRule;
  nextPosition: number;
  onSaved(r: RoutingRule): void;
  onCancel(): void;
}) {
  const c = initial?.conditions;
  const [name, setName] = useState(initial?.name ?? '');
  const [position, setPosition] = useState(String(initial?.position ?? nextPosition));
  const [sources, setSources] = useState(c?.sources?.join(', ') ?? '');
  const [severities, setSeverities] = useState<Severity[]>((c?.severities as Severity[]) ?? []);
  const [labels, setLabels] = useState(labelsText(c?.labels));
  const [integrationIds, setIntegrationIds] = useState<string[]>(c?.integrationIds ?? []);
  const [policyId, setPolicyId] = useState(initial?.policyId ?? policies[0]?.id ?? '');
  const [urgency, setUrgency] = useState(initial?.urgency ?? '');
  const { errors, pending, save } = useFieldSave();
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const labelMap = Object.fromEntries(
      labels
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => [
          l.slice(0, l.indexOf('=') < 0 ? l.length : l.indexOf('=')).trim(),
          l.includes('=') ? l.slice(l.indexOf('=') + 1).trim() : '',
        ]),
    );
    const src = sources
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const body: RoutingRuleInput = {
      name: name.trim(),
      position: Number(position),
      policyId,
      urgency: urgency === 'high' || urgency === 'low' ? urgency : null,
      conditions: {
        ...(src.length ? { sources: src } : {}),
        ...(severities.length ? { severities } : {}),
        ...(Object.keys(labelMap).length ? { labels: labelMap } : {}),
        ...(integrationIds.length ? { integrationIds } : {}),
      },
    };
    await save(
      () => (initial ? oncallApi.updateRule(org.id, initial.id, body) : oncallApi.createRule(org.id, body)),
      onSaved,
    );
  };
  const integrationsError =
    integrations.length > 0 ? errorFor(errors, 'conditions.integrationIds', true) : null;
  const rest = unplaced(errors, [
    'name',
    'position',
    'policyId',
    'urgency',
    'conditions.sources',
    'conditions.labels',
    ...(integrations.length > 0 ? ['conditions.integrationIds'] : []),
  ]);
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{initial ? `Edit “${initial.name}”` : 'New routing rule'}</h2>
      <div className="grid-form">
        <TextField
          label="Name"
          required
          maxLength={200}
          value={name}
          error={errorFor(errors, 'name')}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextField
          label="Order"
          inputMode="numeric"
          value={position}
          error={errorFor(errors, 'position')}
          hint="Lower numbers are tried first."
          onChange={(e) => setPosition(e.currentTarget.value)}
        />
        <SelectField
          label="Escalation policy"
          value={policyId}
          error={errorFor(errors, 'policyId')}
          onChange={(e) => setPolicyId(e.currentTarget.value)}
        >
          {policies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Urgency" value={urgency} onChange={(e) => setUrgency(e.currentTarget.value)}>
          <option value="">As the policy says</option>
          <option value="high">High</option>
          <option value="low">Low (first level only)</option>
        </SelectField>
      </div>
      <fieldset>
        <legend>Match alerts where (all that are set)</legend>
        <div className="grid-form">
          <TextField
            label="Source"
            value={sources}
            error={errorFor(errors, 'conditions.sources', true)}
            hint="Comma-separated; a trailing * matches a prefix (e.g. swimmy.*)."
            onChange={(e) => setSources(e.currentTarget.value)}
          />
          <TextAreaField
            label="Labels"
            rows={2}
            value={labels}
            error={errorFor(errors, 'conditions.labels', true)}
            hint="key=value, one per line."
            onChange={(e) => setLabels(e.currentTarget.value)}
          />
        </div>
        <div className="checklist inline">
          <span className="label">Severity</span>
          {SEVERITIES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={severities.includes(s)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setSeverities((x) => (on ? [...x, s] : x.filter((y) => y !== s)));
                }}
              />
              {s}
            </label>
          ))}
        </div>
        {integrations.length > 0 && (
          <div className="checklist inline">
            <span className="label">Arrived through</span>
            {integrations
              .filter((i) => !i.revokedAt)
              .map((i) => (
                <label key={i.id}>
                  <input
                    type="checkbox"
                    checked={integrationIds.includes(i.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setIntegrationIds((x) => (on ? [...x, i.id] : x.filter((y) => y !== i.id)));
                    }}
                  />
                  {i.name}
                </label>
              ))}
            {integrationsError && <p className="field-error">{integrationsError}</p>}
          </div>
        )}
      </fieldset>
      <EditorFooter
        failed={errors !== null}
        unplacedProblems={rest}
        pending={pending}
        saveLabel={initial ? 'Save rule' : 'Create rule'}
        onCancel={onCancel}
      />
    </form>
  );
}
