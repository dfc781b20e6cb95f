import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import {
  addPerson,
  createCoordinationApp,
  join,
  must,
  newOrg,
  newToken,
  type Person,
  raw,
} from './testing.ts';

let t: TestApp;
let alpha: { orgId: string; owner: Person };
let bravo: { orgId: string; owner: Person };
let charlie: { orgId: string; owner: Person };
let alphaViewer: Person;
let alphaResponder: Person;

before(async () => {
  t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  const founder: Person = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  alpha = { orgId: first.orgId, owner: founder };
  bravo = await newOrg(t, founder, 'bravo');
  charlie = await newOrg(t, founder, 'charlie');
  alphaViewer = await addPerson(t, founder.auth, alpha.orgId, 'viewer@alpha.test', 'viewer');
  alphaResponder = await addPerson(t, founder.auth, alpha.orgId, 'responder@alpha.test', 'responder');
});
after(() => t.close());

async function newSpace(name = 'Meltdown') {
  return must(t, alpha.owner.auth, 'POST', `/orgs/${alpha.orgId}/spaces`, {
    name,
    layers: ['host kernel', 'hypervisor'],
  });
}

const auditActions = async (orgId: string, auth: Person['auth']) =>
  (await must(t, auth, 'GET', `/orgs/${orgId}/audit?limit=200`)).items.map(
    (e: { action: string }) => e.action,
  );

