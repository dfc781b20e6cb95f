import { type FormEvent, useId, useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { EditorFooter } from '../../components/EditorFooter.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { errorFor, unplaced, useFieldSave } from '../../field-errors.ts';
import type { People } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Policy, PolicyInput, Schedule, Target, Team } from '../../types-ops.ts';
import { TargetPicker } from './TargetPicker.tsx';

interface LevelDraft {
  delayMinutes: string;
  targets: Target[];
}

const minutes = (s: number) => String(Math.round((s / 60) * 100) / 100);

/** Ordered levels (targets + delay), repeat, urgency and acknowledgement timeout. */
export function PolicyEditor({
  org,
  people,
  schedules,
  teams,
  initial,
  onSaved,
  onCancel,
}: {
  org: SessionOrg;
  people: People;
  schedules: Schedule[];
  teams: Team[];
  initial?: Policy;
  onSaved(p: Policy): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [urgency, setUrgency] = useState<'high' | 'low'>(initial?.urgency ?? 'high');
  const [repeat, setRepeat] = useState(String(initial?.repeat ?? 0));
  const [ackTimeout, setAckTimeout] = useState(
    initial?.ackTimeoutSeconds ? minutes(initial.ackTimeoutSeconds) : '',
  );
  const [levels, setLevels] = useState<LevelDraft[]>(
    initial?.levels.map((l) => ({ delayMinutes: minutes(l.delaySeconds), targets: l.targets })) ?? [
      { delayMinutes: '5', targets: schedules[0] ? [{ type: 'schedule', scheduleId: schedules[0].id }] : [] },
    ],
  );
  const { errors, pending, save } = useFieldSave();
  const id = useId();
  const put = (i: number, patch: Partial<LevelDraft>) =>
    setLevels((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const move = (i: number, by: number) =>
    setLevels((ls) => {
      const next = [...ls];
      const [x] = next.splice(i, 1);
      next.splice(i + by, 0, x!);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: PolicyInput = {
      name: name.trim(),
      urgency,
      repeat: Number(repeat),
      ackTimeoutSeconds: ackTimeout.trim() ? Number(ackTimeout) * 60 : null,
      levels: levels.map((l) => ({ delaySeconds: Number(l.delayMinutes) * 60, targets: l.targets })),
    };
    await save(
      () =>
        initial ? oncallApi.updatePolicy(org.id, initial.id, body) : oncallApi.createPolicy(org.id, body),
      onSaved,
    );
  };
  const rest = unplaced(errors, [
    'name',
    'urgency',
    'repeat',
    'ackTimeoutSeconds',
    ...levels.map((_, i) => `levels.${i}`),
  ]);
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{initial ? `Edit “${initial.name}”` : 'New escalation policy'}</h2>
      <div className="grid-form">
        <TextField
          label="Name"
          required
          maxLength={200}
          value={name}
          error={errorFor(errors, 'name')}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <SelectField
          label="Urgency"
          value={urgency}
          onChange={(e) => setUrgency(e.currentTarget.value as 'high' | 'low')}
          hint={
            urgency === 'low'
              ? 'Only the first level is paged; no escalation.'
              : 'Escalates level by level until acknowledged.'
          }
        >
          <option value="high">High</option>
          <option value="low">Low</option>
        </SelectField>
        <TextField
          label="Repeat the whole policy"
          inputMode="numeric"
          value={repeat}
          error={errorFor(errors, 'repeat')}
          hint="0–20 more rounds when nobody acknowledges."
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        <TextField
          label="Acknowledgement lasts (minutes)"
          inputMode="decimal"
          value={ackTimeout}
          error={errorFor(errors, 'ackTimeoutSeconds')}
          hint="Empty: until resolved. Otherwise escalation resumes after this."
          onChange={(e) => setAckTimeout(e.currentTarget.value)}
        />
      </div>
      <ol className="level-list">
        {levels.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: levels are edited in place; the position is the identity
          <li key={i} className="level-edit">
            <fieldset>
              <legend>Level {i + 1}</legend>
              <TargetPicker
                org={org}
                label={`Level ${i + 1}: page these together`}
                people={people}
                schedules={schedules}
                teams={teams}
                value={l.targets}
                error={errorFor(errors, `levels.${i}.targets`, true) ?? errorFor(errors, `levels.${i}`)}
                onChange={(targets) => put(i, { targets })}
              />
              <TextField
                label={`Minutes before the next level (level ${i + 1})`}
                inputMode="decimal"
                value={l.delayMinutes}
                error={errorFor(errors, `levels.${i}.delaySeconds`)}
                onChange={(e) => put(i, { delayMinutes: e.currentTarget.value })}
              />
              <div className="actions-row">
                <button type="button" className="button small" disabled={i === 0} onClick={() => move(i, -1)}>
                  Move up<span className="visually-hidden"> level {i + 1}</span>
                </button>
                <button
                  type="button"
                  className="button small"
                  disabled={i === levels.length - 1}
                  onClick={() => move(i, 1)}
                >
                  Move down<span className="visually-hidden"> level {i + 1}</span>
                </button>
                {levels.length > 1 && (
                  <button
                    type="button"
                    className="button small danger-outline"
                    onClick={() => setLevels((ls) => ls.filter((_, j) => j !== i))}
                  >
                    Remove level {i + 1}
                  </button>
                )}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="actions-row">
        <button
          type="button"
          className="button small"
          onClick={() => setLevels((ls) => [...ls, { delayMinutes: '10', targets: [] }])}
        >
          Add a level
        </button>
        <button
          type="button"
          className="button small"
          onClick={() =>
            setLevels((ls) => [...ls, { delayMinutes: '15', targets: [{ type: 'executives' }] }])
          }
        >
          Add executives as the last level
        </button>
      </div>
      <EditorFooter
        failed={errors !== null}
        unplacedProblems={rest}
        pending={pending}
        saveLabel={initial ? 'Save policy' : 'Create policy'}
        onCancel={onCancel}
      />
    </form>
  );
}
