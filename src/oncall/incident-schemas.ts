import { type Static, Type } from 'typebox';
import { Severity, Uuid } from './schemas.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Status = Type.Union([
  Type.Literal('triggered'),
  Type.Literal('acknowledged'),
  Type.Literal('resolved'),
]);

export const IncidentQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({
        pattern: '^(triggered|acknowledged|resolved)(,(triggered|acknowledged|resolved))*$',
        description: 'comma-separated',
      }),
    ),
    mine: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);
export const ManualIncidentInput = Type.Object(
  {
    summary: Type.String({ minLength: 1, maxLength: 1024 }),
    severity: Severity,
    dedupKey: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  strict,
);
export const ReassignInput = Type.Union([
  Type.Object({ userIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }) }, strict),
  Type.Object({ policyId: Uuid }, strict),
]);
export const Incident = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  number: Type.Integer(),
  dedupKey: Type.String(),
  source: Type.String(),
  summary: Type.String(),
  severity: Type.String(),
  urgency: Type.String(),
  status: Status,
  policyId: Nullable(Type.String()),
  assigneeIds: Type.Array(Type.String()),
  alertCount: Type.Integer(),
  escalation: Type.Object({
    level: Type.Integer(),
    round: Type.Integer(),
    nextStepAt: Nullable(Type.String()),
    exhausted: Type.Boolean(),
  }),
  ackedBy: Nullable(Type.String()),
  ackedAt: Nullable(Type.String()),
  ackUntil: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const TimelineEntry = Type.Object({
  at: Type.String(),
  kind: Type.String(),
  actorUserId: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export const Alert = Type.Object({
  key: Type.String(),
  status: Type.String(),
  summary: Type.String(),
  severity: Type.String(),
  labels: Type.Record(Type.String(), Type.Unknown()),
  events: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const Delivery = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  target: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  refType: Nullable(Type.String()),
  refId: Nullable(Type.String()),
  ownerUserId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
});
export const IncidentDetail = Type.Object({
  incident: Incident,
  details: Type.Record(Type.String(), Type.Unknown()),
  labels: Type.Record(Type.String(), Type.Unknown()),
  alerts: Type.Array(Alert),
  timeline: Type.Array(TimelineEntry),
  deliveries: Type.Array(Delivery),
});

export const NotificationRuleInput = Type.Object(
  {
    channel: Type.Union([
      Type.Literal('in_app'),
      Type.Literal('email'),
      Type.Literal('webhook'),
      Type.Literal('slack'),
      Type.Literal('matrix'),
    ]),
    delaySeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86400 })),
    urgency: Type.Optional(Type.Union([Type.Literal('any'), Type.Literal('high'), Type.Literal('low')])),
    target: Type.Optional(
      Type.String({ minLength: 3, maxLength: 2000, description: 'email address, or webhook URL' }),
    ),
  },
  strict,
);
export const NotificationRule = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  delaySeconds: Type.Number(),
  urgency: Type.String(),
  target: Nullable(Type.String()),
  hasSecret: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Type.String(),
});
export const NotificationRuleCreated = Type.Object({
  rule: NotificationRule,
  secret: Type.Optional(Type.String({ description: 'webhook signing secret, shown once' })),
});
export const RuleIdParams = Type.Object({ ruleId: Uuid }, strict);

export type IncidentQuery = Static<typeof IncidentQuery>;
export type ReassignInput = Static<typeof ReassignInput>;
export type NotificationRuleInput = Static<typeof NotificationRuleInput>;
