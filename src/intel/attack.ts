import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The part of detection's attack (the `attack.*` bus events' data) that indicators are derived
 * from. Declared here rather than imported, so this module depends on the event's shape, not
 * on detection's code; unknown fields are allowed, the ones read are typed and bounded.
 */
const Rate = Type.Number({ minimum: 0, maximum: 1e18 });
const Text = (maxLength: number) => Type.String({ maxLength });
const PortRate = Type.Object({ port: Type.Integer({ minimum: 0, maximum: 65535 }), pps: Rate });

export const AttackData = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  scope: Type.Optional(Type.Union([Type.Literal('host'), Type.Literal('prefix')])),
  target: Type.String({ minLength: 2, maxLength: 64 }),
  prefix: Type.Optional(Type.Union([Text(64), Type.Null()])),
  direction: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])),
  classification: Type.Optional(Text(200)),
  vectors: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 64 }),
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')])),
  startedAt: Type.String({ maxLength: 64 }),
  updatedAt: Type.Optional(Text(64)),
  endedAt: Type.Optional(Type.Union([Text(64), Type.Null()])),
  firstSeenAt: Type.Optional(Text(64)),
  peak: Type.Optional(Type.Object({ pps: Rate, bps: Rate })),
  breakdown: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.Object({ pps: Rate, bps: Rate })),
  ),
  topSources: Type.Optional(Type.Array(Type.Object({ address: Text(64), pps: Rate }), { maxItems: 200 })),
  topSourcePorts: Type.Optional(Type.Array(PortRate, { maxItems: 200 })),
  topDestinationPorts: Type.Optional(Type.Array(PortRate, { maxItems: 200 })),
  spoofing: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
});
export type AttackData = Static<typeof AttackData>;

export const ATTACK_EVENTS = ['attack.started', 'attack.updated', 'attack.ended'] as const;
export type AttackEventType = (typeof ATTACK_EVENTS)[number];
export const isAttackEvent = (t: string): t is AttackEventType =>
  (ATTACK_EVENTS as readonly string[]).includes(t);

/** The attack in a bus event, or null when it lacks the expected shape. */
export const attackOf = (data: unknown): AttackData | null => (Value.Check(AttackData, data) ? data : null);
