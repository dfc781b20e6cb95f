/**
 * Collective defense: attack indicators derived from detection's attacks or written by hand,
 * shared into consortium spaces under TLP by each org's policy, used by peers' detection and
 * mitigation, exported as STIX 2.1 and served over TAXII 2.1. See README.md in this folder.
 */
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.ts';
import { intelModule as restModule } from './routes.ts';
import { taxiiRoutes } from './taxii/routes.ts';

export { activePeerReflectors, matchReflectors, type PeerReflector } from './peers.ts';
export { type IntelRunner, startIntel } from './subscriber.ts';

/** REST under /api/v1 and TAXII 2.1 under /taxii2 (registered once, without a prefix). */
export const intelModule = (p: Platform) => async (app: FastifyInstance) => {
  await app.register(restModule(p), { prefix: '/api/v1' });
  await app.register(taxiiRoutes(p), { prefix: '/taxii2' });
};
