import { findOrgByHandle, findUserByEmail, orgsOfUser } from '../identity/store.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { OrgRole } from '../policy/index.ts';
import { listOrgs, listSpaces } from '../spaces/service.ts';
import { type DemoOrg, emailOf, principalOf } from './cast.ts';
import { loadMeltdown, MELTDOWN_HANDLES } from './meltdown.ts';
import { MELTDOWN_SPACE } from './meltdown-entries.ts';
import { loadStatusPage, STATUS_SLUG } from './status-page.ts';

/**
 * `swimmy admin demo`: loads demo stories into the configured database so that a newcomer
 * sees a populated UI. Today one story (Meltdown / Spectre, PRODUCT.md story 1); later ones
 * (a detection flood, a status page) add a module beside meltdown.ts and a step here.
 * Loading twice changes nothing: an already loaded demo is detected and reported.
 */

export type DemoOutcome =
  | { status: 'loaded'; orgs: DemoOrg[]; spaceId: string; caseId: string; passwordChosen: boolean }
  | { status: 'already_loaded' };

export interface DemoOptions {
  /** One password for every demo account; otherwise each gets a generated one, returned once. */
  password?: string;
}

export async function loadDemo(p: Platform, options: DemoOptions = {}): Promise<DemoOutcome> {
  const present = await presentHandles(p);
  if (present.length === MELTDOWN_HANDLES.length && (await meltdownComplete(p)))
    return { status: 'already_loaded' };
  if (present.length > 0)
    throw new AppError(
      'conflict',
      `The demo cannot be loaded here: organisations ${present.join(', ')} exist but the demo space is not complete (an interrupted load, or real organisations with these handles). Load the demo into a fresh database.`,
    );
  const meltdown = await loadMeltdown(p, options.password);
  const scaleway = meltdown.orgs.find((o) => o.handle === 'scaleway')!;
  await loadStatusPage(p, scaleway.people[0]!.principal, scaleway.orgId);
  await p.audit.record({
    orgId: scaleway.orgId,
    action: 'demo.loaded',
    targetType: 'space',
    targetId: meltdown.spaceId,
    details: { story: 'meltdown' },
  });
  return { status: 'loaded', ...meltdown, passwordChosen: options.password !== undefined };
}

async function presentHandles(p: Platform): Promise<string[]> {
  const found: string[] = [];
  for (const handle of MELTDOWN_HANDLES) if (await findOrgByHandle(p.db, handle)) found.push(handle);
  return found;
}

/** Complete: Scaleway's opener sees the space with all nine organisations active in it. */
async function meltdownComplete(p: Platform): Promise<boolean> {
  const user = await findUserByEmail(p.db, emailOf('camille', 'scaleway'));
  if (!user) return false;
  const orgs = new Map<string, OrgRole>((await orgsOfUser(p.db, user.id)).map((o) => [o.id, o.role]));
  const principal = principalOf(user.id, user.email, user.name, orgs);
  const space = (await listSpaces(p, principal)).items.find((s) => s.name === MELTDOWN_SPACE.name);
  if (!space) return false;
  const members = (await listOrgs(p, principal, space.id)).items;
  const active = new Set(members.filter((m) => m.status === 'active').map((m) => m.org.handle));
  return MELTDOWN_HANDLES.every((h) => active.has(h));
}

/** What `swimmy admin demo` prints: where to sign in and as whom. Passwords appear once. */
export function describeDemo(outcome: DemoOutcome, url: string): string {
  if (outcome.status === 'already_loaded')
    return `The demo is already loaded; nothing was changed. Sign in at ${url} (passwords were shown when it was loaded; reset one with "swimmy admin reset-password").\n`;
  const lines = [
    `Loaded the demo: the consortium space "${MELTDOWN_SPACE.name}" with ${outcome.orgs.length} providers, one Meltdown/Spectre case, its thread, matrix, vendor questions and pinned status.`,
    '',
    `Sign in at ${url} as any of these people${outcome.passwordChosen ? ' (with the password you gave)' : ' (passwords are shown only this once)'}:`,
  ];
  for (const org of outcome.orgs) {
    lines.push(`  ${org.name}`);
    for (const person of org.people)
      lines.push(
        `    ${person.email.padEnd(30)} ${`${person.title}, ${person.role}`.padEnd(30)}${person.password ? ` ${person.password}` : ''}`,
      );
  }
  lines.push(
    '',
    'Try camille@scaleway.example (sees her RED post), then dana@nexcess.example (joined on day two: GREEN history and what was addressed to Nexcess only).',
    `Scaleway's public status page, with the Meltdown incident up to Update #7: ${url.replace(/\/$/, '')}/status/${STATUS_SLUG}`,
  );
  return `${lines.join('\n')}\n`;
}
