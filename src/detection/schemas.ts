import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const Rate = Type.Object({ pps: Type.Number(), bps: Type.Number() });

export const AttacksParams = Type.Object({ orgId: Uuid }, strict);
export const AttackParams = Type.Object({ orgId: Uuid, attackId: Uuid }, strict);
export const AttacksQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);

export const SampleFlow = Type.Object({
  src: Type.String(),
  dst: Type.String(),
  protocol: Type.Integer(),
  srcPort: Type.Integer(),
  dstPort: Type.Integer(),
  tcpFlags: Type.Integer(),
  icmpType: Type.Union([Type.Integer(), Type.Null()]),
  fragment: Type.Boolean(),
  packets: Type.Number(),
  bytes: Type.Number(),
  samplingRate: Type.Number(),
});

export const CrossedLimit = Type.Object({
  pps: Type.Optional(Type.Number()),
  bps: Type.Optional(Type.Number()),
  flowsPerSec: Type.Optional(Type.Number()),
  baseline: Type.Optional(Type.Boolean()),
});

/** The attack as the API, the bus (`attack.*` events) and other modules see it. */
export const Attack = Type.Object({
  id: Uuid,
  orgId: Type.Union([Uuid, Type.Null()]),
  scope: Type.Union([Type.Literal('host'), Type.Literal('prefix')]),
  target: Type.String({ description: 'Victim address (the prefix network address when scope is prefix)' }),
  prefix: Type.Union([Type.String(), Type.Null()], { description: 'Hostgroup prefix containing the target' }),
  hostgroup: Type.Union([Type.String(), Type.Null()]),
  direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
  classification: Type.String({ description: 'e.g. "UDP amplification: NTP", "TCP SYN flood", "mixed: …"' }),
  vectors: Type.Array(Type.String(), {
    description: 'total, udp, amplification, tcp, tcp_syn, icmp, fragments, amp_<reflector> (amp_ntp …)',
  }),
  state: Type.Union([Type.Literal('active'), Type.Literal('ended')]),
  startedAt: Time,
  updatedAt: Time,
  endedAt: Type.Union([Time, Type.Null()]),
  detectedAt: Time,
  firstSeenAt: Type.String({
    format: 'date-time',
    description: 'First datagram that counted toward the attack',
  }),
  current: Type.Object({ pps: Type.Number(), bps: Type.Number(), flowsPerSec: Type.Number() }),
  peak: Rate,
  breakdown: Type.Record(Type.String(), Rate, {
    description:
      'Per-vector rates the last time the attack was above its limits (the samples carry the rest)',
  }),
  topSources: Type.Array(Type.Object({ address: Type.String(), pps: Type.Number() })),
  topSourcePorts: Type.Array(Type.Object({ port: Type.Integer(), pps: Type.Number() })),
  topDestinationPorts: Type.Array(Type.Object({ port: Type.Integer(), pps: Type.Number() })),
  topSourceAsns: Type.Array(Type.Object({ asn: Type.Integer(), pps: Type.Number() })),
  sampleFlows: Type.Array(SampleFlow),
  spoofing: Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]),
  thresholds: Type.Record(Type.String(), CrossedLimit),
});
export type Attack = Static<typeof Attack>;

export const TrafficSample = Type.Object({
  at: Time,
  vector: Type.String(),
  pps: Type.Number(),
  bps: Type.Number(),
});
export const AttackWithSamples = Type.Object({
  ...Attack.properties,
  samples: Type.Array(TrafficSample, { description: 'Per second and vector, oldest first (for the graph)' }),
});
export type AttackWithSamples = Static<typeof AttackWithSamples>;

export const AttackPage = Type.Object({
  items: Type.Array(Attack),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const Count = Type.Number();
export const Exporter = Type.Object({
  address: Type.String(),
  protocol: Type.Union([Type.String(), Type.Null()]),
  datagrams: Count,
  records: Count,
  malformed: Count,
  malformedByReason: Type.Record(Type.String(), Count),
  sequenceGaps: Count,
  lost: Count,
  templateMisses: Count,
  templatesLearned: Count,
  lastSeenAt: Type.Union([Time, Type.Null()]),
});
export const Collector = Type.Object({
  name: Type.String(),
  address: Type.String(),
  netflowPort: Type.Integer(),
  sflowPort: Type.Integer(),
  workers: Type.Integer(),
  reusePort: Type.Boolean(),
  recvBufferBytes: Type.Integer(),
  activeHosts: Type.Integer(),
  bytesPerHost: Type.Integer(),
  activeAttacks: Type.Integer(),
  startedAt: Time,
  updatedAt: Time,
  exporters: Type.Array(Exporter),
});
export const CollectorList = Type.Object({ items: Type.Array(Collector) });
export type Collector = Static<typeof Collector>;
