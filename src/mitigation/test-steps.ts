import assert from 'node:assert/strict';
import { type Auth, call } from '../../test/helpers/app.ts';
import type { Mitigation, MitigationEvent } from './schemas.ts';
import type { MitigationTestApp } from './test-app.ts';
import { eventually } from './testing.ts';

/** API steps shared by the mitigation integration tests. */
export function steps(t: MitigationTestApp, auth: Auth, orgId: string) {
  const base = `/api/v1/orgs/${orgId}`;
  return {
    async settings(body: Record<string, unknown>) {
      const res = await call(t.app, { method: 'PUT', url: `${base}/mitigation/settings`, body, auth });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    },
    async list(query = ''): Promise<Mitigation[]> {
      const res = await call(t.app, { url: `${base}/mitigations${query}`, auth });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items;
    },
    async get(id: string): Promise<Mitigation & { events: MitigationEvent[] }> {
      const res = await call(t.app, { url: `${base}/mitigations/${id}`, auth });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    },
    /** Without `body` the POST has no body at all. */
    act(id: string, action: 'approve' | 'reject' | 'withdraw', body?: unknown) {
      return call(t.app, {
        method: 'POST',
        url: `${base}/mitigations/${id}/${action}`,
        auth,
        ...(body === undefined ? {} : { body }),
      });
    },
    /** The attack's mitigation once it reaches `state`. */
    async reach(attackId: string, state: Mitigation['state'], timeoutMs = 8000) {
      return eventually(
        async () => {
          const m = (await this.list()).find((x) => x.attackId === attackId);
          if (
            m &&
            m.state !== state &&
            ['failed', 'withdraw_failed'].includes(m.state) &&
            state !== m.state
          ) {
            throw new Error(`ended up ${m.state}: ${m.error}`);
          }
          return m?.state === state ? m : undefined;
        },
        `mitigation of ${attackId} to be ${state}`,
        timeoutMs,
      );
    },
  };
}

export const kinds = (m: { events: MitigationEvent[] }) => m.events.map((e) => e.kind);
