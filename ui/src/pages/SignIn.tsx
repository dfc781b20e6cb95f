import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAction } from '../hooks.ts';
import { useSession } from '../session.tsx';
import { AuthLayout } from './AuthLayout.tsx';

export function SignIn({ notice }: { notice: string | null }) {
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(api.signIn);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(email.trim(), password);
    if (r.ok) signedIn(r.value);
    else setPassword('');
  };

  return (
    <AuthLayout>
      <PageHeader title="Sign in" takeFocus={false} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} className="stack" aria-describedby="sign-in-error">
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <div id="sign-in-error">
          <FormError error={action.error} />
        </div>
        <button type="submit" className="button primary block" disabled={action.pending}>
          {action.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted small center">
        Forgot your password? Ask an owner or admin of your organisation to reset your account.
      </p>
    </AuthLayout>
  );
}
