import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canRead, type LabelledScope, type Principal, TLP_LABELS } from './index.ts';

// The TLP 2.0 read rule as properties over small worlds of orgs and users: each property is one
// sentence of the standard (or of our narrowing rule), checked against random principals.
const ORGS = ['o1', 'o2', 'o3', 'o4'];
const USERS = ['u1', 'u2', 'u3'];
const orgSet = fc.uniqueArray(fc.constantFrom(...ORGS), { maxLength: 4 });
const principal: fc.Arbitrary<Principal> = fc.oneof(
  fc.record({ userId: fc.constantFrom(...USERS), orgs: orgSet }).map(
    ({ userId, orgs }): Principal => ({
      kind: 'user',
      userId,
      email: `${userId}@x.test`,
      name: userId,
      sessionId: 's',
      csrfToken: 'c',
      orgs: new Map(orgs.map((o) => [o, 'viewer'] as const)),
    }),
  ),
  fc.record({ userId: fc.constantFrom(...USERS), orgs: orgSet }).map(
    ({ userId, orgs }): Principal => ({
      kind: 'token',
      tokenId: 't',
      userId,
      orgs: new Map(orgs.map((o) => [o, 'viewer'] as const)),
    }),
  ),
  fc.constant<Principal>({ kind: 'anonymous', orgs: new Map() }),
);
const scope: fc.Arbitrary<LabelledScope> = fc.record(
  {
    tlp: fc.constantFrom(...TLP_LABELS),
    orgId: fc.option(fc.constantFrom(...ORGS), { nil: null }),
    userIds: fc.uniqueArray(fc.constantFrom(...USERS), { maxLength: 3 }),
    orgIds: fc.uniqueArray(fc.constantFrom(...ORGS), { maxLength: 3 }),
    communityOrgIds: fc.uniqueArray(fc.constantFrom(...ORGS), { maxLength: 4 }),
  },
  { requiredKeys: ['tlp', 'orgId'] },
);
const uid = (p: Principal) => (p.kind === 'anonymous' ? null : p.userId);
const inAny = (p: Principal, ids: (string | null | undefined)[]) => ids.some((o) => o && p.orgs.has(o));

test('RED reaches exactly the named people signed in as themselves, never tokens', () =>
  fc.assert(
    fc.property(principal, scope, (p, s) => {
      const red = { ...s, tlp: 'RED' as const };
      assert.equal(canRead(p, red), p.kind === 'user' && (s.userIds ?? []).includes(p.userId));
    }),
  ));

test('AMBER and AMBER+STRICT reach members of the owner and named orgs only, never the community', () =>
  fc.assert(
    fc.property(principal, scope, fc.constantFrom('AMBER', 'AMBER+STRICT' as const), (p, s, tlp) => {
      const got = canRead(p, { ...s, tlp, userIds: [] });
      assert.equal(got, inAny(p, [s.orgId, ...(s.orgIds ?? [])]));
    }),
  ));

test('GREEN reaches the community; CLEAR reaches anyone', () =>
  fc.assert(
    fc.property(principal, scope, (p, s) => {
      assert.equal(
        canRead(p, { ...s, tlp: 'GREEN', userIds: [] }),
        inAny(p, [s.orgId, ...(s.orgIds ?? []), ...(s.communityOrgIds ?? [])]),
      );
      assert.equal(canRead(p, { ...s, tlp: 'CLEAR', userIds: [] }), true);
    }),
  ));

test('named people narrow any label: nobody else reads, and the label still applies to them', () =>
  fc.assert(
    fc.property(principal, scope, (p, s) => {
      fc.pre((s.userIds ?? []).length > 0 && s.tlp !== 'RED');
      const got = canRead(p, s);
      if (!(s.userIds ?? []).includes(uid(p) ?? '')) assert.equal(got, false);
      else assert.equal(got, canRead(p, { ...s, userIds: [] }));
    }),
  ));

test('a narrower label never lets in someone a wider one keeps out', () =>
  fc.assert(
    fc.property(principal, scope, (p, s) => {
      const readable = TLP_LABELS.map((tlp) => canRead(p, { ...s, tlp, userIds: [] }));
      // CLEAR ⊇ GREEN ⊇ AMBER ⊇ AMBER+STRICT for the same owner and recipients.
      for (let i = 1; i < 4; i++) if (readable[i]) assert.ok(readable[i - 1], TLP_LABELS[i]);
    }),
  ));