describe('spaces', () => {
  test('the founding org creates a space; its creator is space admin; default label AMBER+STRICT', async () => {
    const space = await newSpace();
    assert.equal(space.role, 'admin');
    assert.equal(space.defaultTlp, 'AMBER+STRICT');
    assert.deepEqual(space.layers, ['host kernel', 'hypervisor']);
    const viewer = await must(t, alphaViewer.auth, 'GET', `/spaces/${space.id}`);
    assert.equal(viewer.role, 'observer');
    const responder = await must(t, alphaResponder.auth, 'GET', `/spaces/${space.id}`);
    assert.equal(responder.role, 'member');
    // Strangers cannot tell the space exists.
    assert.equal((await raw(t, bravo.owner.auth, 'GET', `/spaces/${space.id}`)).statusCode, 404);
    const list = await must(t, bravo.owner.auth, 'GET', '/spaces');
    assert.equal(list.items.length, 0);
  });

  test('invitation by handle needs both sides; membership changes are audited on both sides', async () => {
    const space = await newSpace();
    const { invitation } = await must(t, alpha.owner.auth, 'POST', `/spaces/${space.id}/invitations`, {
      orgHandle: 'bravo',
    });
    assert.equal(invitation.inviterApproved, true);
    assert.equal(invitation.inviteeApproved, false);
    assert.equal((await raw(t, bravo.owner.auth, 'GET', `/spaces/${space.id}`)).statusCode, 404);
    const pending = await must(t, bravo.owner.auth, 'GET', `/orgs/${bravo.orgId}/space-invitations`);
    assert.ok(pending.items.some((i: { id: string }) => i.id === invitation.id));
    const accepted = await must(
      t,
      bravo.owner.auth,
      'POST',
      `/orgs/${bravo.orgId}/space-invitations/${invitation.id}/accept`,
      {},
      200,
    );
    assert.equal(accepted.status, 'accepted');
    assert.equal((await must(t, bravo.owner.auth, 'GET', `/spaces/${space.id}`)).role, 'member');
    assert.ok((await auditActions(bravo.orgId, bravo.owner.auth)).includes('space.org_joined'));
    assert.ok((await auditActions(alpha.orgId, alpha.owner.auth)).includes('space.org_joined'));
    // A second invitation for a member org is a conflict.
    const again = await raw(t, alpha.owner.auth, 'POST', `/spaces/${space.id}/invitations`, {
      orgHandle: 'bravo',
    });
    assert.equal(again.statusCode, 409);
  });

  test('an invitation made by a space admin who is not an org admin waits for an org admin', async () => {
    const space = await newSpace();
    await must(
      t,
      alpha.owner.auth,
      'PUT',
      `/spaces/${space.id}/roles/${alphaResponder.userId}`,
      { role: 'admin' },
      204,
    );
    const { invitation } = await must(t, alphaResponder.auth, 'POST', `/spaces/${space.id}/invitations`, {
      orgHandle: 'charlie',
    });
    assert.equal(invitation.inviterApproved, false);
    await must(
      t,
      charlie.owner.auth,
      'POST',
      `/orgs/${charlie.orgId}/space-invitations/${invitation.id}/accept`,
      {},
      200,
    );
    assert.equal((await raw(t, charlie.owner.auth, 'GET', `/spaces/${space.id}`)).statusCode, 404);
    const denied = await raw(
      t,
      alphaResponder.auth,
      'POST',
      `/spaces/${space.id}/invitations/${invitation.id}/approve`,
    );
    assert.equal(denied.statusCode, 403);
    const done = await must(
      t,
      alpha.owner.auth,
      'POST',
      `/spaces/${space.id}/invitations/${invitation.id}/approve`,
      {},
      200,
    );
    assert.equal(done.status, 'accepted');
    assert.equal((await must(t, charlie.owner.auth, 'GET', `/spaces/${space.id}`)).role, 'member');
  });

  test('an invitation code binds to the org that redeems it; the inviting side then approves', async () => {
    const space = await newSpace();
    const created = await must(t, alpha.owner.auth, 'POST', `/spaces/${space.id}/invitations`, {
      code: true,
    });
    assert.match(created.code, /^swi_/);
    assert.equal(created.invitation.byCode, true);
    const wrong = await raw(
      t,
      charlie.owner.auth,
      'POST',
      `/orgs/${charlie.orgId}/space-invitations/redeem`,
      {
        code: 'swi_not-a-real-code',
      },
    );
    assert.equal(wrong.statusCode, 404);
    const redeemed = await must(
      t,
      charlie.owner.auth,
      'POST',
      `/orgs/${charlie.orgId}/space-invitations/redeem`,
      { code: created.code },
      200,
    );
    assert.equal(redeemed.status, 'pending');
    assert.equal(redeemed.org.handle, 'charlie');
    const taken = await raw(t, bravo.owner.auth, 'POST', `/orgs/${bravo.orgId}/space-invitations/redeem`, {
      code: created.code,
    });
    assert.equal(taken.statusCode, 409);
    await must(
      t,
      alpha.owner.auth,
      'POST',
      `/spaces/${space.id}/invitations/${created.invitation.id}/approve`,
      {},
      200,
    );
    assert.equal((await must(t, charlie.owner.auth, 'GET', `/spaces/${space.id}`)).role, 'member');
  });

  test('declined and revoked invitations cannot be accepted', async () => {
    const space = await newSpace();
    const a = (
      await must(t, alpha.owner.auth, 'POST', `/spaces/${space.id}/invitations`, { orgHandle: 'bravo' })
    ).invitation;
    await must(
      t,
      bravo.owner.auth,
      'POST',
      `/orgs/${bravo.orgId}/space-invitations/${a.id}/decline`,
      {},
      200,
    );
    const late = await raw(
      t,
      bravo.owner.auth,
      'POST',
      `/orgs/${bravo.orgId}/space-invitations/${a.id}/accept`,
    );
    assert.equal(late.statusCode, 409);
    const b = (
      await must(t, alpha.owner.auth, 'POST', `/spaces/${space.id}/invitations`, { orgHandle: 'bravo' })
    ).invitation;
    await must(t, alpha.owner.auth, 'DELETE', `/spaces/${space.id}/invitations/${b.id}`, undefined, 200);
    const revoked = await raw(
      t,
      bravo.owner.auth,
      'POST',
      `/orgs/${bravo.orgId}/space-invitations/${b.id}/accept`,
    );
    assert.equal(revoked.statusCode, 409);
    // Another org cannot accept an invitation addressed to bravo.
    const c = (
      await must(t, alpha.owner.auth, 'POST', `/spaces/${space.id}/invitations`, { orgHandle: 'bravo' })
    ).invitation;
    const stolen = await raw(
      t,
      charlie.owner.auth,
      'POST',
      `/orgs/${charlie.orgId}/space-invitations/${c.id}/accept`,
    );
    assert.equal(stolen.statusCode, 404);
  });

  test('leave and remove end access at once, keep the record, and are audited; a removed org can rejoin', async () => {
    const space = await newSpace();
    await join(t, space.id, alpha.owner.auth, {
      orgId: bravo.orgId,
      handle: 'bravo',
      admin: bravo.owner.auth,
    });
    await join(t, space.id, alpha.owner.auth, {
      orgId: charlie.orgId,
      handle: 'charlie',
      admin: charlie.owner.auth,
    });
    await must(t, bravo.owner.auth, 'POST', `/orgs/${bravo.orgId}/spaces/${space.id}/leave`, {}, 204);
    const gone = await raw(t, bravo.owner.auth, 'GET', `/spaces/${space.id}`);
    assert.equal(gone.statusCode, 403);
    assert.match(gone.json().error.message, /no longer a member/);
    await must(t, alpha.owner.auth, 'DELETE', `/spaces/${space.id}/orgs/${charlie.orgId}`, undefined, 204);
    assert.equal((await raw(t, charlie.owner.auth, 'GET', `/spaces/${space.id}`)).statusCode, 403);
    const orgs = await must(t, alpha.owner.auth, 'GET', `/spaces/${space.id}/orgs`);
    const status = Object.fromEntries(
      orgs.items.map((o: { org: { handle: string }; status: string }) => [o.org.handle, o.status]),
    );
    assert.deepEqual(status, { alpha: 'active', bravo: 'left', charlie: 'removed' });
    assert.ok((await auditActions(bravo.orgId, bravo.owner.auth)).includes('space.org_left'));
    assert.ok((await auditActions(charlie.orgId, charlie.owner.auth)).includes('space.org_removed'));
    assert.ok((await auditActions(alpha.orgId, alpha.owner.auth)).includes('space.org_removed'));
    // The founding org stays.
    const founder = await raw(t, alpha.owner.auth, 'DELETE', `/spaces/${space.id}/orgs/${alpha.orgId}`);
    assert.equal(founder.statusCode, 409);
    await join(t, space.id, alpha.owner.auth, {
      orgId: charlie.orgId,
      handle: 'charlie',
      admin: charlie.owner.auth,
    });
    assert.equal((await must(t, charlie.owner.auth, 'GET', `/spaces/${space.id}`)).role, 'member');
  });

  test('space roles: only space admins manage; people list shows mention handles; tokens are never admins', async () => {
    const space = await newSpace();
    const denied = await raw(t, alphaResponder.auth, 'PATCH', `/spaces/${space.id}`, { name: 'x' });
    assert.equal(denied.statusCode, 403);
    const patched = await must(t, alpha.owner.auth, 'PATCH', `/spaces/${space.id}`, { defaultTlp: 'GREEN' });
    assert.equal(patched.defaultTlp, 'GREEN');
    const red = await raw(t, alpha.owner.auth, 'PATCH', `/spaces/${space.id}`, { defaultTlp: 'RED' });
    assert.equal(red.statusCode, 400);
    const people = await must(t, alphaViewer.auth, 'GET', `/spaces/${space.id}/people`);
    const me = people.items.find((p: { userId: string }) => p.userId === alphaViewer.userId);
    assert.equal(me.mention, 'viewer@alpha');
    assert.equal(me.role, 'observer');
    const { token } = await newToken(t, alpha.owner.auth, alpha.orgId, 'admin');
    assert.equal((await must(t, { token }, 'GET', `/spaces/${space.id}`)).role, 'member');
    const byToken = await raw(t, { token }, 'POST', `/spaces/${space.id}/invitations`, {
      orgHandle: 'bravo',
    });
    assert.equal(byToken.statusCode, 403);
  });
});
