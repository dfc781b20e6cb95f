import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type Auth, call, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import type { OrgRole } from '../policy/roles.ts';
import {
  addPerson,
  createCoordinationApp,
  join,
  must,
  newOrg,
  newToken,
  type Person,
} from '../spaces/testing.ts';
import { OSV_WITH_ALIASES } from './import-fixtures.ts';

/**
 * Every coordination endpoint × org role (as a person and as an API token) × own org (alpha,
 * the space's founder) / other org (bravo, not in the space). Expectations are written here by
 * hand: in the space, org viewers observe, other roles are members, and alpha's owner (who
 * created the space) is its only admin; tokens are never admins and never "the source".
 */
type Min =
  | 'signedIn' // any signed-in caller
  | 'orgAdmin' // the route's :orgId, admin or owner
  | 'observer' // any member of the space
  | 'member' // space member, not observer
  | 'spaceAdmin'
  | 'sourcePerson'; // a person who is the author or an admin of the source org
interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  min: Min;
  ok: number;
  peopleOnly?: boolean;
  /** What a caller from an org outside the space gets (list routes answer an empty 200). */
  other?: number;
  /** Only the author of the fixture post (alpha's owner). */
  authorOnly?: boolean;
  prepare?: () => Promise<{ body?: unknown; params?: Record<string, string> }>;
}

let t: TestApp;
let owner: Person;
let alpha: string;
let bravo: { orgId: string; owner: Person };
let echo: { orgId: string; owner: Person };
const ids: Record<string, string> = {};
const people = new Map<OrgRole, Auth>();
const tokens = new Map<OrgRole, Auth>();
const others = new Map<OrgRole, Auth>();
const otherTokens = new Map<OrgRole, Auth>();
const ROLES: OrgRole[] = ['viewer', 'responder', 'admin', 'owner'];
const RANK: Record<OrgRole, number> = { viewer: 0, responder: 1, admin: 2, owner: 3 };
let n = 0;

const freshPost = async () =>
  (await must(t, owner.auth, 'POST', `/cases/${ids.caseId}/posts`, { body: `p${n++}`, tlp: 'GREEN' })).id;
