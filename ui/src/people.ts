import { useEffect, useState } from 'react';
import { api } from './api.ts';
import type { Member } from './types.ts';

// One members request per org and page load: names for the ids that records carry.
const cache = new Map<string, Promise<Member[]>>();

export function loadMembers(orgId: string): Promise<Member[]> {
  let p = cache.get(orgId);
  if (!p) {
    p = api.members(orgId, null, 200).then(
      (page) => page.items,
      (err) => {
        cache.delete(orgId);
        throw err;
      },
    );
    cache.set(orgId, p);
  }
  return p;
}

/** Forget the cached members (after adding someone, for example). */
export const forgetMembers = (orgId: string) => cache.delete(orgId);

export interface People {
  members: Member[];
  /** A readable name for a user id; a short id when the person is not (or no longer) a member. */
  name(userId: string | null | undefined): string;
}

export function usePeople(orgId: string): People {
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    let live = true;
    loadMembers(orgId).then(
      (m) => live && setMembers(m),
      () => {}, // ids stay readable enough
    );
    return () => {
      live = false;
    };
  }, [orgId]);
  const byId = new Map(members.map((m) => [m.userId, m.name || m.email]));
  return {
    members,
    name: (id) => (id ? (byId.get(id) ?? `user ${id.slice(0, 8)}`) : 'Swimmy'),
  };
}
