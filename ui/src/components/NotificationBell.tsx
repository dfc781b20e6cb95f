import { useCallback, useEffect, useState } from 'react';
import { coordApi } from '../api-coord.ts';
import { useLiveEvents, useLiveResync } from '../live.tsx';
import type { CoordNotification } from '../types-coord.ts';
import { NotificationPanel } from './NotificationBellPanel.tsx';
import { useDisclosure } from './useDisclosure.ts';
import '../styles-coord.css';

/** The console URL of what a notification is about (a post opens at its place in the thread). */
export const notificationHref = (n: CoordNotification) =>
  `/spaces/${n.space.id}/cases/${n.case.id}${n.item.type === 'post' ? `#post-${n.item.id}` : ''}`;

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/**
 * The header bell: how many coordination notifications are unread (kept live by the
 * `coordination.notification` events the server addresses to this person alone), and the
 * panel that lists them.
 */
export function NotificationBell() {
  const [unread, setUnread] = useState<number | null>(null);
  const { open, setOpen, rootRef, buttonRef, id: panelId } = useDisclosure();
  /** Notifications that arrived live, newest first, for an open panel to show at once. */
  const [arrived, setArrived] = useState<CoordNotification[]>([]);

  const refresh = useCallback(() => {
    coordApi.unreadNotifications().then(
      (r) => setUnread(r.unread),
      () => {},
    );
  }, []);
  useEffect(refresh, [refresh]);
  useLiveResync(refresh);
  useLiveEvents<{ notification: CoordNotification }>(['coordination.notification'], (e) => {
    const n = e.data.notification;
    if (!n) return;
    setArrived((a) => [n, ...a.filter((x) => x.id !== n.id)]);
    // The count is the server's (TLP-filtered); a live event only says it moved.
    if (!n.read) setUnread((u) => (u ?? 0) + 1);
    refresh();
  });

  const count = unread ?? 0;
  const label = count === 0 ? 'Notifications' : `Notifications, ${count} unread`;
  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        title={label}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {count > 0 && (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <NotificationPanel
          id={panelId}
          arrived={arrived}
          onUnread={setUnread}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