const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    path: '/orgs/{orgId}/spaces',
    min: 'orgAdmin',
    peopleOnly: true,
    ok: 201,
    prepare: async () => ({ body: { name: 'x' } }),
  },
  { method: 'GET', path: '/spaces', min: 'signedIn', ok: 200 },
  { method: 'GET', path: '/spaces/{spaceId}', min: 'observer', ok: 200 },
  {
    method: 'PATCH',
    path: '/spaces/{spaceId}',
    min: 'spaceAdmin',
    ok: 200,
    prepare: async () => ({ body: { description: 'd' } }),
  },
  { method: 'GET', path: '/spaces/{spaceId}/orgs', min: 'observer', ok: 200 },
  {
    method: 'DELETE',
    path: '/spaces/{spaceId}/orgs/{memberOrgId}',
    min: 'spaceAdmin',
    ok: 204,
    prepare: async () => {
      await join(t, ids.spaceId!, owner.auth, {
        orgId: echo.orgId,
        handle: 'echo',
        admin: echo.owner.auth,
      }).catch(() => {});
      return { params: { memberOrgId: echo.orgId } };
    },
  },
  { method: 'GET', path: '/spaces/{spaceId}/people', min: 'observer', ok: 200 },
  {
    method: 'PUT',
    path: '/spaces/{spaceId}/roles/{userId}',
    min: 'spaceAdmin',
    ok: 204,
    prepare: async () => ({ body: { role: 'observer' }, params: { userId: ids.viewerId! } }),
  },
  {
    method: 'POST',
    path: '/orgs/{orgId}/spaces/{spaceId}/leave',
    min: 'orgAdmin',
    ok: 409,
    prepare: async () => ({ body: {} }),
  },
  {
    method: 'POST',
    path: '/spaces/{spaceId}/invitations',
    min: 'spaceAdmin',
    peopleOnly: true,
    ok: 201,
    prepare: async () => ({ body: { code: true } }),
  },
  { method: 'GET', path: '/spaces/{spaceId}/invitations', min: 'spaceAdmin', ok: 200 },
  {
    method: 'POST',
    path: '/spaces/{spaceId}/invitations/{invitationId}/approve',
    min: 'sourcePerson',
    ok: 200,
    prepare: async () => ({ body: {}, params: { invitationId: ids.invitationId! } }),
  },
  {
    method: 'DELETE',
    path: '/spaces/{spaceId}/invitations/{invitationId}',
    min: 'spaceAdmin',
    ok: 200,
    prepare: async () => ({
      params: {
        invitationId: (
          await must(t, owner.auth, 'POST', `/spaces/${ids.spaceId}/invitations`, { code: true })
        ).invitation.id,
      },
    }),
  },
  { method: 'GET', path: '/orgs/{orgId}/space-invitations', min: 'orgAdmin', ok: 200 },
  {
    method: 'POST',
    path: '/orgs/{orgId}/space-invitations/{invitationId}/accept',
    min: 'orgAdmin',
    peopleOnly: true,
    ok: 404,
    prepare: async () => ({ body: {}, params: { invitationId: randomUUID() } }),
  },
  {
    method: 'POST',
    path: '/orgs/{orgId}/space-invitations/{invitationId}/decline',
    min: 'orgAdmin',
    ok: 404,
    prepare: async () => ({ body: {}, params: { invitationId: randomUUID() } }),
  },
  {
    method: 'POST',
    path: '/orgs/{orgId}/space-invitations/redeem',
    min: 'orgAdmin',
    peopleOnly: true,
    ok: 404,
    prepare: async () => ({ body: { code: 'swi_no-such-code-at-all' } }),
  },
  {
    method: 'POST',
    path: '/spaces/{spaceId}/cases',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { kind: 'incident', title: 'x' } }),
  },
  { method: 'GET', path: '/spaces/{spaceId}/cases', min: 'observer', ok: 200, other: 200 },
  { method: 'GET', path: '/spaces/{spaceId}/unread', min: 'observer', ok: 200, other: 200 },
  { method: 'GET', path: '/cases/{caseId}', min: 'observer', ok: 200 },
  {
    method: 'PATCH',
    path: '/cases/{caseId}',
    min: 'member',
    ok: 200,
    prepare: async () => ({ body: { state: 'open' } }),
  },
  {
    method: 'PUT',
    path: '/cases/{caseId}/read',
    min: 'observer',
    ok: 204,
    prepare: async () => ({ body: {} }),
  },
  {
    method: 'PUT',
    path: '/cases/{caseId}/status',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { body: 's', tlp: 'GREEN' } }),
  },
  { method: 'GET', path: '/cases/{caseId}/status', min: 'observer', ok: 200 },
  { method: 'GET', path: '/cases/{caseId}/status/history', min: 'observer', ok: 200 },
  { method: 'GET', path: '/search', min: 'signedIn', ok: 200, prepare: async () => ({ params: {} }) },
  {
    method: 'POST',
    path: '/imports/cve/preview',
    min: 'signedIn',
    ok: 200,
    prepare: async () => ({ body: { record: OSV_WITH_ALIASES } }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/import',
    min: 'member',
    ok: 200,
    prepare: async () => ({ body: { record: OSV_WITH_ALIASES, tlp: 'GREEN', addCveIds: false } }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/posts',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { body: 'b', tlp: 'GREEN' } }),
  },
  { method: 'GET', path: '/cases/{caseId}/posts', min: 'observer', ok: 200 },
  { method: 'GET', path: '/posts/{postId}', min: 'observer', ok: 200 },
  {
    method: 'PATCH',
    path: '/posts/{postId}',
    min: 'member',
    authorOnly: true,
    ok: 200,
    prepare: async () => ({ body: { body: 'edited' } }),
  },
  { method: 'GET', path: '/posts/{postId}/revisions', min: 'observer', ok: 200 },
  {
    method: 'POST',
    path: '/posts/{postId}/promote',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { as: 'question', vendor: 'Intel' } }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/attachments',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { filename: 'a.txt', contentBase64: 'YQ==', tlp: 'GREEN' } }),
  },
  { method: 'GET', path: '/cases/{caseId}/attachments', min: 'observer', ok: 200 },
  { method: 'GET', path: '/cases/{caseId}/export', min: 'observer', ok: 200 },
  {
    method: 'GET',
    path: '/attachments/{id}',
    min: 'observer',
    ok: 200,
    prepare: async () => ({ params: { id: ids.attachmentId! } }),
  },
  {
    method: 'GET',
    path: '/attachments/{id}/content',
    min: 'observer',
    ok: 200,
    prepare: async () => ({ params: { id: ids.attachmentId! } }),
  },
  {
    method: 'PUT',
    path: '/labels/{itemType}/{itemId}',
    min: 'sourcePerson',
    ok: 200,
    prepare: async () => ({ body: { tlp: 'GREEN' }, params: { itemType: 'post', itemId: ids.postId! } }),
  },
  {
    method: 'POST',
    path: '/labels/{itemType}/{itemId}/remark-requests',
    min: 'member',
    ok: 201,
    prepare: async () => ({
      body: { tlp: 'CLEAR' },
      params: { itemType: 'post', itemId: await freshPost() },
    }),
  },
  { method: 'GET', path: '/spaces/{spaceId}/remark-requests', min: 'observer', ok: 200 },
  ...(['approve', 'decline'] as const).map(
    (verb): Endpoint => ({
      method: 'POST',
      path: `/remark-requests/{id}/${verb}`,
      min: 'sourcePerson',
      ok: 200,
      prepare: async () => {
        const post = await freshPost();
        const req = await must(t, ids.responder as never, 'POST', `/labels/post/${post}/remark-requests`, {
          tlp: 'CLEAR',
        });
        return { body: {}, params: { id: req.id } };
      },
    }),
  ),
  {
    method: 'PUT',
    path: '/cases/{caseId}/matrix',
    min: 'member',
    ok: 200,
    prepare: async () => ({
      body: { layer: 'host kernel', cveId: 'CVE-2017-5754', status: 'affected', tlp: 'GREEN' },
    }),
  },
  { method: 'GET', path: '/cases/{caseId}/matrix', min: 'observer', ok: 200 },
  { method: 'GET', path: '/spaces/{spaceId}/matrix', min: 'observer', ok: 200, other: 200 },
  {
    method: 'GET',
    path: '/matrix/{id}/history',
    min: 'observer',
    ok: 200,
    prepare: async () => ({ params: { id: ids.rowId! } }),
  },
  {
    method: 'POST',
    path: '/cases/{caseId}/questions',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { vendor: 'Intel', body: 'q', tlp: 'GREEN' } }),
  },
  { method: 'GET', path: '/cases/{caseId}/questions', min: 'observer', ok: 200 },
  {
    method: 'GET',
    path: '/questions/{id}',
    min: 'observer',
    ok: 200,
    prepare: async () => ({ params: { id: ids.questionId! } }),
  },
  {
    method: 'PATCH',
    path: '/questions/{id}',
    min: 'member',
    ok: 200,
    prepare: async () => ({ body: { status: 'open' }, params: { id: ids.questionId! } }),
  },
  {
    method: 'POST',
    path: '/questions/{id}/answers',
    min: 'member',
    ok: 201,
    prepare: async () => ({ body: { body: 'a' }, params: { id: ids.questionId! } }),
  },
  {
    method: 'POST',
    path: '/questions/{id}/votes',
    min: 'member',
    ok: 200,
    prepare: async () => ({ body: {}, params: { id: ids.questionId! } }),
  },
  {
    method: 'DELETE',
    path: '/questions/{id}/votes',
    min: 'member',
    ok: 200,
    prepare: async () => ({ params: { id: ids.questionId! } }),
  },
];

