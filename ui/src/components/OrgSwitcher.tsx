import { useId } from 'react';
import { navigate } from '../router.tsx';
import { rememberOrg } from '../session.tsx';
import type { SessionOrg } from '../types.ts';

/** Switches organisation, keeping the current section (members stay members). */
export function OrgSwitcher({
  orgs,
  current,
  section,
}: {
  orgs: SessionOrg[];
  current: SessionOrg;
  section: string;
}) {
  const id = useId();
  return (
    <div className="org-switcher">
      <label htmlFor={id} className="visually-hidden">
        Organisation
      </label>
      <select
        id={id}
        value={current.handle}
        onChange={(e) => {
          const handle = e.currentTarget.value;
          rememberOrg(handle);
          navigate(`/o/${handle}${section ? `/${section}` : ''}`);
        }}
      >
        {orgs.map((o) => (
          <option key={o.id} value={o.handle}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}
