import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The part of the detection engine's attack that mitigation reads, as published on the bus
 * (`attack.started|updated|ended`). Declared here rather than imported, so that this module
 * depends on the event's shape, not on detection's code. Unknown fields are allowed (the
 * engine may add more); the fields read here are type-checked and bounded.
 */
const Rate = Type.Number({ minimum: 0, maximum: 1e15 });
const Text = (maxLength: number) => Type.String({ maxLength });

export const AttackInput = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  orgId: Type.Optional(Text(64)),
  scope: Type.Optional(Type.Union([Type.Literal('host'), Type.Literal('prefix')])),
  target: Type.String({ minLength: 1, maxLength: 64, description: 'Victim address (IPv4 or IPv6)' }),
  prefix: Type.Optional(Type.Union([Text(64), Type.Null()])),
  hostgroup: Type.Optional(Type.Union([Text(200), Type.Null()])),
  direction: Type.Optional(Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')])),
  classification: Type.Optional(Text(200)),
  vectors: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 32 }),
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')])),
  startedAt: Type.Optional(Text(64)),
  updatedAt: Type.Optional(Text(64)),
  endedAt: Type.Optional(Type.Union([Text(64), Type.Null()])),
  current: Type.Optional(Type.Object({ pps: Rate, bps: Rate, flowsPerSec: Type.Optional(Rate) })),
  peak: Type.Optional(Type.Object({ pps: Rate, bps: Rate })),
  breakdown: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.Object({ pps: Rate, bps: Rate }), { maxProperties: 64 }),
  ),
  topSources: Type.Optional(Type.Array(Type.Object({ address: Text(64), pps: Rate }), { maxItems: 100 })),
  topSourcePorts: Type.Optional(
    Type.Array(Type.Object({ port: Type.Integer({ minimum: 0, maximum: 65535 }), pps: Rate }), {
      maxItems: 100,
    }),
  ),
  topDestinationPorts: Type.Optional(
    Type.Array(Type.Object({ port: Type.Integer({ minimum: 0, maximum: 65535 }), pps: Rate }), {
      maxItems: 100,
    }),
  ),
  spoofing: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')])),
});
export type AttackInput = Static<typeof AttackInput>;

/** An attack with every field mitigation reads filled in. */
export interface Attack {
  id: string;
  scope: 'host' | 'prefix';
  target: string;
  prefix: string | null;
  direction: 'incoming' | 'outgoing';
  classification: string;
  vectors: string[];
  state: 'active' | 'ended';
  endedAt: string | null;
  peak: { pps: number; bps: number };
  breakdown: Record<string, { pps: number; bps: number }>;
  topSources: Array<{ address: string; pps: number }>;
  topSourcePorts: Array<{ port: number; pps: number }>;
  topDestinationPorts: Array<{ port: number; pps: number }>;
  spoofing: 'low' | 'medium' | 'high';
}

/** Fills defaults; unknown spoofing counts as high, so source-based rules are never guessed. */
export function normaliseAttack(a: AttackInput, fallbackId = 'preview'): Attack {
  return {
    id: a.id ?? fallbackId,
    scope: a.scope ?? 'host',
    target: a.target,
    prefix: a.prefix ?? null,
    direction: a.direction ?? 'incoming',
    classification: a.classification ?? a.vectors.join('+'),
    vectors: a.vectors,
    state: a.state ?? 'active',
    endedAt: a.endedAt ?? null,
    peak: a.peak ?? a.current ?? { pps: 0, bps: 0 },
    breakdown: a.breakdown ?? {},
    topSources: a.topSources ?? [],
    topSourcePorts: a.topSourcePorts ?? [],
    topDestinationPorts: a.topDestinationPorts ?? [],
    spoofing: a.spoofing ?? 'high',
  };
}

export const ATTACK_EVENTS = ['attack.started', 'attack.updated', 'attack.ended'] as const;
export type AttackEventType = (typeof ATTACK_EVENTS)[number];
export const isAttackEvent = (type: string): type is AttackEventType =>
  (ATTACK_EVENTS as readonly string[]).includes(type);

/** The attack carried by a bus event, or null when it does not have the expected shape. */
export function attackFromEvent(data: unknown): (Attack & { raw: AttackInput }) | null {
  if (!Value.Check(AttackInput, data)) return null;
  const input = data as AttackInput;
  if (!input.id) return null;
  return { ...normaliseAttack(input), raw: input };
}
