import { type FormEvent, useId, useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { EditorFooter } from '../../components/EditorFooter.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { errorFor, unplaced, useFieldSave } from '../../field-errors.ts';
import { atLeast } from '../../format.ts';
import type { People } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Schedule, Team, TeamInput } from '../../types-ops.ts';
import { MemberOrder } from './MemberOrder.tsx';

/** A team: its name, its members (responders), and optionally its own on-call schedule. */
export function TeamEditor({
  org,
  people,
  schedules,
  initial,
  onSaved,
  onCancel,
}: {
  org: SessionOrg;
  people: People;
  schedules: Schedule[];
  initial?: Team;
  onSaved(t: Team): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [members, setMembers] = useState<string[]>(initial?.members.map((m) => m.id) ?? []);
  const [scheduleId, setScheduleId] = useState(initial?.scheduleId ?? '');
  const { errors, pending, save } = useFieldSave();
  const id = useId();
  const responders = people.members.filter((m) => atLeast(m.role, 'responder'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: TeamInput = { name: name.trim(), description, members, scheduleId: scheduleId || null };
    await save(
      () => (initial ? oncallApi.updateTeam(org.id, initial.id, body) : oncallApi.createTeam(org.id, body)),
      onSaved,
    );
  };
  const rest = unplaced(errors, ['name', 'description', 'members', 'scheduleId']);
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{initial ? `Edit “${initial.name}”` : 'New team'}</h2>
      <div className="grid-form">
        <TextField
          label="Team name"
          required
          maxLength={200}
          value={name}
          error={errorFor(errors, 'name')}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextField
          label="Description"
          maxLength={2000}
          value={description}
          error={errorFor(errors, 'description')}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <SelectField
          label="On-call schedule"
          value={scheduleId}
          error={errorFor(errors, 'scheduleId')}
          hint={
            scheduleId
              ? 'A page for the team goes to whoever is on call here (every member when nobody is).'
              : 'Without a schedule, a page for the team goes to every member.'
          }
          onChange={(e) => setScheduleId(e.currentTarget.value)}
        >
          <option value="">None: page every member</option>
          {schedules.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      </div>
      <MemberOrder
        label="Members"
        candidates={responders}
        value={members}
        people={people}
        error={errorFor(errors, 'members', true)}
        onChange={setMembers}
      />
      <EditorFooter
        failed={errors !== null}
        unplacedProblems={rest}
        pending={pending}
        saveLabel={initial ? 'Save team' : 'Create team'}
        onCancel={onCancel}
      />
    </form>
  );
}
