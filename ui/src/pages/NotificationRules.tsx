import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../api.ts';
import { oncallApi } from '../api-oncall.ts';
import { SelectField, TextField } from '../components/Field.tsx';
import { FormError } from '../components/FormError.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { useToast } from '../components/Toasts.tsx';
import { errorFor, type FieldErrors, fieldErrors, unplaced } from '../field-errors.ts';
import { useAction } from '../hooks.ts';
import type { NotificationRule, NotificationRuleCreated, NotificationRuleInput } from '../types-ops.ts';
import { seconds } from '../units.ts';

type Channel = NotificationRuleInput['channel'];
const CHANNELS: { value: Channel; label: string; target?: string }[] = [
  { value: 'in_app', label: 'In the app (and browser notification)' },
  { value: 'email', label: 'Email', target: 'Email address' },
  { value: 'webhook', label: 'Webhook (signed JSON)', target: 'URL' },
  { value: 'slack', label: 'Slack incoming webhook', target: 'Webhook URL' },
  { value: 'matrix', label: 'Matrix webhook', target: 'Webhook URL' },
];
const channelLabel = (c: string) => CHANNELS.find((x) => x.value === c)?.label ?? c;

/** How you are paged: a channel, after a delay, for some urgencies. */
export function NotificationRules() {
  const [rules, setRules] = useState<NotificationRule[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [channel, setChannel] = useState<Channel>('email');
  const [delay, setDelay] = useState('0');
  const [urgency, setUrgency] = useState<'any' | 'high' | 'low'>('any');
  const [target, setTarget] = useState('');
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [created, setCreated] = useState<NotificationRuleCreated | null>(null);
  const [pending, setPending] = useState(false);
  const remove = useAction(oncallApi.deleteNotificationRule);
  const toast = useToast();
  const load = useCallback(() => {
    oncallApi.notificationRules().then(setRules, (err) => setLoadError(messageOf(err)));
  }, []);
  useEffect(load, [load]);
  const needsTarget = CHANNELS.find((c) => c.value === channel)?.target;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setErrors(null);
    try {
      const r = await oncallApi.createNotificationRule({
        channel,
        delaySeconds: Number(delay) * 60,
        urgency,
        ...(needsTarget && target.trim() ? { target: target.trim() } : {}),
      });
      if (r.secret) setCreated(r);
      toast(`Rule added: ${channelLabel(channel)}${Number(delay) > 0 ? ` after ${delay} min` : ' at once'}.`);
      setTarget('');
      load();
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setPending(false);
    }
  };
  const rest = unplaced(errors, ['channel', 'delaySeconds', 'urgency', 'target']);
  return (
    <section className="panel" aria-labelledby="rules-title">
      <h2 id="rules-title">When you are paged</h2>
      <p className="muted small">
        Each rule notifies you on one channel, a number of minutes after you are paged, unless you acknowledge
        first. With no rules you are notified in the app and by email at once.
      </p>
      <FormError error={loadError} />
      {rules?.length === 0 && <p className="muted">No rules: the defaults apply.</p>}
      {rules && rules.length > 0 && (
        <ul className="rule-rows">
          {rules.map((r) => (
            <li key={r.id}>
              <span>
                <strong>{channelLabel(r.channel)}</strong>{' '}
                {r.delaySeconds > 0 ? `after ${seconds(r.delaySeconds)}` : 'at once'}
                {r.urgency !== 'any' && `, ${r.urgency} urgency only`}
                {r.target && <span className="muted small"> · {r.target}</span>}
                {r.disabled && <span className="badge badge-revoked">disabled after failures</span>}
              </span>
              <button
                type="button"
                className="button small danger-outline"
                disabled={remove.pending}
                onClick={async () => {
                  if ((await remove.run(r.id)).ok) load();
                }}
              >
                Remove<span className="visually-hidden"> {channelLabel(r.channel)} rule</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormError error={remove.error} />
      {created?.secret && (
        <SecretOnce
          title="Webhook signing secret"
          label="Secret"
          secret={created.secret}
          onDone={() => setCreated(null)}
        >
          <p className="small">
            Deliveries carry an HMAC-SHA256 signature of the body made with this secret; verify it before
            trusting a page.
          </p>
        </SecretOnce>
      )}
      <form className="grid-form" onSubmit={submit} aria-label="Add a notification rule">
        <SelectField
          label="Channel"
          value={channel}
          error={errorFor(errors, 'channel')}
          onChange={(e) => setChannel(e.currentTarget.value as Channel)}
        >
          {CHANNELS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="After (minutes)"
          inputMode="decimal"
          value={delay}
          error={errorFor(errors, 'delaySeconds')}
          onChange={(e) => setDelay(e.currentTarget.value)}
        />
        <SelectField
          label="For"
          value={urgency}
          onChange={(e) => setUrgency(e.currentTarget.value as typeof urgency)}
        >
          <option value="any">Any urgency</option>
          <option value="high">High urgency only</option>
          <option value="low">Low urgency only</option>
        </SelectField>
        {needsTarget && (
          <TextField
            label={needsTarget}
            hint={channel === 'email' ? 'Empty: your account’s email.' : undefined}
            value={target}
            error={errorFor(errors, 'target')}
            spellCheck={false}
            onChange={(e) => setTarget(e.currentTarget.value)}
          />
        )}
        <div className="grid-form-actions">
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Adding…' : 'Add rule'}
          </button>
        </div>
      </form>
      {errors && <FormError error={rest.length ? rest.join('; ') : 'Correct the field marked above.'} />}
    </section>
  );
}
