import { type FormEvent, useState } from 'react';
import { COMPONENT_STATUSES, human, type StatusComponent, statusApi } from '../../api-status.ts';
import { CheckField, SelectField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { StatusBadge } from './StatusBadge.tsx';

interface Props {
  org: SessionOrg;
  components: StatusComponent[];
  onChanged: () => void;
}

/** Components and groups: add, set a status, remove. Status changes go public at once. */
export function ComponentsEditor({ org, components, onChanged }: Props) {
  const admin = atLeast(org.role, 'admin');
  const groups = components.filter((c) => c.isGroup);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [groupId, setGroupId] = useState('');
  const [isGroup, setIsGroup] = useState(false);
  const create = useAction(statusApi.createComponent);
  const patch = useAction(statusApi.patchComponent);
  const remove = useAction(statusApi.deleteComponent);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create.run(org.id, {
      name: name.trim(),
      description: description.trim(),
      isGroup,
      ...(groupId && !isGroup ? { groupId } : {}),
    });
    if (!r.ok) return;
    setName('');
    setDescription('');
    onChanged();
  };
  const setStatus = async (c: StatusComponent, status: string) => {
    if ((await patch.run(org.id, c.id, { status })).ok) onChanged();
  };
  const del = async (c: StatusComponent) => {
    if ((await remove.run(org.id, c.id)).ok) onChanged();
  };
  const ordered = [
    ...components.filter((c) => !c.groupId && !c.isGroup),
    ...groups.flatMap((g) => [g, ...components.filter((c) => c.groupId === g.id)]),
  ];

  return (
    <>
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can change components; responders set their statuses with incident updates.
        </RoleNote>
      )}
      <FormError error={patch.error ?? remove.error} />
      {components.length === 0 && (
        <p className="empty">No components yet: add what your customers use (regions, services).</p>
      )}
      {components.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((c) => (
              <tr key={c.id}>
                <td data-label="Component">
                  <div className="who">
                    <strong>
                      {c.groupId ? '↳ ' : ''}
                      {c.name}
                      {c.isGroup && <span className="badge">group</span>}
                    </strong>
                    {c.description && <span className="muted small">{c.description}</span>}
                  </div>
                </td>
                <td data-label="Status">
                  {c.isGroup || !admin ? (
                    c.isGroup ? (
                      <span className="muted">—</span>
                    ) : (
                      <StatusBadge status={c.status} />
                    )
                  ) : (
                    <select
                      aria-label={`Status of ${c.name}`}
                      value={c.status}
                      disabled={patch.pending}
                      onChange={(e) => void setStatus(c, e.currentTarget.value)}
                    >
                      {COMPONENT_STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {human(s)}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td data-label="Actions" className="row-actions">
                  {admin && (
                    <button type="button" className="button small danger-outline" onClick={() => void del(c)}>
                      Remove<span className="visually-hidden"> {c.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && (
        <section className="panel" aria-labelledby="new-component">
          <h2 id="new-component">Add a component</h2>
          <form className="grid-form" onSubmit={submit}>
            <TextField
              label="Name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextField
              label="Description"
              maxLength={2000}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            <CheckField
              label="This is a group of components"
              checked={isGroup}
              onChange={(e) => setIsGroup(e.currentTarget.checked)}
            />
            {!isGroup && groups.length > 0 && (
              <SelectField label="Group" value={groupId} onChange={(e) => setGroupId(e.currentTarget.value)}>
                <option value="">No group</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </SelectField>
            )}
            <div className="grid-form-actions">
              <button type="submit" className="button primary" disabled={create.pending}>
                {create.pending ? 'Adding…' : isGroup ? 'Add group' : 'Add component'}
              </button>
            </div>
          </form>
          <FormError error={create.error} />
        </section>
      )}
    </>
  );
}
