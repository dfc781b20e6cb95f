import { type FormEvent, useId, useState } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { EditorFooter } from '../../components/EditorFooter.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { errorFor, unplaced, useFieldSave } from '../../field-errors.ts';
import { atLeast } from '../../format.ts';
import type { People } from '../../people.ts';
import type { SessionOrg } from '../../types.ts';
import type { Layer, Schedule, ScheduleInput } from '../../types-ops.ts';
import { MemberOrder } from './MemberOrder.tsx';
import { layerColour } from './WeekCalendar.tsx';
import { localDate, timeZones } from './zoned.ts';

type LayerDraft = Omit<Layer, 'shiftHours'> & { shiftHours: string };

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const newLayer = (n: number, tz: string): LayerDraft => ({
  name: n === 0 ? 'primary' : `layer-${n + 1}`,
  rotation: 'weekly',
  shiftHours: '',
  handoffTime: '09:00',
  startDate: localDate(Date.now(), tz),
  members: [],
});

/** Create or replace a schedule: time zone and ordered layers of rotations (higher overrides lower). */
export function ScheduleEditor({
  org,
  people,
  initial,
  onSaved,
  onCancel,
}: {
  org: SessionOrg;
  people: People;
  initial?: Schedule;
  onSaved(s: Schedule): void;
  onCancel(): void;
}) {
  const zone = initial?.timeZone ?? browserZone();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [timeZone, setTimeZone] = useState(zone);
  const [layers, setLayers] = useState<LayerDraft[]>(
    initial?.layers.map((l) => ({ ...l, shiftHours: l.shiftHours ? String(l.shiftHours) : '' })) ?? [
      newLayer(0, zone),
    ],
  );
  const { errors, pending, save } = useFieldSave();
  const id = useId();
  const responders = people.members.filter((m) => atLeast(m.role, 'responder'));
  const put = (i: number, patch: Partial<LayerDraft>) =>
    setLayers((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: ScheduleInput = {
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      timeZone: timeZone.trim(),
      layers: layers.map(({ shiftHours, ...l }) => ({
        ...l,
        name: l.name.trim(),
        ...(l.rotation === 'custom' ? { shiftHours: Number(shiftHours) } : {}),
      })),
    };
    await save(
      () =>
        initial ? oncallApi.updateSchedule(org.id, initial.id, body) : oncallApi.createSchedule(org.id, body),
      onSaved,
    );
  };
  const rest = unplaced(errors, [
    'name',
    'description',
    'timeZone',
    'layers.0',
    'layers.1',
    'layers.2',
    'layers.3',
    'layers.4',
    'layers.5',
  ]);
  return (
    <form className="panel stack schedule-editor" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{initial ? `Edit “${initial.name}”` : 'New schedule'}</h2>
      <div className="grid-form">
        <TextField
          label="Name"
          required
          maxLength={200}
          value={name}
          error={errorFor(errors, 'name')}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <TextField
          label="Time zone"
          list={`${id}-zones`}
          required
          value={timeZone}
          error={errorFor(errors, 'timeZone')}
          hint="Handoff times and start dates are in this zone."
          onChange={(e) => setTimeZone(e.currentTarget.value)}
        />
        <datalist id={`${id}-zones`}>
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <TextField
          label="Description (optional)"
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <p className="muted small">
        Layers: the lowest first; a higher layer overrides a lower one while it has someone on call.
      </p>
      <ol className="layer-list">
        {layers.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: layers are edited in place; the position is the identity
          <li key={i} className="layer-edit" style={{ borderLeftColor: layerColour(i) }}>
            <fieldset>
              <legend>Layer {i + 1}</legend>
              <div className="grid-form">
                <TextField
                  label="Layer name"
                  value={l.name}
                  maxLength={100}
                  error={errorFor(errors, `layers.${i}.name`)}
                  onChange={(e) => put(i, { name: e.currentTarget.value })}
                />
                <SelectField
                  label="Rotation"
                  value={l.rotation}
                  onChange={(e) => put(i, { rotation: e.currentTarget.value as Layer['rotation'] })}
                >
                  <option value="daily">Daily</option>
                  <option value="weekly">Weekly</option>
                  <option value="custom">Custom length</option>
                </SelectField>
                {l.rotation === 'custom' && (
                  <TextField
                    label="Shift length (hours)"
                    inputMode="numeric"
                    value={l.shiftHours}
                    error={errorFor(errors, `layers.${i}.shiftHours`)}
                    onChange={(e) => put(i, { shiftHours: e.currentTarget.value })}
                  />
                )}
                <TextField
                  label="Handoff time"
                  type="time"
                  value={l.handoffTime}
                  error={errorFor(errors, `layers.${i}.handoffTime`)}
                  onChange={(e) => put(i, { handoffTime: e.currentTarget.value })}
                />
                <TextField
                  label="Starts on"
                  type="date"
                  value={l.startDate}
                  error={errorFor(errors, `layers.${i}.startDate`)}
                  onChange={(e) => put(i, { startDate: e.currentTarget.value })}
                />
              </div>
              <MemberOrder
                label={`Layer ${i + 1} members, in rotation order`}
                candidates={responders}
                value={l.members}
                people={people}
                error={errorFor(errors, `layers.${i}.members`, true)}
                onChange={(members) => put(i, { members })}
              />
              {layers.length > 1 && (
                <button
                  type="button"
                  className="button small danger-outline"
                  onClick={() => setLayers((ls) => ls.filter((_, j) => j !== i))}
                >
                  Remove layer {i + 1}
                </button>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {layers.length < 10 && (
        <div>
          <button
            type="button"
            className="button small"
            onClick={() => setLayers((ls) => [...ls, newLayer(ls.length, timeZone)])}
          >
            Add a layer
          </button>
        </div>
      )}
      <EditorFooter
        failed={errors !== null}
        unplacedProblems={rest}
        pending={pending}
        saveLabel={initial ? 'Save schedule' : 'Create schedule'}
        onCancel={onCancel}
      />
    </form>
  );
}
