import { incidentDetail } from '../oncall/incident-queries.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { gatherAttackFacts } from './gather.ts';
import { buildSteps } from './steps.ts';

const ATTACK_KEY = /^attack:([0-9a-f-]{36})$/i;

/** One attack's end-to-end timeline; 404 unless the reader may see the attack (src/policy). */
export async function attackTimeline(p: Platform, principal: Principal, orgId: string, attackId: string) {
  const { attack, incidentId, facts } = await gatherAttackFacts(p, principal, orgId, attackId);
  return {
    attackId: attack.id,
    incidentId,
    target: attack.target,
    classification: attack.classification,
    state: attack.state,
    steps: buildSteps(facts),
  };
}

/** The same timeline reached from the on-call incident that detection opened for the attack. */
export async function incidentTimeline(p: Platform, principal: Principal, orgId: string, incidentId: string) {
  const { incident } = await incidentDetail(p, orgId, incidentId);
  const attackId = ATTACK_KEY.exec(incident.dedupKey)?.[1];
  if (!attackId) throw new AppError('not_found', 'This incident was not opened for a detected attack.');
  return attackTimeline(p, principal, orgId, attackId);
}
