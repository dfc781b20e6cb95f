import { useEffect, useId, useRef, useState } from 'react';
import { api, messageOf } from '../api.ts';
import { Link } from '../router.tsx';
import { useSession, useSignedIn } from '../session.tsx';
import { useToast } from './Toasts.tsx';

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
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

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