before(async () => {
  t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  owner = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  alpha = first.orgId;
  bravo = await newOrg(t, owner, 'bravo');
  echo = await newOrg(t, owner, 'echo');
  await newOrg(t, owner, 'foxtrot'); // holds a standing invitation for the approve endpoint
  const space = await must(t, owner.auth, 'POST', `/orgs/${alpha}/spaces`, {
    name: 'S',
    layers: ['host kernel'],
  });
  ids.spaceId = space.id;
  for (const role of ROLES) {
    people.set(
      role,
      role === 'owner'
        ? owner.auth
        : (await addPerson(t, owner.auth, alpha, `${role}@alpha.test`, role)).auth,
    );
    others.set(
      role,
      role === 'owner'
        ? bravo.owner.auth
        : (await addPerson(t, bravo.owner.auth, bravo.orgId, `${role}@bravo.test`, role)).auth,
    );
    tokens.set(role, await newToken(t, owner.auth, alpha, role));
    otherTokens.set(role, await newToken(t, bravo.owner.auth, bravo.orgId, role));
  }
  ids.responder = people.get('responder') as never;
  ids.viewerId = (await must(t, owner.auth, 'GET', `/spaces/${space.id}/people`)).items.find(
    (p: { mention: string }) => p.mention === 'viewer@alpha',
  ).userId;
  const c = await must(t, owner.auth, 'POST', `/spaces/${space.id}/cases`, {
    kind: 'vulnerability',
    title: 'Meltdown',
    cveIds: ['CVE-2017-5754'],
    layers: ['host kernel'],
  });
  ids.caseId = c.id;
  ids.postId = await freshPost();
  ids.attachmentId = (
    await must(t, owner.auth, 'POST', `/cases/${c.id}/attachments`, {
      filename: 'a',
      contentBase64: 'YQ==',
      tlp: 'GREEN',
    })
  ).id;
  ids.rowId = (
    await must(
      t,
      owner.auth,
      'PUT',
      `/cases/${c.id}/matrix`,
      { layer: 'host kernel', cveId: 'CVE-2017-5754', status: 'fixed', tlp: 'GREEN' },
      200,
    )
  ).id;
  ids.questionId = (
    await must(t, owner.auth, 'POST', `/cases/${c.id}/questions`, {
      vendor: 'Intel',
      body: 'q',
      tlp: 'GREEN',
    })
  ).id;
  ids.invitationId = (
    await must(t, owner.auth, 'POST', `/spaces/${space.id}/invitations`, {
      orgHandle: 'foxtrot',
    })
  ).invitation.id;
});
after(() => t.close());

