import assert from 'node:assert/strict';
import { call } from '../../test/helpers/app.ts';
import { type OncallHarness, oncallHarness, orgWithResponders } from './testing.ts';

type Org = Awaited<ReturnType<typeof orgWithResponders>>;

/** An org with an owner, two responders (ann, bob) and a viewer, for the REST API tests. */
export async function openApiFixture() {
  const h: OncallHarness = await oncallHarness({ worker: false });
  const org: Org = await orgWithResponders(h.app);
  const ann = await org.add('ann');
  const bob = await org.add('bob');
  const viewer = await org.add('vic', 'viewer');
  const base = `/api/v1/orgs/${org.owner.orgId}`;
  const post = (url: string, body: unknown, auth = org.owner.auth) =>
    call(h.app, { method: 'POST', url: `${base}${url}`, body, auth });
  const expect400 = async (url: string, body: unknown, pattern: RegExp) => {
    const res = await post(url, body);
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error.message, pattern);
  };
  const layer = (members: string[], extra: Record<string, unknown> = {}) => ({
    name: 'primary',
    rotation: 'weekly',
    handoffTime: '09:00',
    startDate: '2026-01-05',
    members,
    ...extra,
  });
  return { h, org, ann, bob, viewer, base, post, expect400, layer };
}

export type ApiFixture = Awaited<ReturnType<typeof openApiFixture>>;
