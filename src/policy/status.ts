import { AppError } from '../platform/http/errors.ts';
import type { OrgRole } from './roles.ts';
import type { Tlp } from './tlp.ts';

/**
 * Public status pages. Who may do what on an org's page (the routes declare these roles):
 * viewers read the admin side, responders open incidents and post their numbered updates,
 * admins and owners edit the page, its components and scheduled maintenance.
 */
export const STATUS_ROLES = {
  read: 'viewer',
  postIncidentUpdate: 'responder',
  edit: 'admin',
} as const satisfies Record<string, OrgRole>;

/**
 * The publishing gate: a status page is public, so only TLP:CLEAR content may reach it (page,
 * feeds, JSON API, and whatever subscriptions deliver from it). Anything else is refused with
 * a 409 that says how to get there: the source must re-mark it CLEAR first.
 */
export function requirePublishable(tlp: Tlp, what = 'This content') {
  if (tlp === 'CLEAR') return;
  throw new AppError(
    'conflict',
    `${what} is labelled TLP:${tlp}; only TLP:CLEAR content can be published on a public status page. Ask its source to re-mark it CLEAR first.`,
  );
}
