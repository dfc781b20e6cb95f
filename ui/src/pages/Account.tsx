import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { BrowserNotifications } from '../components/PageAlerts.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useToast } from '../components/Toasts.tsx';
import { MIN_PASSWORD } from '../format.ts';
import { useAction } from '../hooks.ts';
import { useSession, useSignedIn } from '../session.tsx';
import { NotificationRules } from './NotificationRules.tsx';

export function Account() {
  const { user } = useSignedIn();
  const { signedOut } = useSession();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const change = useAction(api.changePassword);
  const everywhere = useAction(api.signOutEverywhere);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) {
      change.setError('The new passwords do not match.');
      return;
    }
    const r = await change.run(current, next);
    if (!r.ok) return;
    setCurrent('');
    setNext('');
    setAgain('');
    toast('Password changed.');
  };

  return (
    <>
      <PageHeader title="Your account" />
      <p className="muted">
        Signed in as <strong>{user.name}</strong> ({user.email}).
      </p>
      <NotificationRules />
      <BrowserNotifications />
      <section className="panel narrow" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <form onSubmit={submit} className="stack">
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            hint={`At least ${MIN_PASSWORD} characters.`}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
          />
          <TextField
            label="New password again"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
          />
          <FormError error={change.error} />
          <div>
            <button type="submit" className="button primary" disabled={change.pending}>
              {change.pending ? 'Saving…' : 'Change password'}
            </button>
          </div>
        </form>
      </section>
      <section className="panel narrow" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <p>
          Lost a laptop or signed in on a shared machine? End every session of your account, this one
          included.
        </p>
        <FormError error={everywhere.error} />
        <button
          type="button"
          className="button danger-outline"
          disabled={everywhere.pending}
          onClick={async () => {
            const r = await everywhere.run();
            if (r.ok) signedOut('Signed out on every device.');
          }}
        >
          Sign out everywhere
        </button>
      </section>
    </>
  );
}