function expected(e: Endpoint, kind: 'anonymous' | 'person' | 'token', role: OrgRole, own: boolean): number {
  if (kind === 'anonymous') return 401;
  if (e.min === 'signedIn') return e.peopleOnly && kind === 'token' ? 403 : e.ok;
  if (e.min === 'orgAdmin') {
    if (!own) return 404;
    if (RANK[role] < RANK.admin || (e.peopleOnly && kind === 'token')) return 403;
    return e.ok;
  }
  if (!own) return e.other ?? 404;
  if (e.min === 'observer') return e.ok;
  if (role === 'viewer') return 403; // observers read only
  if (e.min === 'member') return e.authorOnly && !(kind === 'person' && role === 'owner') ? 403 : e.ok;
  if (e.min === 'spaceAdmin') return kind === 'person' && role === 'owner' ? e.ok : 403;
  return kind === 'person' && RANK[role] >= RANK.admin ? e.ok : 403; // sourcePerson
}

test('the matrix covers every coordination endpoint', async () => {
  const doc = (await call(t.app, { url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { tags?: string[] }>>;
  };
  const mine = ['spaces', 'cases', 'discussion', 'labels', 'status matrix', 'vendor questions'];
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => op.tags?.some((tag) => mine.includes(tag)))
      .map(([m]) => `${m.toUpperCase()} ${path.replace('/api/v1', '')}`),
  );
  const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.path}`));
  assert.deepEqual(
    documented.filter((d) => !covered.has(d)),
    [],
  );
});

for (const e of ENDPOINTS) {
  test(`${e.method} ${e.path}`, async () => {
    const failures: string[] = [];
    for (const kind of ['anonymous', 'person', 'token'] as const)
      for (const role of kind === 'anonymous' ? (['viewer'] as OrgRole[]) : ROLES)
        for (const own of [true, false]) {
          const prepared = e.prepare ? await e.prepare() : {};
          const params: Record<string, string> = {
            // Other-org callers are bravo's people and tokens, pointed at alpha's routes.
            orgId: alpha,
            ...ids,
            ...prepared.params,
          };
          const url = `/api/v1${e.path.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? 'missing')}${e.path === '/search' ? '?q=meltdown' : ''}`;
          const auth =
            kind === 'anonymous'
              ? null
              : (kind === 'person' ? (own ? people : others) : own ? tokens : otherTokens).get(role)!;
          const res = await call(t.app, {
            method: e.method,
            url,
            auth,
            ...(prepared.body !== undefined ? { body: prepared.body } : {}),
          });
          const want = expected(e, kind, role, own);
          if (res.statusCode !== want)
            failures.push(
              `${kind}/${role}/${own ? 'own' : 'other'}: got ${res.statusCode}, want ${want} ${res.body.slice(0, 140)}`,
            );
        }
    assert.deepEqual(failures, []);
  });
}
