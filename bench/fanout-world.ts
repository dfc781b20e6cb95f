// The world bench/fanout.ts measures in, built over the real HTTP API of a running server:
// `orgs` organisations in one consortium space, `usersPerOrg` people in each (signed in, one
// session each), and one GREEN case that a person of the first org posts to.
import { type HttpAuth, http, loginOverHttp, setupOverHttp } from '../test/helpers/process.ts';

export interface FanoutUser {
  userId: string;
  org: number;
  auth: { cookie: string; csrf: string };
}

export interface FanoutWorld {
  orgIds: string[];
  users: FanoutUser[];
  /** users[0]: writes every post (a responder of the first org). */
  poster: FanoutUser;
  spaceId: string;
  caseId: string;
}

async function must(base: string, path: string, opts: { method?: string; body?: unknown; auth: HttpAuth }) {
  const res = await http(base, path, { ...opts, timeoutMs: 60_000 });
  if (res.status >= 300) throw new Error(`${opts.method ?? 'GET'} ${path}: ${res.status} ${res.text}`);
  return res.body as Record<string, unknown> & { id: string };
}

/** Runs `work` over `items` with at most `limit` at once (password hashing is the slow part). */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

export async function buildFanoutWorld(
  base: string,
  orgs: number,
  usersPerOrg: number,
): Promise<FanoutWorld> {
  // The setup owner creates every org and so owns them all; it never holds a client.
  const first = await setupOverHttp(base, 'fan0', 'owner@fan0.test');
  const orgIds = [first.orgId];
  for (let i = 1; i < orgs; i++)
    orgIds.push(
      (
        await must(base, '/api/v1/orgs', {
          method: 'POST',
          auth: first.auth,
          body: { name: `Fan ${i}`, handle: `fan${i}` },
        })
      ).id,
    );
  // A fresh session knows every new membership.
  const owner = await loginOverHttp(base, first.email);

  const wanted = orgIds.flatMap((orgId, org) =>
    Array.from({ length: usersPerOrg }, (_, k) => ({ orgId, org, email: `u${k}@fan${org}.test` })),
  );
  const users = await inPool(wanted, 4, async (w) => {
    const added = (await must(base, `/api/v1/orgs/${w.orgId}/members`, {
      method: 'POST',
      auth: owner,
      body: { email: w.email, role: 'responder', name: w.email.split('@')[0] },
    })) as unknown as { member: { userId: string }; initialPassword: string };
    const auth = await loginOverHttp(base, w.email, added.initialPassword);
    return { userId: added.member.userId, org: w.org, auth };
  });

  const space = await must(base, `/api/v1/orgs/${orgIds[0]}/spaces`, {
    method: 'POST',
    auth: owner,
    body: { name: 'Fan-out', defaultTlp: 'GREEN', layers: ['host kernel'] },
  });
  for (const [i, orgId] of orgIds.entries()) {
    if (i === 0) continue;
    const { invitation } = (await must(base, `/api/v1/spaces/${space.id}/invitations`, {
      method: 'POST',
      auth: owner,
      body: { orgHandle: `fan${i}` },
    })) as unknown as { invitation: { id: string } };
    await must(base, `/api/v1/orgs/${orgId}/space-invitations/${invitation.id}/accept`, {
      method: 'POST',
      auth: owner,
      body: {},
    });
  }
  const poster = users[0]!;
  const theCase = await must(base, `/api/v1/spaces/${space.id}/cases`, {
    method: 'POST',
    auth: poster.auth,
    body: { kind: 'incident', title: 'Fan-out', tlp: 'GREEN' },
  });
  return { orgIds, users, poster, spaceId: space.id, caseId: theCase.id };
}

/**
 * Which label post n carries, and so which clients may receive it (client c belongs to
 * users[c % users.length]): 5 in 10 GREEN to the space, 3 AMBER+STRICT to one other org,
 * 2 RED to three people. Written from the TLP rules, independently of the server's policy code.
 */
export function labelFor(n: number, w: FanoutWorld) {
  const userOf = (client: number) => w.users[client % w.users.length]!;
  const kind = n % 10;
  if (kind < 5) return { fields: { tlp: 'GREEN' }, entitled: () => true };
  if (kind < 8) {
    const to = 1 + (n % (w.orgIds.length - 1));
    const orgSet = new Set([w.poster.org, to]);
    return {
      fields: { tlp: 'AMBER+STRICT', recipientOrgIds: [w.orgIds[to]!] },
      entitled: (c: number) => orgSet.has(userOf(c).org),
    };
  }
  const named = [1, 2, 3].map((k) => w.users[(n * 7 + k * 13) % w.users.length]!.userId);
  const readers = new Set([w.poster.userId, ...named]);
  return {
    fields: { tlp: 'RED', recipientUserIds: [...new Set(named)].filter((u) => u !== w.poster.userId) },
    entitled: (c: number) => readers.has(userOf(c).userId),
  };
}
