import { type Static, Type } from 'typebox';
import { STEP_KEYS } from './steps.ts';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Ms = Type.Union([Type.Integer(), Type.Null()]);

export const AttackTimelineParams = Type.Object({ orgId: Uuid, attackId: Uuid }, strict);
export const IncidentTimelineParams = Type.Object({ orgId: Uuid, incidentId: Uuid }, strict);

export const TimelineStep = Type.Object({
  key: Type.String({ description: `one of ${STEP_KEYS.join(', ')}` }),
  label: Type.String(),
  at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'null: has not happened (yet)',
  }),
  module: Type.String({ description: 'the module the fact comes from' }),
  detail: Type.Union([Type.String(), Type.Null()]),
  approximate: Type.Boolean({
    description: 'the module keeps no time of its own; this is the event it acted on',
  }),
  sincePreviousMs: Ms,
  sinceFirstDatagramMs: Ms,
});

export const EndToEndTimeline = Type.Object({
  attackId: Uuid,
  incidentId: Type.Union([Uuid, Type.Null()]),
  target: Type.String(),
  classification: Type.String(),
  state: Type.String(),
  steps: Type.Array(TimelineStep),
});
export type EndToEndTimeline = Static<typeof EndToEndTimeline>;
