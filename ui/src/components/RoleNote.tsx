import { ROLE_LABEL } from '../format.ts';
import type { Role } from '../types.ts';

const ARTICLE: Record<Role, string> = { owner: 'an', admin: 'an', responder: 'a', viewer: 'a' };

/** Says why controls are missing, instead of leaving people to wonder. */
export function RoleNote({ role, org, children }: { role: Role; org: string; children: string }) {
  return (
    <p className="note">
      You are {ARTICLE[role]} <strong>{ROLE_LABEL[role].toLowerCase()}</strong> in {org}. {children}
    </p>
  );
}
