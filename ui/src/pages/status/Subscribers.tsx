import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import type { StatusComponent, StatusPage } from '../../api-status.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { SecretOnce } from '../../components/SecretOnce.tsx';
import { When } from '../../components/When.tsx';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { type SubscriberDelivery, type SubscriberList, subscribersApi } from './subscribers-api.ts';

interface Props {
  org: SessionOrg;
  page: StatusPage;
  components: StatusComponent[];
}

/** Subscribers with counts, adding webhooks (secret once) or inviting emails, removing, the delivery log. */
export function Subscribers({ org, page, components }: Props) {
  const [list, setList] = useState<SubscriberList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(() => {
    subscribersApi.list(org.id).then(setList, (err) => setError(messageOf(err)));
  }, [org.id]);
  useEffect(load, [load]);
  const remove = useAction(subscribersApi.remove);
  const names = new Map(components.map((c) => [c.id, c.name]));

  return (
    <>
      <p>
        Visitors subscribe on the public page (<a href={`${page.publicUrl}/subscribe`}>subscribe form</a>),
        confirm by email, and can unsubscribe from every message. Feeds:{' '}
        <a href={`${page.publicUrl}/history.atom`}>Atom</a> ·{' '}
        <a href={`${page.publicUrl}/history.rss`}>RSS</a>.
      </p>
      <FormError error={error ?? remove.error} />
      {list && (
        <p aria-live="polite">
          <strong>{list.counts.email.confirmed}</strong> email ({list.counts.email.pending} awaiting
          confirmation) · <strong>{list.counts.webhook.confirmed}</strong> webhook
        </p>
      )}
      {list && list.items.length === 0 && <p className="empty">No subscribers yet.</p>}
      {list && list.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Subscriber</th>
              <th scope="col">Components</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((s) => (
              <tr key={s.id}>
                <td data-label="Subscriber">
                  <div className="who">
                    <strong>{s.address}</strong>
                    <span className="muted small">
                      {s.kind} · since <When iso={s.createdAt} />
                    </span>
                  </div>
                  {open === s.id && <DeliveryLog orgId={org.id} subscriberId={s.id} />}
                </td>
                <td data-label="Components">
                  {s.componentIds ? s.componentIds.map((id) => names.get(id) ?? id).join(', ') : 'All'}
                </td>
                <td data-label="State">{s.state === 'confirmed' ? 'Confirmed' : 'Awaiting confirmation'}</td>
                <td data-label="Actions" className="row-actions">
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setOpen(open === s.id ? null : s.id)}
                  >
                    {open === s.id ? 'Hide deliveries' : 'Deliveries'}
                    <span className="visually-hidden"> of {s.address}</span>
                  </button>{' '}
                  <button
                    type="button"
                    className="button small danger-outline"
                    onClick={async () => {
                      if ((await remove.run(org.id, s.id)).ok) load();
                    }}
                  >
                    Remove<span className="visually-hidden"> {s.address}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddSubscriber org={org} components={components} onAdded={load} />
    </>
  );
}

function DeliveryLog({ orgId, subscriberId }: { orgId: string; subscriberId: string }) {
  const [items, setItems] = useState<SubscriberDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    subscribersApi.deliveries(orgId, subscriberId).then(
      (r) => setItems(r.items),
      (err) => setError(messageOf(err)),
    );
  }, [orgId, subscriberId]);
  if (error) return <FormError error={error} />;
  if (!items) return <p className="muted small">Loading…</p>;
  if (!items.length) return <p className="muted small">Nothing sent yet.</p>;
  return (
    <ul className="small" aria-label="Delivery log">
      {items.map((d) => (
        <li key={d.id}>
          <When iso={d.createdAt} /> · {d.channel} · {d.status}
          {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
          {d.lastError ? ` · ${d.lastError}` : ''}
        </li>
      ))}
    </ul>
  );
}

function AddSubscriber({
  org,
  components,
  onAdded,
}: {
  org: SessionOrg;
  components: StatusComponent[];
  onAdded: () => void;
}) {
  const [kind, setKind] = useState<'webhook' | 'email'>('webhook');
  const [address, setAddress] = useState('');
  const [only, setOnly] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const add = useAction(subscribersApi.add);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const componentIds = only ? [only] : null;
    const r = await add.run(
      org.id,
      kind === 'webhook'
        ? { kind, url: address.trim(), componentIds }
        : { kind, email: address.trim(), componentIds },
    );
    if (!r.ok) return;
    setAddress('');
    setSecret(r.value.secret);
    setNote(r.value.message);
    onAdded();
  };
  return (
    <section className="panel" aria-labelledby="new-subscriber">
      <h2 id="new-subscriber">Add a subscriber</h2>
      {secret && (
        <SecretOnce
          title="Webhook signing secret"
          label="Signing secret"
          secret={secret}
          onDone={() => setSecret(null)}
        >
          <p>{note}</p>
        </SecretOnce>
      )}
      {!secret && note && <p role="status">{note}</p>}
      <form className="grid-form" onSubmit={submit}>
        <SelectField
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as 'webhook' | 'email')}
        >
          <option value="webhook">Webhook (Statuspage-compatible, signed)</option>
          <option value="email">Email (the address confirms first)</option>
        </SelectField>
        <TextField
          label={kind === 'webhook' ? 'Webhook URL' : 'Email address'}
          required
          type={kind === 'webhook' ? 'url' : 'email'}
          value={address}
          onChange={(e) => setAddress(e.currentTarget.value)}
        />
        <SelectField label="Components" value={only} onChange={(e) => setOnly(e.currentTarget.value)}>
          <option value="">All components</option>
          {components
            .filter((c) => !c.isGroup)
            .map((c) => (
              <option key={c.id} value={c.id}>
                Only {c.name}
              </option>
            ))}
        </SelectField>
        <div className="grid-form-actions">
          <button type="submit" className="button primary" disabled={add.pending}>
            {add.pending ? 'Adding…' : 'Add subscriber'}
          </button>
        </div>
      </form>
      <FormError error={add.error} />
    </section>
  );
}
