import type { Queryable } from '../platform/db/db.ts';
import type { ItemLabel, OrgRole, Principal } from '../policy/index.ts';
import type { Mention } from './post-store.ts';

/** Someone who may be told: the principal the policy module judges them as, and their address. */
export interface Person {
  userId: string;
  email: string;
  principal: Principal;
}

/**
 * Everyone who belongs to an active member org of the space, each as a signed-in principal
 * with all their org roles (the policy module itself narrows them to the space's orgs).
 */
export async function peopleInSpace(q: Queryable, spaceId: string): Promise<Map<string, Person>> {
  const rows = await q.query<{ user_id: string; org_id: string; role: OrgRole; email: string; name: string }>(
    `select m.user_id, m.org_id, m.role, u.email, u.name
       from memberships m join users u on u.id = m.user_id and u.disabled_at is null
      where m.user_id in (select m2.user_id from memberships m2
                            join space_orgs so on so.org_id = m2.org_id and so.space_id = $1 and so.status = 'active')`,
    [spaceId],
  );
  const people = new Map<string, Person & { orgs: Map<string, OrgRole> }>();
  for (const r of rows) {
    let person = people.get(r.user_id);
    if (!person) {
      const orgs = new Map<string, OrgRole>();
      const principal: Principal = {
        kind: 'user',
        userId: r.user_id,
        email: r.email,
        name: r.name,
        sessionId: '',
        csrfToken: '',
        orgs,
      };
      person = { userId: r.user_id, email: r.email, principal, orgs };
      people.set(r.user_id, person);
    }
    person.orgs.set(r.org_id, r.role);
  }
  return people;
}

export const activeOrgIds = async (q: Queryable, spaceId: string) =>
  (
    await q.query<{ org_id: string }>(
      `select org_id from space_orgs where space_id = $1 and status = 'active'`,
      [spaceId],
    )
  ).map((r) => r.org_id);

/** What the fan-out loads about the subject of a notification. */
export interface Subject {
  spaceId: string;
  caseId: string;
  caseTlp: 'CLEAR' | 'GREEN';
  actorId: string | null;
  label: ItemLabel;
  mentions: Mention[];
  version: number;
}

const labelOf = (r: {
  tlp: ItemLabel['tlp'];
  org_id: string;
  recipient_org_ids: string[];
  recipient_user_ids: string[];
}): ItemLabel => ({
  tlp: r.tlp,
  orgId: r.org_id,
  recipientOrgIds: r.recipient_org_ids,
  recipientUserIds: r.recipient_user_ids,
});

type SubjectRow = Parameters<typeof labelOf>[0] & {
  space_id: string;
  case_id: string;
  case_tlp: 'CLEAR' | 'GREEN';
  author_id: string | null;
  mentions?: Mention[];
  version?: number;
};

const SQL = {
  case: `select c.space_id, c.id as case_id, c.tlp as case_tlp, c.author_id, c.tlp, c.org_id,
           '{}'::uuid[] as recipient_org_ids, '{}'::uuid[] as recipient_user_ids from cases c where c.id = $1`,
  post: `select p.space_id, p.case_id, c.tlp as case_tlp, p.author_id, p.tlp, p.org_id, p.recipient_org_ids,
           p.recipient_user_ids, p.mentions from posts p join cases c on c.id = p.case_id where p.id = $1`,
  matrix_row: `select m.space_id, m.case_id, c.tlp as case_tlp, m.author_id, m.tlp, m.org_id, m.recipient_org_ids,
           m.recipient_user_ids, m.version from matrix_rows m join cases c on c.id = m.case_id where m.id = $1`,
} as const;

/** The subject as it is now (null when it was deleted meanwhile). */
export async function loadSubject(q: Queryable, type: keyof typeof SQL, id: string): Promise<Subject | null> {
  const r = await q.one<SubjectRow>(SQL[type], [id]);
  if (!r) return null;
  return {
    spaceId: r.space_id,
    caseId: r.case_id,
    caseTlp: r.case_tlp,
    actorId: r.author_id,
    label: labelOf(r),
    mentions: r.mentions ?? [],
    version: r.version ?? 0,
  };
}
