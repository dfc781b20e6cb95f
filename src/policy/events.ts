import type { BusEvent } from '../platform/bus/bus.ts';
import { canRead } from './index.ts';
import type { Principal } from './principal.ts';

/**
 * Whether a principal may receive a bus event (live stream, notifications). An event is
 * labelled content like any other: its TLP, owning org and audience go through `canRead`.
 */
export const canSeeEvent = (p: Principal, event: Pick<BusEvent, 'tlp' | 'orgId' | 'audience'>): boolean =>
  canRead(p, { tlp: event.tlp, orgId: event.orgId, ...event.audience });
