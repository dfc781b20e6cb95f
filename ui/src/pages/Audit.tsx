import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RoleNote } from '../components/RoleNote.tsx';
import { atLeast } from '../format.ts';
import { usePaged } from '../hooks.ts';
import { useSignedIn } from '../session.tsx';
import type { SessionOrg } from '../types.ts';
import { AuditRow } from './AuditRow.tsx';

export function Audit({ org }: { org: SessionOrg }) {
  if (!atLeast(org.role, 'admin')) {
    return (
      <>
        <PageHeader title="Audit log" context={org.name} />
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can read the audit log.
        </RoleNote>
      </>
    );
  }
  return <AuditLog org={org} />;
}

function AuditLog({ org }: { org: SessionOrg }) {
  const list = usePaged((cursor) => api.audit(org.id, cursor), org.id);
  const { orgs } = useSignedIn();
  // Targets are ids; names of current members and of your orgs make them readable.
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const known = orgs.map((o) => [o.id, o.name] as [string, string]);
    setNames(new Map(known));
    api.members(org.id, null, 200).then(
      (p) =>
        setNames(
          new Map([...known, ...p.items.map((m) => [m.userId, m.name || m.email] as [string, string])]),
        ),
      () => {}, // ids stay as they are
    );
  }, [org.id, orgs]);
  return (
    <>
      <PageHeader title="Audit log" context={org.name}>
        <button type="button" className="button small" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </PageHeader>
      <p className="muted">Security-relevant actions in {org.name}, newest first. Times are UTC.</p>
      <FormError error={list.error} />
      {list.items === null && list.loading && <p className="muted">Loading the audit log…</p>}
      {list.items?.length === 0 && <p className="empty">Nothing recorded yet.</p>}
      {list.items && list.items.length > 0 && (
        <table className="table audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <AuditRow key={a.id} item={a} names={names} />
            ))}
          </tbody>
        </table>
      )}
      {list.hasMore && (
        <button type="button" className="button" onClick={list.loadMore} disabled={list.loading}>
          {list.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
