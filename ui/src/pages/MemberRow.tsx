import { useState } from 'react';
import { api } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FormError } from '../components/FormError.tsx';
import { useToast } from '../components/Toasts.tsx';
import { When } from '../components/When.tsx';
import { assignableRoles, ROLE_LABEL } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { Member, Role, SessionOrg } from '../types.ts';

interface Props {
  org: SessionOrg;
  member: Member;
  isSelf: boolean;
  canManage: boolean;
  onChanged(m: Member): void;
  onRemoved(userId: string): void;
}

export function MemberRow({ org, member, isSelf, canManage, onChanged, onRemoved }: Props) {
  const [role, setRole] = useState<Role>(member.role);
  const [confirming, setConfirming] = useState(false);
  const toast = useToast();
  const change = useAction(api.changeRole);
  const remove = useAction(api.removeMember);
  const who = member.name || member.email;
  const roles = assignableRoles(org.role);
  // Only owners touch owners; nobody changes their own role here (ask another admin).
  const editable = canManage && !isSelf && roles.includes(member.role);

  const save = async () => {
    const r = await change.run(org.id, member.userId, role);
    if (!r.ok) return;
    onChanged(r.value);
    toast(`${who} is now ${ROLE_LABEL[r.value.role].toLowerCase()}.`);
  };
  const confirmRemove = async () => {
    const r = await remove.run(org.id, member.userId);
    if (!r.ok) return;
    setConfirming(false);
    onRemoved(member.userId);
    toast(`Removed ${who} from ${org.name}.`);
  };

  return (
    <tr>
      <td data-label="Name">
        <div className="who">
          <strong>
            {member.name || member.email}
            {isSelf && <span className="badge">you</span>}
          </strong>
          <span className="muted small">{member.email}</span>
        </div>
      </td>
      <td data-label="Role">
        {editable ? (
          <div className="role-edit">
            <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
              Role of {who}
            </label>
            <select
              id={`role-${member.userId}`}
              value={role}
              onChange={(e) => setRole(e.currentTarget.value as Role)}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
            {role !== member.role && (
              <button type="button" className="button small" onClick={save} disabled={change.pending}>
                {change.pending ? 'Saving…' : 'Save'}
              </button>
            )}
          </div>
        ) : (
          <span className={`role role-${member.role}`}>{ROLE_LABEL[member.role]}</span>
        )}
        <FormError error={change.error} />
      </td>
      <td data-label="Joined">
        <When iso={member.joinedAt} />
      </td>
      {canManage && (
        <td data-label="Actions" className="row-actions">
          {editable && (
            <button type="button" className="button small danger-outline" onClick={() => setConfirming(true)}>
              Remove<span className="visually-hidden"> {who}</span>
            </button>
          )}
          {confirming && (
            <ConfirmDialog
              title={`Remove ${who}?`}
              confirmLabel="Remove member"
              pending={remove.pending}
              error={remove.error}
              onConfirm={confirmRemove}
              onCancel={() => {
                setConfirming(false);
                remove.setError(null);
              }}
            >
              <p>
                {who} loses access to {org.name} at once. Their account and what they wrote stay; you can add
                them again later.
              </p>
            </ConfirmDialog>
          )}
        </td>
      )}
    </tr>
  );
}
