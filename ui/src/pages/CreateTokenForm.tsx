import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { assignableRoles, ROLE_HELP, ROLE_LABEL } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { CreatedToken, Role, SessionOrg } from '../types.ts';

const EXPIRY = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'Never' },
];

export function CreateTokenForm({ org, onCreated }: { org: SessionOrg; onCreated(c: CreatedToken): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState(90);
  const action = useAction(api.createToken);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(org.id, {
      name: name.trim(),
      role,
      ...(days > 0 ? { expiresInDays: days } : {}),
    });
    if (!r.ok) return;
    onCreated(r.value);
    setName('');
  };

  return (
    <section className="panel" aria-labelledby="create-token-title">
      <h2 id="create-token-title">Create a token</h2>
      <form onSubmit={submit} className="grid-form">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          placeholder="e.g. edge-router-collector"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          hint={`${ROLE_LABEL[role]}: ${ROLE_HELP[role]}.`}
        >
          {assignableRoles(org.role).map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Expires after"
          name="expiry"
          value={days}
          onChange={(e) => setDays(Number(e.currentTarget.value))}
        >
          {EXPIRY.map((x) => (
            <option key={x.days} value={x.days}>
              {x.label}
            </option>
          ))}
        </SelectField>
        <div className="grid-form-actions">
          <button type="submit" className="button primary" disabled={action.pending}>
            {action.pending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
      <FormError error={action.error} />
    </section>
  );
}
