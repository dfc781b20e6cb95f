import { api, messageOf } from '../api.ts';
import { Link } from '../router.tsx';
import { useSession, useSignedIn } from '../session.tsx';
import { useToast } from './Toasts.tsx';
import { useDisclosure } from './useDisclosure.ts';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

/** Account actions behind a disclosure button: password, sign out, sign out everywhere. */
export function UserMenu() {
  const { user } = useSignedIn();
  const { signedOut } = useSession();
  const toast = useToast();
  const { open, setOpen, rootRef, buttonRef, id: menuId } = useDisclosure();

  const signOut = async (everywhere: boolean) => {
    setOpen(false);
    try {
      await (everywhere ? api.signOutEverywhere() : api.signOut());
      signedOut(everywhere ? 'Signed out on every device.' : 'Signed out.');
    } catch (err) {
      toast(`Could not sign out: ${messageOf(err)}`);
    }
  };

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="avatar-button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account menu for ${user.name}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-name">{user.name}</span>
      </button>
      <div id={menuId} className="menu" hidden={!open}>
        <div className="menu-head">
          <strong>{user.name}</strong>
          <span className="muted small">{user.email}</span>
        </div>
        <ul>
          <li>
            <Link to="/account" onClick={() => setOpen(false)}>
              Your account
            </Link>
          </li>
          <li>
            <Link to="/orgs/new" onClick={() => setOpen(false)}>
              New organisation
            </Link>
          </li>
          <li>
            <button type="button" onClick={() => signOut(false)}>
              Sign out
            </button>
          </li>
          <li>
            <button type="button" onClick={() => signOut(true)}>
              Sign out everywhere
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
