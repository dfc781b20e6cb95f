import { useState } from 'react';
import { api } from '../api.ts';
import { FormError } from '../components/FormError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RoleNote } from '../components/RoleNote.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { atLeast } from '../format.ts';
import { usePaged } from '../hooks.ts';
import { useSignedIn } from '../session.tsx';
import type { AddedMember, Member, SessionOrg } from '../types.ts';
import { AddMemberForm } from './AddMemberForm.tsx';
import { MemberRow } from './MemberRow.tsx';

export function Members({ org }: { org: SessionOrg }) {
  const { user } = useSignedIn();
  const admin = atLeast(org.role, 'admin');
  const list = usePaged((cursor) => api.members(org.id, cursor), org.id);
  const [created, setCreated] = useState<AddedMember | null>(null);

  const added = (r: AddedMember) => {
    list.setItems((items) => [...(items ?? []).filter((m) => m.userId !== r.member.userId), r.member]);
    if (r.initialPassword) setCreated(r);
  };
  const changed = (m: Member) =>
    list.setItems((items) => items?.map((x) => (x.userId === m.userId ? m : x)) ?? null);
  const removed = (userId: string) =>
    list.setItems((items) => items?.filter((x) => x.userId !== userId) ?? null);

  return (
    <>
      <PageHeader title="Members" context={org.name} />
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can add members, change roles or remove people.
        </RoleNote>
      )}
      {admin && created?.initialPassword && (
        <SecretOnce
          title={`Account created for ${created.member.name || created.member.email}`}
          label="Initial password"
          secret={created.initialPassword}
          onDone={() => setCreated(null)}
        >
          <p>
            Give this password to <strong>{created.member.email}</strong> over a trusted channel. They sign in
            with their email and should change it at once (account menu → Change password).
          </p>
        </SecretOnce>
      )}
      {admin && <AddMemberForm org={org} onAdded={added} />}

      <section aria-labelledby="member-list-title">
        <h2 id="member-list-title" className="section-title">
          {list.items ? `${list.items.length}${list.hasMore ? '+' : ''} ` : ''}
          {list.items?.length === 1 ? 'member' : 'members'}
        </h2>
        <FormError error={list.error} />
        {list.items === null && list.loading && <p className="muted">Loading members…</p>}
        {list.items && list.items.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                {admin && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.items.map((m) => (
                <MemberRow
                  key={m.userId}
                  org={org}
                  member={m}
                  isSelf={m.userId === user.id}
                  canManage={admin}
                  onChanged={changed}
                  onRemoved={removed}
                />
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
