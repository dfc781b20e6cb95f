import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { messageOf } from '../api.ts';
import { coordApi } from '../api-coord.ts';
import { useAction } from '../hooks.ts';
import { Link } from '../router.tsx';
import type { CoordNotification, NotificationSettings } from '../types-coord.ts';
import { FormError } from './FormError.tsx';
import { notificationHref } from './NotificationBell.tsx';
import { TlpTag } from './TlpBadge.tsx';
import { When } from './When.tsx';

const KIND: Record<CoordNotification['kind'], string> = {
  case_created: 'New case',
  mention_user: 'Mention',
  mention_org: 'Mention of your org',
  matrix_changed: 'Status matrix',
};

interface Props {
  id: string;
  /** Notifications that arrived live since the page loaded, newest first. */
  arrived: CoordNotification[];
  onUnread(n: number): void;
  onClose(): void;
}

/**
 * The notifications panel under the bell: newest first (all or unread only), each under the
 * label it may be shown with, linking to its case or post; mark read one by one or all at
 * once; the email setting at the foot.
 */
export function NotificationPanel({ id, arrived, onUnread, onClose }: Props) {
  const headingId = useId();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<CoordNotification[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  /** Read here since the list loaded (`allUntil`: when everything was marked read). */
  const [readHere, setReadHere] = useState<{ allUntil: number; ids: ReadonlySet<string> }>({
    allUntil: 0,
    ids: new Set(),
  });

  const load = useCallback(
    (from: string | null) => {
      coordApi.notifications({ unread: unreadOnly, limit: 20, cursor: from }).then(
        (page) => {
          setItems((prev) => (from && prev ? [...prev, ...page.items] : page.items));
          setCursor(page.nextCursor);
          onUnread(page.unread);
          setError(null);
        },
        (err) => setError(messageOf(err)),
      );
    },
    [unreadOnly, onUnread],
  );
  useEffect(() => {
    setReadHere({ allUntil: 0, ids: new Set() });
    load(null);
  }, [load]);
  useEffect(() => {
    coordApi.notificationSettings().then(setSettings, () => {});
  }, []);

  // Live arrivals the first page did not have yet go on top.
  const shown = useMemo(() => {
    if (!items) return null;
    const known = new Set(items.map((n) => n.id));
    const all = [...arrived.filter((n) => !known.has(n.id)), ...items];
    const isRead = (n: CoordNotification) =>
      n.read || readHere.ids.has(n.id) || Date.parse(n.createdAt) <= readHere.allUntil;
    return all.map((n) => ({ ...n, read: isRead(n) }));
  }, [items, arrived, readHere]);

  const markRead = useAction(async (ids?: string[]) => {
    const { unread } = await coordApi.readNotifications(ids);
    onUnread(unread);
    setReadHere((r) => ({
      allUntil: ids ? r.allUntil : Date.now(),
      ids: new Set([...r.ids, ...(ids ?? [])]),
    }));
  });
  const saveEmail = useAction(async (email: boolean) =>
    setSettings(await coordApi.saveNotificationSettings(email)),
  );
  const open = (n: CoordNotification) => {
    if (!n.read) void markRead.run([n.id]);
    onClose();
  };

  return (
    <section id={id} className="menu notif-panel" aria-labelledby={headingId}>
      <header className="notif-head">
        <h2 id={headingId}>Notifications</h2>
        <fieldset className="segmented small" aria-label="Show">
          <legend className="visually-hidden">Show</legend>
          {(['All', 'Unread'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name={`${id}-filter`}
                checked={unreadOnly === (k === 'Unread')}
                onChange={() => setUnreadOnly(k === 'Unread')}
              />
              {k}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="link-button"
          disabled={markRead.pending || !shown?.some((n) => !n.read)}
          onClick={() => markRead.run()}
        >
          Mark all read
        </button>
      </header>
      <FormError error={error ?? markRead.error} />
      {shown === null && !error && <p className="muted small notif-empty">Loading…</p>}
      {shown?.length === 0 && (
        <p className="muted small notif-empty">
          {unreadOnly
            ? 'Nothing unread.'
            : 'No notifications yet: new cases, mentions and matrix changes show here.'}
        </p>
      )}
      {shown && shown.length > 0 && (
        <ul className="notif-list" aria-label="Notifications">
          {shown.map((n) => (
            <li key={n.id} className={n.read ? 'notif' : 'notif is-unread'}>
              <div className="notif-top">
                <TlpTag tlp={n.tlp} />
                <span className="pill small">{KIND[n.kind]}</span>
                {!n.read && <span className="visually-hidden">unread</span>}
                <span className="spacer" />
                <When iso={n.createdAt} />
              </div>
              <Link to={notificationHref(n)} className="notif-title" onClick={() => open(n)}>
                {n.title}
              </Link>
              {n.preview && <p className="notif-preview">{n.preview}</p>}
              <div className="notif-meta small muted">
                <span>
                  {n.space.name} · {n.case.title}
                </span>
                {!n.read && (
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Mark read: ${n.title}`}
                    disabled={markRead.pending}
                    onClick={() => markRead.run([n.id])}
                  >
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="button small notif-more" onClick={() => load(cursor)}>
          Load more
        </button>
      )}
      <footer className="notif-foot small">
        <label>
          <input
            type="checkbox"
            checked={settings?.email ?? false}
            disabled={!settings || saveEmail.pending}
            onChange={(e) => saveEmail.run(e.target.checked)}
          />
          Email me these notifications
        </label>
        {settings && !settings.emailAvailable && (
          <span className="muted"> (this server has no mail set up yet; they stay in-app)</span>
        )}
        <FormError error={saveEmail.error} />
      </footer>
    </section>
  );
}
