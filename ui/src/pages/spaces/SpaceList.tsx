import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TlpTag } from '../../components/TlpBadge.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { Link, navigate } from '../../router.tsx';
import type { Invitation, Space } from '../../types-coord.ts';
import { SearchBox } from './SearchBox.tsx';

const DEFAULT_LAYERS = [
  'host kernel',
  'hypervisor',
  'CPU microcode',
  'guest images',
  'storage',
  'network edge',
];

/** Spaces the user's orgs belong to, invitations waiting for this org, and new spaces. */
export function SpaceList({ org }: Pick<SectionProps, 'org'>) {
  const [spaces, setSpaces] = useState<Space[] | null>(null);
  const [invites, setInvites] = useState<Invitation[]>([]);
  const [error, setError] = useState<string | null>(null);
  const admin = atLeast(org.role, 'admin');
  const load = useCallback(() => {
    coordApi.spaces().then(
      (r) => setSpaces(r.items),
      (e) => setError(messageOf(e)),
    );
    if (admin)
      coordApi.orgInvitations(org.id).then(
        (r) => setInvites(r.items),
        (e) => setError(messageOf(e)),
      );
  }, [org.id, admin]);
  useEffect(load, [load]);
  const base = `/o/${org.handle}/spaces`;

  return (
    <>
      <PageHeader title="Consortium spaces" context={org.name} />
      <p className="muted">
        Trust groups with peer providers: cases, live discussion under TLP 2.0, the status matrix and vendor
        questions.
      </p>
      <FormError error={error} />
      {invites.length > 0 && <PendingInvitations org={org} items={invites} onDone={load} />}

      {spaces && spaces.length > 0 && <SearchBox />}
      <h2 className="section-title">Spaces</h2>
      {spaces === null && !error && <p className="muted">Loading spaces…</p>}
      {spaces?.length === 0 && (
        <p className="empty">No spaces yet. Create one below, or redeem an invitation code from a peer.</p>
      )}
      {spaces && spaces.length > 0 && (
        <ul className="cards space-cards" aria-label="Your spaces">
          {spaces.map((s) => (
            <li key={s.id}>
              <Link to={`${base}/${s.id}`} className="card">
                <strong>{s.name}</strong>
                <span className="muted small">
                  founded by {s.foundingOrg.name} · you are {s.role}
                </span>
                <span className="small">
                  default <TlpTag tlp={s.defaultTlp} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {admin ? (
        <div className="coord-forms">
          <RedeemCode orgId={org.id} onDone={load} />
          <CreateSpace orgId={org.id} base={base} />
        </div>
      ) : (
        <p className="muted small">Admins of {org.name} create spaces and accept invitations.</p>
      )}
    </>
  );
}

function PendingInvitations({
  org,
  items,
  onDone,
}: {
  org: SectionProps['org'];
  items: Invitation[];
  onDone(): void;
}) {
  const toast = useToast();
  const act = useAction(async (i: Invitation, accept: boolean) => {
    if (accept) await coordApi.acceptInvitation(org.id, i.id);
    else await coordApi.declineInvitation(org.id, i.id);
    toast(accept ? `Accepted the invitation to ${i.spaceName}.` : `Declined ${i.spaceName}.`);
    onDone();
  });
  return (
    <section className="panel invitations" aria-labelledby="invites-title">
      <h2 id="invites-title">Invitations for {org.name}</h2>
      <FormError error={act.error} />
      <ul className="plain-list">
        {items.map((i) => (
          <li key={i.id} className="invite-row">
            <div>
              <strong>{i.spaceName}</strong>
              <span className="muted small">
                {' '}
                from {i.invitingOrg.name} · expires <When iso={i.expiresAt} />
              </span>
              <div className="small">
                {i.inviteeApproved
                  ? `You accepted; waiting for ${i.invitingOrg.name} to approve.`
                  : i.inviterApproved
                    ? `${i.invitingOrg.name} approved; your approval completes it.`
                    : 'Both sides still need to approve.'}
              </div>
            </div>
            {!i.inviteeApproved && (
              <div className="actions-row">
                <button
                  type="button"
                  className="button primary small"
                  disabled={act.pending}
                  onClick={() => act.run(i, true)}
                >
                  Accept {i.spaceName}
                </button>
                <button
                  type="button"
                  className="button small"
                  disabled={act.pending}
                  onClick={() => act.run(i, false)}
                >
                  Decline
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RedeemCode({ orgId, onDone }: { orgId: string; onDone(): void }) {
  const [code, setCode] = useState('');
  const toast = useToast();
  const redeem = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const i = await coordApi.redeem(orgId, code.trim());
    setCode('');
    toast(
      i.status === 'accepted'
        ? `Joined ${i.spaceName}.`
        : `Code redeemed: ${i.invitingOrg.name} approves next, then you join ${i.spaceName}.`,
    );
    onDone();
  });
  return (
    <form className="panel stack" aria-label="Redeem an invitation code" onSubmit={redeem.run}>
      <h2>Redeem an invitation code</h2>
      <TextField
        label="Invitation code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        required
        minLength={8}
        className="mono"
        autoComplete="off"
      />
      <FormError error={redeem.error} />
      <div>
        <button type="submit" className="button" disabled={redeem.pending}>
          Redeem code
        </button>
      </div>
    </form>
  );
}

function CreateSpace({ orgId, base }: { orgId: string; base: string }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [defaultTlp, setDefaultTlp] = useState('AMBER+STRICT');
  const [layers, setLayers] = useState(DEFAULT_LAYERS.join('\n'));
  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const s = await coordApi.createSpace(orgId, {
      name: name.trim(),
      description: description.trim() || undefined,
      defaultTlp,
      layers: [
        ...new Set(
          layers
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      ],
    });
    navigate(`${base}/${s.id}`);
  });
  return (
    <form className="panel stack" aria-label="Create a space" onSubmit={create.run}>
      <h2>Create a space</h2>
      <TextField
        label="Space name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={200}
        placeholder="Independent cloud providers"
      />
      <TextAreaField
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        rows={2}
        maxLength={4000}
      />
      <SelectField
        label="Default label of new items"
        value={defaultTlp}
        onChange={(e) => setDefaultTlp(e.target.value)}
        hint="Writers can always choose another; RED cannot be a default (it names people)."
      >
        {['AMBER+STRICT', 'AMBER', 'GREEN', 'CLEAR'].map((t) => (
          <option key={t} value={t}>
            TLP:{t}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Component layers (one per line)"
        value={layers}
        onChange={(e) => setLayers(e.target.value)}
        rows={6}
        hint="What each org tracks per CVE in the status matrix."
      />
      <FormError error={create.error} />
      <div>
        <button type="submit" className="button primary" disabled={create.pending}>
          Create space
        </button>
      </div>
    </form>
  );
}
