import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { coordApi } from '../../api-coord.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { SecretOnce } from '../../components/SecretOnce.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { navigate } from '../../router.tsx';
import { useSignedIn } from '../../session.tsx';
import type { Invitation, SpaceRole } from '../../types-coord.ts';
import type { SpaceData } from './useSpace.ts';

const ROLES: SpaceRole[] = ['admin', 'member', 'observer'];

/** Member orgs, people with their space roles, invitations (space admins) and leaving. */
export function SpaceMembers({ org, data }: Pick<SectionProps, 'org'> & { data: SpaceData }) {
  const { user } = useSignedIn();
  const toast = useToast();
  const space = data.space!;
  const admin = space.role === 'admin';
  const [leaving, setLeaving] = useState(false);
  const role = useAction(async (userId: string, r: SpaceRole) => {
    await coordApi.setRole(space.id, userId, r);
    toast('Space role changed.');
    data.reload();
  });
  const remove = useAction(async (orgId: string) => {
    await coordApi.removeOrg(space.id, orgId);
    toast('Organisation removed; its past posts stay, labelled with it.');
    data.reload();
  });
  const leave = useAction(async () => {
    await coordApi.leave(org.id, space.id);
    navigate(`/o/${org.handle}/spaces`);
  });
  const mayLeave =
    atLeast(org.role, 'admin') &&
    space.foundingOrg.id !== org.id &&
    data.activeOrgs.some((o) => o.id === org.id);

  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title" className="section-title">
        Members
      </h2>
      <FormError error={role.error ?? remove.error} />
      <div className="members-grid">
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Membership</th>
              {admin && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {data.orgs.map((o) => (
              <tr key={o.org.id} className={o.status === 'active' ? undefined : 'inactive'}>
                <td data-label="Organisation">
                  <span>{o.org.name}</span> <span className="muted small">{o.org.handle}</span>
                </td>
                <td data-label="Membership">
                  {o.status === 'active' ? 'joined ' : `${o.status} `}
                  <When iso={o.endedAt ?? o.joinedAt} />
                </td>
                {admin && (
                  <td className="row-actions">
                    {o.status === 'active' && o.org.id !== space.foundingOrg.id && (
                      <button
                        type="button"
                        className="button small danger-outline"
                        disabled={remove.pending}
                        onClick={() => remove.run(o.org.id)}
                      >
                        Remove {o.org.handle}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Space role</th>
            </tr>
          </thead>
          <tbody>
            {data.people.map((p) => (
              <tr key={p.userId}>
                <td data-label="Person">
                  <div className="who">
                    <span>{p.name}</span>
                    <span className="muted small">@{p.mention}</span>
                  </div>
                </td>
                <td data-label="Space role">
                  {admin && p.userId !== user.id ? (
                    <select
                      className="inline-select"
                      aria-label={`Space role of ${p.name}`}
                      value={p.role}
                      disabled={role.pending}
                      onChange={(e) => role.run(p.userId, e.target.value as SpaceRole)}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className={`role role-${p.role}`}>{p.role}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {admin && <Invitations spaceId={space.id} onChange={data.reload} />}
      {mayLeave && (
        <p>
          <button type="button" className="button danger-outline" onClick={() => setLeaving(true)}>
            Leave this space
          </button>
        </p>
      )}
      {leaving && (
        <ConfirmDialog
          title={`${org.name} leaves ${space.name}?`}
          confirmLabel="Leave space"
          pending={leave.pending}
          error={leave.error}
          onConfirm={() => leave.run()}
          onCancel={() => setLeaving(false)}
        >
          <p>
            Everyone in {org.name} loses access at once. Your past posts stay, labelled with {org.name}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Invite by handle or make a code (shown once); pending invitations with approve / revoke. */
function Invitations({ spaceId, onChange }: { spaceId: string; onChange(): void }) {
  const toast = useToast();
  const [handle, setHandle] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const [pending, setPending] = useState<Invitation[]>([]);
  const load = useCallback(() => {
    coordApi.spaceInvitations(spaceId).then(
      (r) => setPending(r.items.filter((i) => i.status === 'pending')),
      () => {},
    );
  }, [spaceId]);
  useEffect(load, [load]);
  const invite = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const r = await coordApi.invite(spaceId, { orgHandle: handle.trim() });
    setHandle('');
    toast(`Invited ${r.invitation.org?.name ?? handle}; they accept to join.`);
    load();
  });
  const makeCode = useAction(async () => {
    const r = await coordApi.invite(spaceId, { code: true });
    setCode(r.code ?? null);
    load();
  });
  const decide = useAction(async (i: Invitation, approve: boolean) => {
    if (approve) await coordApi.approveInvitation(spaceId, i.id);
    else await coordApi.revokeInvitation(spaceId, i.id);
    toast(approve ? `Approved ${i.org?.name ?? 'the invitation'}.` : 'Invitation revoked.');
    load();
    onChange();
  });
  return (
    <section className="panel stack" aria-label="Invitations">
      <h3>Invite an organisation</h3>
      <form className="inline-form" aria-label="Invite by handle" onSubmit={invite.run}>
        <TextField
          label="Organisation handle"
          value={handle}
          onChange={(e) => setHandle(e.target.value)}
          required
          minLength={3}
          maxLength={40}
          autoComplete="off"
        />
        <button type="submit" className="button primary" disabled={invite.pending}>
          Invite
        </button>
        <button type="button" className="button" disabled={makeCode.pending} onClick={() => makeCode.run()}>
          Create an invitation code
        </button>
      </form>
      <FormError error={invite.error ?? makeCode.error ?? decide.error} />
      {code && (
        <SecretOnce
          title="Invitation code"
          label="Give this code to the other org's admin"
          secret={code}
          onDone={() => setCode(null)}
        >
          <p className="small">
            Shown once. The org that redeems it still needs your approval here before it joins.
          </p>
        </SecretOnce>
      )}
      {pending.length > 0 && (
        <ul className="plain-list" aria-label="Pending invitations">
          {pending.map((i) => (
            <li key={i.id} className="invite-row">
              <span>
                <strong>{i.org?.name ?? 'Code (not redeemed yet)'}</strong>{' '}
                <span className="muted small">
                  {i.byCode ? 'by code' : 'by handle'} · expires <When iso={i.expiresAt} /> ·{' '}
                  {i.inviterApproved
                    ? 'waiting for them'
                    : i.org
                      ? 'waiting for your approval'
                      : 'waiting for a redeemer'}
                </span>
              </span>
              <span className="actions-row">
                {!i.inviterApproved && i.org && (
                  <button
                    type="button"
                    className="button primary small"
                    disabled={decide.pending}
                    onClick={() => decide.run(i, true)}
                  >
                    Approve {i.org.handle}
                  </button>
                )}
                <button
                  type="button"
                  className="button small"
                  disabled={decide.pending}
                  onClick={() => decide.run(i, false)}
                >
                  Revoke
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
