import { newSecret, safeEqual, sha256 } from '../platform/auth/secrets.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal } from '../policy/index.ts';
import { presentIntegration } from './presenters.ts';
import * as store from './store/config.ts';

/**
 * Integration keys: `swi_<12-char prefix><secret>`. The prefix (not secret) finds the row; the
 * SHA-256 of the whole key is compared in constant time. Only the hash is stored; the key is
 * shown once, on creation and rotation.
 */
export const KEY_PREFIX = 'swi_';
const PREFIX_LENGTH = KEY_PREFIX.length + 12;
const KEY_SHAPE = /^swi_[A-Za-z0-9_-]{40,80}$/;

function newKey() {
  const key = `${KEY_PREFIX}${newSecret(32)}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), keyHash: sha256(key) };
}

export async function createIntegration(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: { name: string; kind: string },
) {
  const k = newKey();
  return p.db.tx(async (q) => {
    const row = await store.insertIntegration(q, {
      orgId,
      name: input.name,
      kind: input.kind,
      prefix: k.prefix,
      keyHash: k.keyHash,
      createdBy: actorIds(principal).userId,
    });
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'oncall.integration_created',
        targetType: 'integration',
        targetId: row.id,
        details: { kind: input.kind },
      },
      q,
    );
    return { integration: presentIntegration(row), key: k.key };
  });
}

export async function rotateIntegration(p: Platform, principal: Principal, orgId: string, id: string) {
  const k = newKey();
  return p.db.tx(async (q) => {
    const row = await store.rotateIntegration(q, orgId, id, k.prefix, k.keyHash);
    if (!row) throw new AppError('not_found', 'No such active integration.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.integration_rotated', targetType: 'integration', targetId: id },
      q,
    );
    return { integration: presentIntegration(row), key: k.key };
  });
}

export async function revokeIntegration(p: Platform, principal: Principal, orgId: string, id: string) {
  const row = await store.revokeIntegration(p.db, orgId, id);
  if (!row) throw new AppError('not_found', 'No such integration.');
  await p.audit.record({
    orgId,
    principal,
    action: 'oncall.integration_revoked',
    targetType: 'integration',
    targetId: id,
  });
}

export const listIntegrations = async (p: Platform, orgId: string) =>
  (await store.listIntegrations(p.db, orgId)).map(presentIntegration);

/** The active integration a key belongs to, or undefined; never says why a key is wrong. */
export async function authenticateKey(p: Platform, key: unknown, kind: 'pagerduty' | 'alertmanager') {
  if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return undefined;
  const row = await store.integrationByPrefix(p.db, key.slice(0, PREFIX_LENGTH));
  const hash = sha256(key);
  // Compare even when no row was found, so a miss and a wrong key take the same time.
  const ok = safeEqual(hash, row?.key_hash ?? sha256(`${key}-miss`));
  if (!row || !ok || row.revoked_at || row.kind !== kind) return undefined;
  store
    .touchIntegration(p.db, row.id)
    .catch((err) => p.log.warn({ err }, 'could not record integration use'));
  return row;
}
