import type { Role } from './types.ts';

const RANK: Record<Role, number> = { viewer: 0, responder: 1, admin: 2, owner: 3 };
export const atLeast = (role: Role, min: Role) => RANK[role] >= RANK[min];

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  responder: 'Responder',
  viewer: 'Viewer',
};

export const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including owners and deleting the organisation',
  admin: 'manage members, API tokens and settings; read the audit log',
  responder: 'act on attacks and incidents: acknowledge, mitigate, post updates',
  viewer: 'read everything the organisation may see; change nothing',
};

/** `2025-01-07 14:03 UTC` — absolute times are always UTC, so responders in different zones agree. */
export function utc(iso: string, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, seconds ? 19 : 16)} UTC`;
}

// [unit, seconds per unit, used from this many seconds on]: precise where it matters (an
// expiry in 30 days says so, not "next month").
const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['year', 365 * 86400, 365 * 86400],
  ['month', 30 * 86400, 60 * 86400],
  ['day', 86400, 48 * 3600],
  ['hour', 3600, 90 * 60],
  ['minute', 60, 45],
];
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** `3 minutes ago`, `in 30 days`, `just now`. */
export function relative(iso: string, now = Date.now()): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  const diff = Math.round((t - now) / 1000);
  const abs = Math.abs(diff);
  for (const [unit, secs, from] of UNITS) {
    if (abs >= from) return rtf.format(Math.round(diff / secs), unit);
  }
  return diff <= 0 ? 'just now' : 'in a moment';
}

// Audit actions the console knows by name; anything else is spelled out from its code.
const ACTIONS: Record<string, string> = {
  'org.created': 'Created the organisation',
  'org.renamed': 'Renamed the organisation',
  'member.added': 'Added a member',
  'member.role_changed': 'Changed a member’s role',
  'member.removed': 'Removed a member',
  'token.created': 'Created an API token',
  'token.revoked': 'Revoked an API token',
  'session.login': 'Signed in',
  'session.login_failed': 'Failed to sign in',
  'session.logout': 'Signed out',
  'session.logout_everywhere': 'Signed out everywhere',
  'user.password_changed': 'Changed their password',
  'user.password_reset': 'Password was reset',
  'content.read': 'Read restricted content',
};

/** `member.role_changed` → `Member role changed` when not in the list above. */
export function actionLabel(action: string): string {
  const known = ACTIONS[action];
  if (known) return known;
  const words = action.replace(/[._-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : action;
}

/** Lowercase handle from a name: `Acme Cloud GmbH` → `acme-cloud-gmbh`. */
export function handleFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}

export const HANDLE_PATTERN = '[a-z0-9][a-z0-9\\-]{1,38}[a-z0-9]';
export const HANDLE_HINT = '3–40 characters: lowercase letters, digits and dashes; it appears in URLs.';
export const MIN_PASSWORD = 10;

/** Roles someone may hand out: owners any, admins up to admin. */
export function assignableRoles(mine: Role): Role[] {
  const all: Role[] = ['viewer', 'responder', 'admin', 'owner'];
  return all.filter((r) => RANK[r] <= RANK[mine] && (r !== 'owner' || mine === 'owner'));
}
