import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { type Customer, healthApi } from '../../api-health.ts';
import { TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';

/** The provider's customers: organisations linked by handle, each with its resources. */
export function Customers({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<Customer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [handle, setHandle] = useState('');
  const link = useAction(healthApi.linkCustomer);
  const load = useCallback(() => {
    healthApi.customers(org.id).then(
      (r) => setItems(r.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  useEffect(load, [load]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await link.run(org.id, handle.trim())).ok) {
      setHandle('');
      load();
    }
  };
  return (
    <>
      <PageHeader title="Customers" context={org.name} />
      <p className="muted">
        Customers sign in with their own Swimmy accounts and see only the resources you map to them, with the
        attacks and incidents touching those resources.
      </p>
      <FormError error={error} />
      {items?.length === 0 && <p className="empty">No customers yet.</p>}
      {items && items.length > 0 && (
        <table className="table" aria-label="Customers">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Handle</th>
              <th scope="col">Resources</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.orgId}>
                <td>
                  <Link to={`/o/${org.handle}/health/customers/${c.orgId}`}>{c.name}</Link>
                </td>
                <td className="mono">{c.handle}</td>
                <td>{c.resourceCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {atLeast(org.role, 'admin') && (
        <form className="inline-form" onSubmit={submit} aria-label="Link a customer">
          <TextField
            label="Customer organisation handle"
            value={handle}
            required
            onChange={(e) => setHandle(e.target.value)}
            hint="The customer creates its organisation in Swimmy and tells you its handle."
          />
          <button type="submit" className="button" disabled={link.pending}>
            Link customer
          </button>
          <FormError error={link.error} />
        </form>
      )}
    </>
  );
}
