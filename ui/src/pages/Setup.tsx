import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { HANDLE_HINT, HANDLE_PATTERN, handleFrom, MIN_PASSWORD } from '../format.ts';
import { useAction } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

/** First run: no organisation exists yet. Creates the first org and its owner, then signs in. */
export function Setup() {
  const { signedIn } = useSession();
  const [orgName, setOrgName] = useState('');
  const [handle, setHandle] = useState('');
  const [handleEdited, setHandleEdited] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(api.setup);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run({
      org: { name: orgName.trim(), handle },
      owner: { name: name.trim(), email: email.trim(), password },
    });
    if (r.ok) signedIn(r.value);
  };

  return (
    <AuthLayout wide>
      <PageHeader title="Set up Swimmy" takeFocus={false} />
      <p className="muted">
        This server has no organisation yet. Create yours and its first owner account; you can add colleagues
        afterwards.
      </p>
      <form onSubmit={submit} className="stack">
        <fieldset>
          <legend>Your organisation</legend>
          <TextField
            label="Organisation name"
            name="orgName"
            required
            maxLength={120}
            autoFocus
            value={orgName}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setOrgName(v);
              if (!handleEdited) setHandle(handleFrom(v));
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
              setHandleEdited(true);
              setHandle(e.currentTarget.value.toLowerCase());
            }}
          />
        </fieldset>
        <fieldset>
          <legend>Owner account</legend>
          <TextField
            label="Your name"
            name="name"
            autoComplete="name"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            hint={`At least ${MIN_PASSWORD} characters. A passphrase is easiest.`}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </fieldset>
        <FormError error={action.error} />
        <button type="submit" className="button primary block" disabled={action.pending}>
          {action.pending ? 'Creating…' : 'Create organisation and sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
