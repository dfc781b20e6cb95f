import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useToast } from '../components/Toasts.tsx';
import { HANDLE_HINT, HANDLE_PATTERN, handleFrom } from '../format.ts';
import { useAction } from '../hooks.ts';
import { navigate } from '../router.tsx';
import { rememberOrg, useSession } from '../session.tsx';

export function NewOrg() {
  const { refresh } = useSession();
  const toast = useToast();
  const [name, setName] = useState('');
  const [handle, setHandle] = useState('');
  const [edited, setEdited] = useState(false);
  const action = useAction(api.createOrg);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(name.trim(), handle);
    if (!r.ok) return;
    await refresh();
    rememberOrg(r.value.handle);
    toast(`Created ${r.value.name}. You are its owner.`);
    navigate(`/o/${r.value.handle}`);
  };

  return (
    <>
      <PageHeader title="New organisation" takeFocus={false} />
      <p className="muted">
        An organisation holds members, API tokens and, later, attacks, incidents and a status page. You become
        its owner.
      </p>
      <section className="panel narrow">
        <form onSubmit={submit} className="stack">
          <TextField
            label="Name"
            name="name"
            required
            maxLength={120}
            autoFocus
            value={name}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setName(v);
              if (!edited) setHandle(handleFrom(v));
            }}
          />
          <TextField
            label="Handle"
            name="handle"
            required
            pattern={HANDLE_PATTERN}
            minLength={3}
            maxLength={40}
            autoCapitalize="none"
            spellCheck={false}
            hint={HANDLE_HINT}
            value={handle}
            onChange={(e) => {
              setEdited(true);
              setHandle(e.currentTarget.value.toLowerCase());
            }}
          />
          <FormError error={action.error} />
          <div>
            <button type="submit" className="button primary" disabled={action.pending}>
              {action.pending ? 'Creating…' : 'Create organisation'}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}
