import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { useToast } from '../components/Toasts.tsx';
import { useAction } from '../hooks.ts';
import { useSession } from '../session.tsx';
import type { Org } from '../types.ts';

export function RenameOrg({ org, onRenamed }: { org: Org; onRenamed(org: Org): void }) {
  const [name, setName] = useState(org.name);
  const { refresh } = useSession();
  const toast = useToast();
  const action = useAction(api.renameOrg);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(org.id, name.trim());
    if (!r.ok) return;
    onRenamed(r.value);
    toast(`Renamed to ${r.value.name}.`);
    await refresh();
  };
  return (
    <section className="panel" aria-labelledby="rename-title">
      <h2 id="rename-title">Organisation name</h2>
      <form className="inline-form" onSubmit={submit}>
        <TextField
          label="Name"
          required
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" className="button" disabled={action.pending || name.trim() === org.name}>
          {action.pending ? 'Saving…' : 'Rename'}
        </button>
      </form>
      <FormError error={action.error} />
      <p className="muted small">The handle (@{org.handle}) stays the same, so links keep working.</p>
    </section>
  );
}
