import { randomUUID } from 'node:crypto';
import type { Tlp } from '../../policy/index.ts';
import { tlpMarking, tlpOfMarking } from './markings.ts';
import type { StixObject } from './objects.ts';

/**
 * A STIX 2.1 bundle of `objects` plus the TLP marking definitions they refer to (each once).
 * The bundle id is fresh per export (a bundle is a transport envelope, not content).
 */
export function bundleOf(objects: readonly StixObject[]) {
  const byId = new Map<string, StixObject>();
  for (const o of objects) byId.set(o.id, o);
  const used = new Set<Tlp>();
  for (const o of byId.values()) {
    for (const ref of (o.object_marking_refs as string[] | undefined) ?? []) {
      const tlp = tlpOfMarking(ref);
      if (tlp) used.add(tlp);
    }
  }
  const markings = [...used].map((t) => tlpMarking(t) as unknown as StixObject);
  return { type: 'bundle' as const, id: `bundle--${randomUUID()}`, objects: [...markings, ...byId.values()] };
}
