import { type Static, Type } from 'typebox';
import { ATTACK_EVENTS } from './attack.ts';
import { MAX_RATE_LIMIT, MIN_RATE_LIMIT } from './rules.ts';

/** Per-organisation mitigation settings, stored as one JSON document and edited by admins. */
const strict = { additionalProperties: false } as const;
const AbsPath = Type.String({ minLength: 2, maxLength: 1024, pattern: '^/[^\\u0000\\r\\n]*$' });
const Arg = Type.String({ maxLength: 1024, pattern: '^[^\\u0000]*$' });
const Argv = Type.Array(Arg, {
  minItems: 1,
  maxItems: 32,
  description: 'Program and fixed arguments; no shell',
});
const TimeoutMs = Type.Integer({ minimum: 100, maximum: 60_000 });
const IpText = Type.String({ minLength: 2, maxLength: 45 });

export const DriverSettings = Type.Union([
  Type.Object({ kind: Type.Literal('log') }, { ...strict, description: 'Dry run: record and log only' }),
  Type.Object(
    { kind: Type.Literal('exabgp'), fifo: AbsPath },
    { ...strict, description: 'ExaBGP command FIFO' },
  ),
  Type.Object(
    { kind: Type.Literal('exabgp-process'), argv: Argv },
    { ...strict, description: "A long-running process whose stdin feeds ExaBGP's text API" },
  ),
  Type.Object(
    {
      kind: Type.Literal('gobgp'),
      binary: AbsPath,
      host: Type.Optional(IpText),
      port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
      timeoutMs: Type.Optional(TimeoutMs),
    },
    { ...strict, description: 'The gobgp CLI against a gobgpd API' },
  ),
  Type.Object(
    { kind: Type.Literal('exec'), argv: Argv, timeoutMs: Type.Optional(TimeoutMs) },
    { ...strict, description: 'A program that gets the action as JSON on stdin' },
  ),
]);
export type DriverSettings = Static<typeof DriverSettings>;

const HookId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' });
const HookEvents = Type.Array(Type.Enum(ATTACK_EVENTS), {
  minItems: 1,
  maxItems: 3,
  uniqueItems: true,
});
const HookUrl = Type.String({ maxLength: 2048, pattern: '^https?://' });
const Secret = Type.String({ minLength: 16, maxLength: 200 });

export const ExecHook = Type.Object(
  {
    id: HookId,
    kind: Type.Literal('exec'),
    argv: Argv,
    events: HookEvents,
    timeoutMs: Type.Optional(TimeoutMs),
  },
  strict,
);
const webhookFields = {
  id: HookId,
  kind: Type.Literal('webhook'),
  url: HookUrl,
  events: HookEvents,
  timeoutMs: Type.Optional(TimeoutMs),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
};
export const Webhook = Type.Object({ ...webhookFields, secret: Secret }, strict);
/** On input the secret may be left out to keep the one already stored for this hook id. */
export const WebhookInput = Type.Object({ ...webhookFields, secret: Type.Optional(Secret) }, strict);
/** On output the secret is never shown. */
export const WebhookView = Type.Object({ ...webhookFields, hasSecret: Type.Boolean() }, strict);
export type ExecHook = Static<typeof ExecHook>;
export type Webhook = Static<typeof Webhook>;
export type Hook = ExecHook | Webhook;

const Mode = Type.Union([Type.Literal('off'), Type.Literal('propose'), Type.Literal('automatic')], {
  description: 'off; propose (a person approves); automatic',
});

const flowspecFields = {
  enabled: Type.Boolean(),
  action: Type.Union([Type.Literal('discard'), Type.Literal('rate-limit')]),
  rateLimitBytesPerSecond: Type.Integer({ minimum: MIN_RATE_LIMIT, maximum: MAX_RATE_LIMIT }),
  maxRules: Type.Integer({ minimum: 1, maximum: 32, description: 'FlowSpec rules per attack' }),
  maxPorts: Type.Integer({ minimum: 1, maximum: 16, description: 'Ports matched by one rule' }),
  maxSourceRules: Type.Integer({
    minimum: 0,
    maximum: 16,
    description: 'Source-prefix rules (unspoofed floods)',
  }),
};
const rtbhFields = {
  enabled: Type.Boolean({ description: 'Blackholes the victim: only with explicit opt-in' }),
  nextHopV4: Type.Union([IpText, Type.Null()]),
  nextHopV6: Type.Union([IpText, Type.Null()]),
  communities: Type.Array(Type.String({ maxLength: 11 }), { minItems: 1, maxItems: 8 }),
  minBps: Type.Union([Type.Number({ minimum: 0, maximum: 1e15 }), Type.Null()], {
    description:
      'Also blackhole (besides FlowSpec) when the peak reaches this; null: only when FlowSpec has no rule',
  }),
};
const AllowEntry = Type.Object(
  {
    prefix: Type.String({ maxLength: 49 }),
    allowFlowspec: Type.Boolean({ description: 'FlowSpec may still filter traffic to it (never RTBH)' }),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);

const common = {
  mode: Mode,
  driver: DriverSettings,
  allowList: Type.Array(AllowEntry, { maxItems: 1000 }),
  maxActiveAnnouncements: Type.Integer({ minimum: 1, maximum: 10_000 }),
  holdSeconds: Type.Number({
    minimum: 0,
    maximum: 604_800,
    description: 'Withdraw this long after the attack ends',
  }),
  maxLifetimeSeconds: Type.Number({
    minimum: 1,
    maximum: 2_592_000,
    description: 'Hard limit per announcement',
  }),
  hookUpdateIntervalSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
};

export const Settings = Type.Object(
  {
    ...common,
    flowspec: Type.Object(flowspecFields, strict),
    rtbh: Type.Object(rtbhFields, strict),
    hooks: Type.Array(Type.Union([ExecHook, Webhook]), { maxItems: 20 }),
  },
  strict,
);
export type Settings = Static<typeof Settings>;

const optional = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
  };

/** PUT body: a whole new document; anything left out takes its default. */
export const SettingsInput = Type.Object(
  {
    ...optional(common),
    flowspec: Type.Optional(Type.Object(optional(flowspecFields), strict)),
    rtbh: Type.Optional(Type.Object(optional(rtbhFields), strict)),
    hooks: Type.Optional(Type.Array(Type.Union([ExecHook, WebhookInput]), { maxItems: 20 })),
  },
  strict,
);
export type SettingsInput = Static<typeof SettingsInput>;

export const SettingsView = Type.Object(
  {
    ...common,
    flowspec: Type.Object(flowspecFields, strict),
    rtbh: Type.Object(rtbhFields, strict),
    hooks: Type.Array(Type.Union([ExecHook, WebhookView])),
    updatedAt: Type.Union([Type.String(), Type.Null()]),
  },
  strict,
);
export type SettingsView = Static<typeof SettingsView>;

export const DEFAULT_SETTINGS: Settings = {
  mode: 'propose',
  driver: { kind: 'log' },
  flowspec: {
    enabled: true,
    action: 'discard',
    rateLimitBytesPerSecond: 125_000,
    maxRules: 8,
    maxPorts: 4,
    maxSourceRules: 4,
  },
  rtbh: { enabled: false, nextHopV4: null, nextHopV6: null, communities: ['65535:666'], minBps: null },
  allowList: [],
  maxActiveAnnouncements: 100,
  holdSeconds: 300,
  maxLifetimeSeconds: 86_400,
  hookUpdateIntervalSeconds: 60,
  hooks: [],
};
