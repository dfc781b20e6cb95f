import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
export const Uuid = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 2000 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const ScheduleParams = Type.Object({ orgId: Uuid, scheduleId: Uuid }, strict);
export const OverrideParams = Type.Object({ orgId: Uuid, scheduleId: Uuid, overrideId: Uuid }, strict);
export const PolicyParams = Type.Object({ orgId: Uuid, policyId: Uuid }, strict);
export const RuleParams = Type.Object({ orgId: Uuid, ruleId: Uuid }, strict);
export const IntegrationParams = Type.Object({ orgId: Uuid, integrationId: Uuid }, strict);
export const IncidentParams = Type.Object({ orgId: Uuid, incidentId: Uuid }, strict);
export const TeamParams = Type.Object({ orgId: Uuid, teamId: Uuid }, strict);

export const LayerInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rotation: Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('custom')]),
    shiftHours: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2160, description: 'custom rotations only' }),
    ),
    handoffTime: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM local time' }),
    startDate: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD local date' }),
    members: Type.Array(Uuid, { minItems: 1, maxItems: 100 }),
  },
  strict,
);
export const ScheduleInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin' }),
    layers: Type.Array(LayerInput, {
      minItems: 1,
      maxItems: 10,
      description: 'lowest first; higher overrides lower',
    }),
  },
  strict,
);
export const Schedule = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  timeZone: Type.String(),
  layers: Type.Array(LayerInput),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const OverrideInput = Type.Object(
  { userId: Uuid, start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) },
  strict,
);
export const Override = Type.Object({
  id: Type.String(),
  scheduleId: Type.String(),
  userId: Type.String(),
  start: Type.String(),
  end: Type.String(),
  createdBy: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const AtQuery = Type.Object({ at: Type.Optional(Type.String({ format: 'date-time' })) }, strict);
export const RangeQuery = Type.Object(
  { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
  strict,
);
export const OptionalRangeQuery = Type.Partial(RangeQuery, strict);

export const Person = Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() });
const OnCallSource = Type.Union([Type.Literal('override'), Type.Literal('layer')]);
/** The next person to take over and when (within the look-ahead; null: nobody else scheduled). */
export const Handoff = Type.Object({
  user: Person,
  start: Type.String(),
  source: OnCallSource,
  layer: Nullable(Type.String()),
});
export const OnCallNow = Type.Object({
  at: Type.String(),
  user: Nullable(Person),
  source: Nullable(OnCallSource),
  layer: Nullable(Type.String()),
  overrideId: Nullable(Type.String()),
  /** When the current span (shift or override) ends; null when nobody is on call. */
  until: Nullable(Type.String()),
  /** The next handoff to someone else, looked for up to `horizon`. */
  next: Nullable(Handoff),
  horizon: Type.String(),
  /** Per layer (lowest first): its own shift now, when it ends and who is next on it. */
  layers: Type.Array(
    Type.Object({
      name: Type.String(),
      user: Nullable(Person),
      until: Nullable(Type.String()),
      next: Nullable(Type.Object({ user: Person, start: Type.String() })),
    }),
  ),
});
export const Span = Type.Object({
  start: Type.String(),
  end: Type.String(),
  userId: Type.String(),
  source: Type.Optional(Type.Union([Type.Literal('override'), Type.Literal('layer')])),
  layer: Type.Optional(Type.String()),
  overrideId: Type.Optional(Type.String()),
});
export const Calendar = Type.Object({
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  layers: Type.Array(Type.Object({ name: Type.String(), spans: Type.Array(Span) })),
  overrides: Type.Array(Override),
  final: Type.Array(Span),
  users: Type.Array(Person),
});

export const Target = Type.Union([
  Type.Object({ type: Type.Literal('user'), userId: Uuid }, strict),
  Type.Object({ type: Type.Literal('schedule'), scheduleId: Uuid }, strict),
  Type.Object(
    { type: Type.Literal('team'), teamId: Uuid },
    { ...strict, description: "the team schedule's on-call person if it has one, else every member" },
  ),
  Type.Object(
    {
      type: Type.Literal('executives'),
      userIds: Type.Optional(Type.Array(Uuid, { maxItems: 50, description: 'default: the org owners' })),
    },
    strict,
  ),
]);
export const Level = Type.Object(
  {
    delaySeconds: Type.Number({ minimum: 0, maximum: 86400, description: 'wait before the next level' }),
    targets: Type.Array(Target, { minItems: 1, maxItems: 50 }),
  },
  strict,
);
export const PolicyInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    urgency: Type.Optional(
      Type.Union([Type.Literal('high'), Type.Literal('low')], {
        description: 'low: notify the first level only',
      }),
    ),
    repeat: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    ackTimeoutSeconds: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 86400 }))),
    levels: Type.Array(Level, { minItems: 1, maxItems: 20 }),
  },
  strict,
);
export const Policy = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  urgency: Type.Union([Type.Literal('high'), Type.Literal('low')]),
  repeat: Type.Integer(),
  ackTimeoutSeconds: Nullable(Type.Number()),
  levels: Type.Array(Level),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const TeamInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    members: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 200,
      description: 'responders (or higher) of the org',
    }),
    scheduleId: Type.Optional(
      Type.Union([Uuid, Type.Null()], {
        description: "the team's on-call schedule: pages go to its current person",
      }),
    ),
  },
  strict,
);
export const Team = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  description: Type.String(),
  members: Type.Array(Person),
  scheduleId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Severity = Type.Union([
  Type.Literal('critical'),
  Type.Literal('error'),
  Type.Literal('warning'),
  Type.Literal('info'),
]);
export const Conditions = Type.Object(
  {
    sources: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 50,
        description: 'exact, or a prefix ending in *',
      }),
    ),
    severities: Type.Optional(Type.Array(Severity, { minItems: 1, maxItems: 4 })),
    labels: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 500 }))),
    integrationIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
  },
  strict,
);
export const RuleInput = Type.Object(
  {
    name: Name,
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    conditions: Conditions,
    policyId: Uuid,
    urgency: Type.Optional(Nullable(Type.Union([Type.Literal('high'), Type.Literal('low')]))),
  },
  strict,
);
export const Rule = Type.Object({
  id: Type.String(),
  name: Type.String(),
  position: Type.Integer(),
  conditions: Conditions,
  policyId: Type.String(),
  urgency: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const IntegrationInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Union([Type.Literal('pagerduty'), Type.Literal('alertmanager')]),
  },
  strict,
);
export const Integration = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  prefix: Type.String(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  rotatedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});
export const IntegrationWithKey = Type.Object({ integration: Integration, key: Type.String() });

export type ScheduleInput = Static<typeof ScheduleInput>;
export type OverrideInput = Static<typeof OverrideInput>;
export type PolicyInput = Static<typeof PolicyInput>;
export type Level = Static<typeof Level>;
export type Target = Static<typeof Target>;
export type TeamInput = Static<typeof TeamInput>;
export type Conditions = Static<typeof Conditions>;
export type RuleInput = Static<typeof RuleInput>;
export type Severity = Static<typeof Severity>;
