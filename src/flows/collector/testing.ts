// Test support for the collect role: an app on the test engines with the collect role on
// loopback ports chosen by the kernel, and the attack events the bus carried.

import { createTestApp, setupFirstOrg, type TestApp } from '../../../test/helpers/app.ts';
import { type CollectRole, startCollectRole } from '../../detection/collect-role.ts';
import type { Attack } from '../../detection/schemas.ts';
import type { DetectionConfig } from '../../platform/config/schema.ts';

export interface AttackEvent {
  type: string;
  orgId: string | null;
  tlp: string;
  atMs: number;
  attack: Attack;
}

export interface CollectHarness {
  t: TestApp;
  role: CollectRole;
  orgId: string;
  auth: Awaited<ReturnType<typeof setupFirstOrg>>['auth'];
  events: AttackEvent[];
  /** Resolves with the first event matching `pred` (past or future), rejects after timeoutMs. */
  waitFor(pred: (e: AttackEvent) => boolean, timeoutMs?: number): Promise<AttackEvent>;
  close(): Promise<void>;
}

export async function startCollectHarness(
  detection: Partial<DetectionConfig>,
  workers = 2,
): Promise<CollectHarness> {
  const t = await createTestApp({
    collectorAddress: '127.0.0.1',
    netflowPort: 0,
    sflowPort: 0,
    collectorWorkers: workers,
    collectorRecvBufferBytes: 4 * 1024 * 1024,
    collectorOrg: 'acme',
    detection: detection as DetectionConfig,
  });
  const { orgId, auth } = await setupFirstOrg(t.app, 'acme');
  const events: AttackEvent[] = [];
  const waiters = new Set<() => void>();
  const unsubscribe = t.platform.bus.subscribe((e) => {
    if (!e.type.startsWith('attack.')) return;
    events.push({ type: e.type, orgId: e.orgId, tlp: e.tlp, atMs: Date.now(), attack: e.data as Attack });
    for (const w of waiters) w();
  });
  const role = await startCollectRole(t.platform, { persistIntervalMs: 500 });
  return {
    t,
    role,
    orgId,
    auth,
    events,
    waitFor(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching attack event in ${timeoutMs} ms; saw: ${events.map((e) => `${e.type} ${e.attack.target} ${e.attack.classification}`).join('; ') || 'none'}; exporters: ${JSON.stringify(role.collector.exporters())}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      unsubscribe();
      await role.close();
      await t.close();
    },
  };
}
