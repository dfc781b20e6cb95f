import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../test/helpers/app.ts';
import { type FakeClock, fakeClock, jobDriver } from './fake-clock.ts';
import { raiseAlert, resolve } from './incidents.ts';
import { type OncallHarness, ok, oncallHarness, orgWithResponders } from './testing.ts';

const NOBODY = '00000000-0000-4000-8000-000000000000';
const MIN = 60_000;

// Teams as escalation targets, on a fake clock (see fake-clock.ts): the API and what a level
// that names a team pages — its schedule's on-call person, or every member without one.
describe('teams', () => {
  let h: OncallHarness;
  let clock: FakeClock;
  let org: Awaited<ReturnType<typeof orgWithResponders>>;
  let people: Record<'ann' | 'bob' | 'cy' | 'vic', string>;
  let base: string;
  const system = { userId: null, label: 'test' };
  const send = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    auth = org.owner.auth,
  ) => call(h.app, { method, url: `${base}${url}`, auth, ...(body === undefined ? {} : { body }) });
  const expect400 = async (
    body: unknown,
    pattern: RegExp,
    method: 'POST' | 'PUT' = 'POST',
    url = '/oncall/teams',
  ) => {
    const res = await send(method, url, body);
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.json().error.message, pattern);
  };

  before(async () => {
    clock = fakeClock();
    h = await oncallHarness({ worker: false, oncall: { now: () => clock.now() } });
    org = await orgWithResponders(h.app);
    base = `/api/v1/orgs/${org.owner.orgId}`;
    people = {
      ann: (await org.add('ann')).userId,
      bob: (await org.add('bob')).userId,
      cy: (await org.add('cy')).userId,
      vic: (await org.add('vic', 'viewer')).userId,
    };
    for (const id of [people.ann, people.bob, people.cy])
      await h.platform.db.execute(
        `insert into oncall_notification_rules (user_id, channel) values ($1, 'in_app')`,
        [id],
      );
  });
  after(() => h.close());

  test('create, read, update, delete; bad input gets clear 400s; roles and tenants hold', async () => {
    const { ann, bob, vic } = people;
    await expect400({ name: 'Net', members: [] }, /members/);
    await expect400({ name: '   ', members: [ann] }, /name may not be blank/);
    await expect400({ name: 'Net', members: [ann, ann] }, /same person twice/);
    await expect400({ name: 'Net', members: [vic] }, /not a responder/);
    await expect400({ name: 'Net', members: [NOBODY] }, /not a responder/);
    await expect400({ name: 'Net', members: [ann], scheduleId: NOBODY }, /no such schedule/);
    await expect400({ name: 'Net', members: ['ann'] }, /members/);
    await expect400({ name: 'Net', members: [ann], colour: 'red' }, /./);

    const viewer = await org.add('val', 'viewer');
    const denied = await send('POST', '/oncall/teams', { name: 'Net', members: [ann] }, viewer.auth);
    assert.equal(denied.statusCode, 403, denied.body);

    const team = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/teams`,
        auth: org.owner.auth,
        body: { name: 'Network', description: 'core', members: [bob, ann] },
      },
      201,
    );
    assert.deepEqual(
      (team.members as Array<{ id: string }>).map((m) => m.id),
      [bob, ann],
      'members keep their order',
    );
    assert.equal(team.scheduleId, null);
    await expect400({ name: 'NETWORK', members: [ann] }, /exists already/);

    const read = await send('GET', `/oncall/teams/${team.id}`, undefined, viewer.auth);
    assert.equal(read.statusCode, 200, 'viewers may read teams');
    const updated = await send('PUT', `/oncall/teams/${team.id}`, { name: 'Network', members: [ann] });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.deepEqual(
      updated.json().members.map((m: { id: string }) => m.id),
      [ann],
    );
    assert.equal(
      (await send('PUT', `/oncall/teams/${NOBODY}`, { name: 'x', members: [ann] })).statusCode,
      404,
    );

    // Another org's team is invisible here: 404 to read, unknown to a policy.
    const foreign = await h.platform.db.one<{ id: string }>(
      `with o as (insert into orgs (handle, name) values ('other-org', 'Other') returning id)
       insert into oncall_teams (org_id, name) select id, 'Theirs' from o returning id`,
    );
    assert.equal((await send('GET', `/oncall/teams/${foreign!.id}`)).statusCode, 404);
    assert.equal((await send('DELETE', `/oncall/teams/${foreign!.id}`)).statusCode, 404);
    const listed = await send('GET', '/oncall/teams');
    assert.deepEqual(
      listed.json().map((t: { name: string }) => t.name),
      ['Network'],
    );
    await expect400(
      { name: 'p', levels: [{ delaySeconds: 60, targets: [{ type: 'team', teamId: foreign!.id }] }] },
      /no such team/,
      'POST',
      '/oncall/policies',
    );

    // Policies: an unknown team is refused; a team in use cannot be deleted.
    const level = (teamId: string) => ({ delaySeconds: 60, targets: [{ type: 'team', teamId }] });
    const badPolicy = await send('POST', '/oncall/policies', { name: 'p', levels: [level(NOBODY)] });
    assert.equal(badPolicy.statusCode, 400);
    assert.match(badPolicy.json().error.message, /levels\[0\]\.targets\[0\]\.teamId: no such team/);
    const policy = await send('POST', '/oncall/policies', { name: 'p', levels: [level(team.id)] });
    assert.equal(policy.statusCode, 201, policy.body);
    const inUse = await send('DELETE', `/oncall/teams/${team.id}`);
    assert.equal(inUse.statusCode, 409);
    assert.match(inUse.json().error.message, /used by escalation policies: p/);
    assert.equal((await send('DELETE', `/oncall/policies/${policy.json().id}`)).statusCode, 204);
    assert.equal((await send('DELETE', `/oncall/teams/${team.id}`)).statusCode, 204);
    assert.equal((await send('GET', `/oncall/teams/${team.id}`)).statusCode, 404);
  });

  test('a level naming teams pages all members, or the team schedule’s on-call person', async () => {
    const { ann, bob, cy } = people;
    const day = new Date(clock.now()).toISOString().slice(0, 10);
    const schedule = async (name: string, startDate: string) =>
      (
        await ok(
          h.app,
          {
            method: 'POST',
            url: `${base}/oncall/schedules`,
            auth: org.owner.auth,
            body: {
              name,
              timeZone: 'UTC',
              layers: [
                { name: 'primary', rotation: 'weekly', handoffTime: '00:00', startDate, members: [cy] },
              ],
            },
          },
          201,
        )
      ).id as string;
    const team = async (name: string, members: string[], scheduleId: string | null) =>
      (
        await ok(
          h.app,
          {
            method: 'POST',
            url: `${base}/oncall/teams`,
            auth: org.owner.auth,
            body: { name, members, scheduleId },
          },
          201,
        )
      ).id as string;
    const everyone = await team('Everyone', [ann, bob], null);
    const scheduled = await team('Scheduled', [ann, bob, cy], await schedule('Now', day));
    const notYet = await team('Not yet', [bob, cy], await schedule('Later', '2040-01-02'));
    const policy = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'Teams',
          levels: [
            { delaySeconds: 60, targets: [{ type: 'team', teamId: everyone }] },
            { delaySeconds: 60, targets: [{ type: 'team', teamId: scheduled }] },
            { delaySeconds: 60, targets: [{ type: 'team', teamId: notYet }] },
          ],
        },
      },
      201,
    );
    await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: { name: 'teams', conditions: { sources: ['teams'] }, policyId: policy.id, position: 0 },
      },
      201,
    );

    const d = jobDriver(h, clock);
    const t0 = clock.now();
    const r = await raiseAlert(h.platform, {
      orgId: org.owner.orgId,
      source: 'teams',
      summary: 'x',
      severity: 'critical',
    });
    const names = new Map([
      [ann, 'ann'],
      [bob, 'bob'],
      [cy, 'cy'],
    ]);
    const seen = () =>
      d.pages
        .filter((p) => p.incidentId === r.incidentId)
        .map((p) => `${names.get(p.userId)}@${(p.at - t0) / MIN}m`)
        .sort();
    await d.advance(0);
    assert.deepEqual(seen(), ['ann@0m', 'bob@0m'], 'no schedule: every member at once');
    await d.advance(MIN);
    assert.deepEqual(seen(), ['ann@0m', 'bob@0m', 'cy@1m'], 'with a schedule: only its on-call person');
    await d.advance(MIN);
    assert.deepEqual(
      seen(),
      ['ann@0m', 'bob@0m', 'bob@2m', 'cy@1m', 'cy@2m'],
      'nobody on call in the team schedule yet: every member rather than nobody',
    );
    assert.deepEqual(d.errors, []);
    await resolve(h.platform, org.owner.orgId, r.incidentId, system);
  });
});
