import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { oncallApi } from '../../api-oncall.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { SecretOnce } from '../../components/SecretOnce.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import type { Integration, IntegrationWithKey } from '../../types-ops.ts';
import { IntegrationExamples } from './IntegrationExamples.tsx';

const KIND: Record<string, string> = { pagerduty: 'PagerDuty Events v2', alertmanager: 'Alertmanager' };

/** Integration keys for alert intake: created and rotated keys are shown once, with examples. */
export function Integrations({ org }: { org: SessionOrg }) {
  if (!atLeast(org.role, 'admin')) {
    return (
      <RoleNote role={org.role} org={org.name}>
        Only admins and owners can see and create integration keys.
      </RoleNote>
    );
  }
  return <IntegrationAdmin org={org} />;
}

function IntegrationAdmin({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<Integration[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ created: IntegrationWithKey; rotated: boolean } | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'pagerduty' | 'alertmanager'>('pagerduty');
  const [confirm, setConfirm] = useState<{ what: 'rotate' | 'revoke'; item: Integration } | null>(null);
  const create = useAction(oncallApi.createIntegration);
  const rotate = useAction(oncallApi.rotateIntegration);
  const revoke = useAction(oncallApi.revokeIntegration);
  const toast = useToast();
  const load = useCallback(() => {
    oncallApi.integrations(org.id).then(setItems, (err) => setError(messageOf(err)));
  }, [org.id]);
  useEffect(load, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create.run(org.id, { name: name.trim(), kind });
    if (!r.ok) return;
    setShown({ created: r.value, rotated: false });
    setName('');
    load();
  };
  const act = async () => {
    if (!confirm) return;
    if (confirm.what === 'rotate') {
      const r = await rotate.run(org.id, confirm.item.id);
      if (!r.ok) return;
      setShown({ created: r.value, rotated: true });
    } else {
      if (!(await revoke.run(org.id, confirm.item.id)).ok) return;
      toast(`Revoked “${confirm.item.name}”: events sent with it are refused.`);
    }
    setConfirm(null);
    load();
  };
  return (
    <>
      <p className="muted">
        Monitoring tools send alerts to Swimmy with an integration key: PagerDuty Events API v2 clients use it
        as the <code>routing_key</code>, Alertmanager puts it in the webhook URL.
      </p>
      {shown && (
        <SecretOnce
          title={`${shown.rotated ? 'New key for' : 'Integration'} “${shown.created.integration.name}”${shown.rotated ? '' : ' created'}`}
          label="Integration key"
          secret={shown.created.key}
          onDone={() => setShown(null)}
        >
          {shown.rotated && <p>The old key stopped working just now: update every sender.</p>}
        </SecretOnce>
      )}
      {shown && (
        <section className="panel" aria-label="Send alerts with this key">
          <IntegrationExamples kind={shown.created.integration.kind} keyText={shown.created.key} />
        </section>
      )}
      <section className="panel" aria-labelledby="new-integration-title">
        <h2 id="new-integration-title">Create an integration key</h2>
        <form className="grid-form" onSubmit={submit}>
          <TextField
            label="Name"
            required
            maxLength={100}
            placeholder="e.g. prometheus-edge"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <SelectField
            label="Kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
          >
            <option value="pagerduty">PagerDuty Events API v2</option>
            <option value="alertmanager">Prometheus Alertmanager</option>
          </SelectField>
          <div className="grid-form-actions">
            <button type="submit" className="button primary" disabled={create.pending}>
              {create.pending ? 'Creating…' : 'Create key'}
            </button>
          </div>
        </form>
        <FormError error={create.error} />
      </section>
      <FormError error={error} />
      {items?.length === 0 && <p className="empty">No integration keys yet.</p>}
      {items && items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className={i.revokedAt ? 'inactive' : undefined}>
                <td data-label="Name">
                  <div className="who">
                    <strong>
                      {i.name}
                      {i.revokedAt && <span className="badge badge-revoked">revoked</span>}
                    </strong>
                    <span className="muted small">
                      <span className="mono">{i.prefix}…</span> · created <When iso={i.createdAt} />
                      {i.rotatedAt && (
                        <>
                          {' '}
                          · rotated <When iso={i.rotatedAt} />
                        </>
                      )}
                    </span>
                  </div>
                </td>
                <td data-label="Kind">{KIND[i.kind] ?? i.kind}</td>
                <td data-label="Last used">
                  {i.lastUsedAt ? <When iso={i.lastUsedAt} /> : <span className="muted">Never</span>}
                </td>
                <td data-label="Actions" className="row-actions">
                  {!i.revokedAt && (
                    <>
                      <button
                        type="button"
                        className="button small"
                        onClick={() => setConfirm({ what: 'rotate', item: i })}
                      >
                        Rotate<span className="visually-hidden"> {i.name}</span>
                      </button>{' '}
                      <button
                        type="button"
                        className="button small danger-outline"
                        onClick={() => setConfirm({ what: 'revoke', item: i })}
                      >
                        Revoke<span className="visually-hidden"> {i.name}</span>
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="panel">
        <summary>Examples</summary>
        <IntegrationExamples kind="pagerduty" />
        <IntegrationExamples kind="alertmanager" />
      </details>
      {confirm && (
        <ConfirmDialog
          title={`${confirm.what === 'rotate' ? 'Rotate' : 'Revoke'} “${confirm.item.name}”?`}
          confirmLabel={confirm.what === 'rotate' ? 'Rotate key' : 'Revoke key'}
          pending={rotate.pending || revoke.pending}
          error={rotate.error ?? revoke.error}
          onConfirm={act}
          onCancel={() => {
            setConfirm(null);
            rotate.setError(null);
            revoke.setError(null);
          }}
        >
          <p>
            {confirm.what === 'rotate'
              ? 'A new key is shown once; the current key stops working at once.'
              : 'Alerts sent with this key are refused from now on. This cannot be undone.'}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
