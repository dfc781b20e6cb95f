import { useState } from 'react';
import { api } from '../api.ts';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RoleNote } from '../components/RoleNote.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { atLeast } from '../format.ts';
import { usePaged } from '../hooks.ts';
import type { ApiToken, CreatedToken, SessionOrg } from '../types.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { TokenRow } from './TokenRow.tsx';

export function Tokens({ org }: { org: SessionOrg }) {
  if (!atLeast(org.role, 'admin')) {
    return (
      <>
        <PageHeader title="API tokens" context={org.name} />
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can see and create API tokens.
        </RoleNote>
      </>
    );
  }
  return <TokenAdmin org={org} />;
}

function TokenAdmin({ org }: { org: SessionOrg }) {
  const list = usePaged((cursor) => api.tokens(org.id, cursor), org.id);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const onCreated = (c: CreatedToken) => {
    setCreated(c);
    list.setItems((items) => [c.token, ...(items ?? [])]);
  };
  const onRevoked = (t: ApiToken) =>
    list.setItems((items) => items?.map((x) => (x.id === t.id ? t : x)) ?? null);

  return (
    <>
      <PageHeader title="API tokens" context={org.name} />
      <p className="muted">
        Tokens let scripts, routers and monitoring call the API as {org.name} with a fixed role. Send them as{' '}
        <code>Authorization: Bearer swm_…</code>. See the{' '}
        <a href="/api/docs" target="_blank" rel="noopener">
          API reference
        </a>
        .
      </p>
      {created && (
        <SecretOnce
          title={`Token “${created.token.name}” created`}
          label="Token"
          secret={created.secret}
          onDone={() => setCreated(null)}
        />
      )}
      <CreateTokenForm org={org} onCreated={onCreated} />

      <section aria-labelledby="token-list-title">
        <h2 id="token-list-title" className="section-title">
          Tokens
        </h2>
        <FormError error={list.error} />
        {list.items === null && list.loading && <p className="muted">Loading tokens…</p>}
        {list.items?.length === 0 && (
          <p className="empty">No API tokens yet. Create one above when a tool needs access.</p>
        )}
        {list.items && list.items.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((t) => (
                <TokenRow key={t.id} org={org} token={t} onRevoked={onRevoked} />
              ))}
            </tbody>
          </table>
        )}
        {list.hasMore && (
          <button type="button" className="button" onClick={list.loadMore} disabled={list.loading}>
            {list.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}
