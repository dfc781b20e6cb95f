import { type Static, Type } from 'typebox';
import { AttackInput } from './attack.ts';
import { Rule } from './rules.ts';
import { STATES } from './store.ts';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const When = Type.Union([Type.String(), Type.Null()]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const State = Type.Enum(STATES);

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const MitigationParams = Type.Object({ orgId: Uuid, mitigationId: Uuid }, strict);
export const ListQuery = Type.Object(
  {
    state: Type.Optional(
      Type.String({
        maxLength: 400,
        description: `One state or a comma-separated list of states (${STATES.join(', ')})`,
      }),
    ),
    attackId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);
export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, strict);

export const Refusal = Type.Object({
  kind: Type.Union([Type.Literal('rtbh'), Type.Literal('flowspec')]),
  vector: Type.Optional(Type.String()),
  reason: Type.String(),
});

export const MitigationEvent = Type.Object({
  id: Type.Number(),
  at: Type.String(),
  kind: Type.String(),
  actor: Nullable(Type.Object({ userId: Nullable(Type.String()), tokenId: Nullable(Type.String()) })),
  driver: Nullable(Type.String()),
  sent: Nullable(Type.String({ description: 'Exactly what was sent' })),
  output: Nullable(Type.String()),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('info')]),
  error: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const MitigationCommands = Type.Object(
  {
    exabgp: Type.Object({
      announce: Type.Array(Type.String(), { description: 'ExaBGP text-API commands, one per rule' }),
      withdraw: Type.Array(Type.String()),
    }),
    gobgp: Type.Object({
      announce: Type.Array(Type.Array(Type.String()), {
        description: 'GoBGP argv per rule (`gobgp` first; the driver adds its global options)',
      }),
      withdraw: Type.Array(Type.Array(Type.String())),
    }),
  },
  {
    description:
      "The exact commands the server's renderer produces for the rules, in both dialects; null when a stored rule no longer passes the checks",
  },
);

export const Mitigation = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  attackId: Type.String(),
  target: Type.String(),
  classification: Type.String(),
  state: State,
  tlp: Type.Literal('AMBER'),
  rules: Type.Array(Rule),
  commands: Nullable(MitigationCommands),
  refused: Type.Array(Refusal),
  notes: Type.Array(Type.String()),
  driver: Nullable(Type.String({ description: 'Driver kind used for the announcement' })),
  error: Nullable(Type.String()),
  attackEndedAt: When,
  announcedAt: When,
  withdrawnAt: When,
  expiresAt: When,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const MitigationWithEvents = Type.Object({
  ...Mitigation.properties,
  events: Type.Array(MitigationEvent),
});
export const MitigationPage = Type.Object({
  items: Type.Array(Mitigation),
  nextCursor: Nullable(Type.String()),
});

export const PreviewBody = Type.Union([
  Type.Object({ attackId: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
  Type.Object({ attack: AttackInput }, strict),
]);
export const Preview = Type.Object({
  rules: Type.Array(Rule),
  refused: Type.Array(Refusal),
  notes: Type.Array(Type.String()),
  driver: Type.String(),
  commands: Type.Object({
    announce: Type.String({ description: 'What the configured driver would send' }),
    withdraw: Type.String(),
  }),
  exabgp: Type.Object({ announce: Type.Array(Type.String()), withdraw: Type.Array(Type.String()) }),
  gobgp: Type.Object({ announce: Type.Array(Type.String()), withdraw: Type.Array(Type.String()) }),
});

export const HookRun = Type.Object({
  id: Type.Number(),
  hookId: Type.String(),
  kind: Type.Union([Type.Literal('exec'), Type.Literal('webhook')]),
  attackId: Type.String(),
  event: Type.String(),
  attempt: Type.Number(),
  at: Type.String(),
  durationMs: Type.Number(),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  exitCode: Nullable(Type.Number()),
  httpStatus: Nullable(Type.Number()),
  output: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
export const HookRunPage = Type.Object({ items: Type.Array(HookRun), nextCursor: Nullable(Type.String()) });
export const HookRunQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);

export type Mitigation = Static<typeof Mitigation>;
export type MitigationCommands = Static<typeof MitigationCommands>;
export type MitigationEvent = Static<typeof MitigationEvent>;
export type HookRun = Static<typeof HookRun>;
export type Preview = Static<typeof Preview>;
