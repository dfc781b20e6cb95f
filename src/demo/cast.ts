import { createOrgWithOwner, resetPassword } from '../identity/accounts.ts';
import { addMember } from '../identity/orgs.ts';
import { newSecret } from '../platform/auth/secrets.ts';
import type { Platform } from '../platform/platform.ts';
import type { OrgRole, Principal } from '../policy/index.ts';

/**
 * The people of the demo: organisations and their staff, created through the identity
 * services (so passwords are hashed, memberships audited). Names are invented; only the
 * organisations are the real ones from the story. Emails use the reserved `.example` domain.
 */

export interface DemoPersonSpec {
  /** The email's local part, also the key the story uses (`@local@handle` mentions). */
  local: string;
  name: string;
  role: OrgRole;
  title: string;
}

export interface DemoOrgSpec {
  handle: string;
  name: string;
  /** The first person is the org's owner. */
  people: readonly DemoPersonSpec[];
}

export interface DemoPerson extends DemoPersonSpec {
  email: string;
  userId: string;
  orgId: string;
  orgHandle: string;
  /** Set when the password was generated here (shown once); absent when the caller chose it. */
  password?: string;
  /** The person as the services see a signed-in caller. */
  principal: Principal;
}

export interface DemoOrg {
  handle: string;
  name: string;
  orgId: string;
  people: DemoPerson[];
}

export const emailOf = (local: string, handle: string) => `${local}@${handle}.example`;

/**
 * A caller for the services, as platform auth would resolve a session of this person. The
 * demo acts on behalf of its people; no session row exists, so nothing here can sign in.
 */
export function principalOf(
  userId: string,
  email: string,
  name: string,
  orgs: Map<string, OrgRole>,
): Principal {
  return { kind: 'user', userId, email, name, sessionId: 'demo-seed', csrfToken: '', orgs };
}

/**
 * Creates an org with its owner and staff. With `password` every account gets that password;
 * otherwise each gets a generated one, returned once.
 */
export async function createDemoOrg(p: Platform, spec: DemoOrgSpec, password?: string): Promise<DemoOrg> {
  const [ownerSpec, ...staff] = spec.people;
  if (ownerSpec?.role !== 'owner') throw new Error(`demo org ${spec.handle} needs an owner first`);
  const ownerPassword = password ?? newSecret(12);
  const { org, user } = await createOrgWithOwner(p, {
    org: { name: spec.name, handle: spec.handle },
    owner: { name: ownerSpec.name, email: emailOf(ownerSpec.local, spec.handle), password: ownerPassword },
  });
  const owner: DemoPerson = {
    ...ownerSpec,
    email: user.email,
    userId: user.id,
    orgId: org.id,
    orgHandle: org.handle,
    ...(password ? {} : { password: ownerPassword }),
    principal: principalOf(user.id, user.email, user.name, new Map([[org.id, 'owner']])),
  };
  const people = [owner];
  for (const s of staff) {
    const email = emailOf(s.local, spec.handle);
    const added = await addMember(p, owner.principal, org.id, { email, name: s.name, role: s.role });
    // addMember generates an initial password; a chosen demo password replaces it.
    if (password) await resetPassword(p, email, password);
    people.push({
      ...s,
      email,
      userId: added.member.userId,
      orgId: org.id,
      orgHandle: org.handle,
      ...(password ? {} : { password: added.initialPassword }),
      principal: principalOf(added.member.userId, email, s.name, new Map([[org.id, s.role]])),
    });
  }
  return { handle: org.handle, name: org.name, orgId: org.id, people };
}

export const ORGS_DAY_ONE: readonly DemoOrgSpec[] = [
  {
    handle: 'scaleway',
    name: 'Scaleway',
    people: [
      { local: 'camille', name: 'Camille Laurent', role: 'owner', title: 'CTO' },
      { local: 'hugo', name: 'Hugo Mercier', role: 'admin', title: 'kernel engineer' },
      { local: 'lea', name: 'Léa Fontaine', role: 'responder', title: 'security engineer' },
    ],
  },
  {
    handle: 'ovh',
    name: 'OVH',
    people: [
      { local: 'julien', name: 'Julien Roux', role: 'owner', title: 'CTO' },
      { local: 'sophie', name: 'Sophie Garnier', role: 'responder', title: 'hypervisor engineer' },
    ],
  },
  {
    handle: 'packet',
    name: 'Packet',
    people: [
      { local: 'maya', name: 'Maya Brooks', role: 'owner', title: 'CEO' },
      { local: 'ravi', name: 'Ravi Menon', role: 'responder', title: 'bare-metal engineer' },
    ],
  },
  {
    handle: 'digitalocean',
    name: 'DigitalOcean',
    people: [
      { local: 'nora', name: 'Nora Whitfield', role: 'owner', title: 'CTO' },
      { local: 'sam', name: 'Sam Okafor', role: 'responder', title: 'kernel engineer' },
    ],
  },
  {
    handle: 'vultr',
    name: 'Vultr',
    people: [
      { local: 'ethan', name: 'Ethan Cole', role: 'owner', title: 'head of operations' },
      { local: 'lina', name: 'Lina Park', role: 'responder', title: 'systems engineer' },
    ],
  },
  {
    handle: 'linode',
    name: 'Linode',
    people: [
      { local: 'grace', name: 'Grace Holloway', role: 'owner', title: 'CTO' },
      { local: 'owen', name: 'Owen Fischer', role: 'responder', title: 'Xen engineer' },
    ],
  },
];

/** The three who joined on day two and needed the history. */
export const ORGS_DAY_TWO: readonly DemoOrgSpec[] = [
  {
    handle: 'exoscale',
    name: 'Exoscale',
    people: [
      { local: 'lukas', name: 'Lukas Meier', role: 'owner', title: 'CTO' },
      { local: 'anna', name: 'Anna Keller', role: 'responder', title: 'platform engineer' },
    ],
  },
  {
    handle: 'prgmr',
    name: 'prgmr.com',
    people: [
      { local: 'pat', name: 'Pat Lindqvist', role: 'owner', title: 'founder' },
      { local: 'alex', name: 'Alex Moreau', role: 'responder', title: 'Xen administrator' },
    ],
  },
  {
    handle: 'nexcess',
    name: 'Nexcess',
    people: [
      { local: 'dana', name: 'Dana Reyes', role: 'owner', title: 'VP engineering' },
      { local: 'chris', name: 'Chris Novak', role: 'responder', title: 'Linux engineer' },
    ],
  },
];
