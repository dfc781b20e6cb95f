import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { healthApi, RESOURCE_KINDS, type ResourceHealth, type ResourceKind } from '../../api-health.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { CsvImport } from './CsvImport.tsx';
import { HealthBadge } from './HealthBadge.tsx';

const EMPTY = { kind: 'address' as ResourceKind, identifier: '', name: '', region: '', componentId: '' };

/** One customer's resources as the provider maps them, with health, one by one or from CSV. */
export function CustomerResources({ org, customerOrgId }: { org: SessionOrg; customerOrgId: string }) {
  const [items, setItems] = useState<ResourceHealth[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState(EMPTY);
  const add = useAction(healthApi.addResource);
  const remove = useAction(healthApi.removeResource);
  const admin = atLeast(org.role, 'admin');
  const load = useCallback(() => {
    healthApi.customerHealth(org.id, customerOrgId).then(
      (r) => setItems(r.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id, customerOrgId]);
  useEffect(load, [load]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await add.run(org.id, customerOrgId, {
      kind: form.kind,
      identifier: form.identifier,
      ...(form.name ? { name: form.name } : {}),
      region: form.region || null,
      componentId: form.componentId || null,
    });
    if (r.ok) {
      setForm(EMPTY);
      load();
    }
  };
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <>
      <PageHeader title="Customer resources" context={org.name} />
      <FormError error={error ?? remove.error} />
      {items?.length === 0 && <p className="empty">No resources mapped yet.</p>}
      {items && items.length > 0 && (
        <table className="table" aria-label="Resources">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Identifier</th>
              <th scope="col">Name</th>
              <th scope="col">Region</th>
              <th scope="col">Component</th>
              <th scope="col">Health</th>
              {admin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>{r.kind}</td>
                <td className="mono">{r.identifier}</td>
                <td>{r.name}</td>
                <td>{r.region ?? '—'}</td>
                <td>{r.componentId ?? '—'}</td>
                <td>
                  <HealthBadge health={r.health} /> {r.summary && <div className="small">{r.summary}</div>}
                </td>
                {admin && (
                  <td>
                    <button
                      type="button"
                      className="button small danger"
                      onClick={async () => (await remove.run(org.id, r.id)).ok && load()}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && (
        <>
          <section className="panel" aria-labelledby="add-title">
            <h2 id="add-title">Add a resource</h2>
            <form className="grid-form" onSubmit={submit}>
              <SelectField label="Kind" value={form.kind} onChange={set('kind')}>
                {RESOURCE_KINDS.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </SelectField>
              <TextField
                label="Identifier"
                required
                value={form.identifier}
                onChange={set('identifier')}
                hint="198.51.100.7, 2001:db8::/48, vol-1234, fr-par…"
              />
              <TextField label="Name" value={form.name} onChange={set('name')} />
              <TextField label="Region" value={form.region} onChange={set('region')} />
              <TextField
                label="Status page component id"
                value={form.componentId}
                onChange={set('componentId')}
              />
              <div className="grid-form-actions">
                <button type="submit" className="button" disabled={add.pending}>
                  Add resource
                </button>
              </div>
              <FormError error={add.error} />
            </form>
          </section>
          <CsvImport org={org} customerOrgId={customerOrgId} onImported={load} />
        </>
      )}
    </>
  );
}
