import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Ip = Type.String({ minLength: 2, maxLength: 45 });
const PrefixText = Type.String({ minLength: 4, maxLength: 49 });
const Vector = Type.String({ pattern: '^[a-z0-9_]{1,64}$' });
const Tlp = Type.Enum(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);

export const Reflector = Type.Object({ address: Ip, port: Port }, strict);
export type Reflector = Static<typeof Reflector>;

/** The shareable part of an indicator: what an attack looked like, and nothing about the victim beyond `target`. */
export const IndicatorContent = Type.Object(
  {
    vector: Vector,
    protocol: Nullable(Type.Enum(['udp', 'tcp', 'icmp'])),
    sourcePorts: Type.Array(Port, { maxItems: 16 }),
    destinationPorts: Type.Array(Port, { maxItems: 16 }),
    tcpFlags: Nullable(Type.Integer({ minimum: 0, maximum: 255 })),
    sourcePrefixes: Type.Array(PrefixText, { maxItems: 50, description: 'Only when not spoofed' }),
    reflectors: Type.Array(Reflector, { maxItems: 100, description: 'Amplification vectors' }),
    target: Nullable(PrefixText),
    targetAnonymisation: Type.Enum(['exact', 'generalise', 'hide']),
    peakPps: Type.Number({ minimum: 0 }),
    peakBps: Type.Number({ minimum: 0 }),
    firstSeen: Time,
    lastSeen: Time,
    confidence: Type.Integer({ minimum: 0, maximum: 100 }),
    summary: Type.String({ maxLength: 200, description: 'e.g. "NTP amplification, 38 Gbps"' }),
  },
  strict,
);
export type IndicatorContent = Static<typeof IndicatorContent>;

const OrgRef = Type.Object({ id: Uuid, handle: Type.String(), name: Type.String() });

export const Indicator = Type.Object({
  id: Uuid,
  org: OrgRef,
  origin: Type.Enum(['attack', 'manual']),
  attackId: Nullable(Type.String()),
  state: Type.Enum(['proposed', 'shared', 'rejected', 'withdrawn']),
  ...IndicatorContent.properties,
  tlp: Tlp,
  recipientOrgIds: Type.Array(Uuid),
  recipientUserIds: Type.Array(Uuid),
  spaceId: Nullable(Uuid),
  caseId: Nullable(Uuid),
  shareError: Nullable(Type.String()),
  expiresAt: Time,
  active: Type.Boolean({ description: 'Shared, not withdrawn and not expired' }),
  attackEndedAt: Nullable(Time),
  sharedAt: Nullable(Time),
  withdrawnAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
});
export type Indicator = Static<typeof Indicator>;
export const IndicatorPage = Type.Object({
  items: Type.Array(Indicator),
  nextCursor: Nullable(Type.String()),
});

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const IndicatorParams = Type.Object({ orgId: Uuid, indicatorId: Uuid }, strict);
export const IndicatorListQuery = Type.Object(
  {
    scope: Type.Optional(Type.Enum(['own', 'peers', 'all'])),
    state: Type.Optional(Type.Enum(['proposed', 'shared', 'rejected', 'withdrawn'])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);

/** Writing an indicator by hand: the signature; label and space default to the org's policy. */
export const IndicatorInput = Type.Object(
  {
    vector: Vector,
    protocol: Type.Optional(Nullable(Type.Enum(['udp', 'tcp', 'icmp']))),
    sourcePorts: Type.Optional(Type.Array(Port, { maxItems: 16 })),
    destinationPorts: Type.Optional(Type.Array(Port, { maxItems: 16 })),
    tcpFlags: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 255 }))),
    sourcePrefixes: Type.Optional(Type.Array(PrefixText, { maxItems: 50 })),
    reflectors: Type.Optional(Type.Array(Reflector, { maxItems: 100 })),
    target: Type.Optional(Nullable(PrefixText)),
    peakPps: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15 })),
    peakBps: Type.Optional(Type.Number({ minimum: 0, maximum: 1e18 })),
    firstSeen: Type.Optional(Time),
    lastSeen: Type.Optional(Time),
    confidence: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    summary: Type.String({ minLength: 1, maxLength: 200 }),
    tlp: Type.Optional(Type.String({ maxLength: 20 })),
    recipientOrgIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
    recipientUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
    spaceId: Type.Optional(Uuid),
    expiresAt: Type.Optional(Time),
  },
  strict,
);
export type IndicatorInput = Static<typeof IndicatorInput>;

export const DecisionInput = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, strict);

export const PolicyFields = {
  mode: Type.Enum(['off', 'propose', 'automatic']),
  spaceId: Nullable(Uuid),
  defaultTlp: Tlp,
  recipientOrgIds: Type.Array(Uuid, { maxItems: 50 }),
  recipientUserIds: Type.Array(Uuid, { maxItems: 50 }),
  anonymisation: Type.Enum(['exact', 'generalise', 'hide']),
  minConfidence: Type.Integer({ minimum: 0, maximum: 100 }),
  expiryHours: Type.Integer({ minimum: 1, maximum: 8760 }),
  peerMode: Type.Enum(['off', 'flag', 'propose', 'automatic']),
};
export const SharingPolicy = Type.Object({ ...PolicyFields, updatedAt: Nullable(Time) });
export type SharingPolicy = Static<typeof SharingPolicy>;
export const SharingPolicyInput = Type.Object(
  Object.fromEntries(Object.entries(PolicyFields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof typeof PolicyFields]: ReturnType<typeof Type.Optional<(typeof PolicyFields)[K]>>;
  },
  strict,
);
export type SharingPolicyInput = Static<typeof SharingPolicyInput>;

export const PeerReflectors = Type.Object({
  items: Type.Array(
    Type.Object({
      vector: Type.String(),
      address: Type.String(),
      port: Type.Integer(),
      indicatorIds: Type.Array(Uuid),
      sourceOrgIds: Type.Array(Uuid),
      expiresAt: Time,
    }),
  ),
});

export const MatchList = Type.Object({
  items: Type.Array(
    Type.Object({
      attackId: Type.String(),
      target: Type.String(),
      matches: Type.Array(
        Type.Object({
          address: Type.String(),
          port: Type.Integer(),
          vector: Type.String(),
          indicatorId: Uuid,
        }),
      ),
      mitigationId: Nullable(Uuid),
      createdAt: Time,
    }),
  ),
});
