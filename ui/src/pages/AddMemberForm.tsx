import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { useToast } from '../components/Toasts.tsx';
import { assignableRoles, ROLE_HELP, ROLE_LABEL } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { AddedMember, Role, SessionOrg } from '../types.ts';

export function AddMemberForm({ org, onAdded }: { org: SessionOrg; onAdded(r: AddedMember): void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('responder');
  const toast = useToast();
  const action = useAction(api.addMember);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(org.id, { email: email.trim(), name: name.trim() || undefined, role });
    if (!r.ok) return;
    onAdded(r.value);
    toast(`Added ${r.value.member.email} as ${ROLE_LABEL[r.value.member.role].toLowerCase()}.`);
    setEmail('');
    setName('');
  };

  return (
    <section className="panel" aria-labelledby="add-member-title">
      <h2 id="add-member-title">Add a member</h2>
      <form onSubmit={submit} className="grid-form">
        <TextField
          label="Email"
          type="email"
          name="email"
          required
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <TextField
          label="Name (for new accounts)"
          name="name"
          autoComplete="off"
          maxLength={120}
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
        <div className="grid-form-actions">
          <button type="submit" className="button primary" disabled={action.pending}>
            {action.pending ? 'Adding…' : 'Add member'}
          </button>
        </div>
      </form>
      <FormError error={action.error} />
      <p className="muted small">
        Someone without a Swimmy account gets one, with an initial password shown to you once.
      </p>
    </section>
  );
}
