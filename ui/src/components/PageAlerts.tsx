import { useSyncExternalStore } from 'react';
import { useLiveEvents } from '../live.tsx';
import { navigate } from '../router.tsx';
import { useToast } from './Toasts.tsx';

interface InApp {
  title: string;
  text: string;
  links?: { label: string; url: string }[];
}

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/**
 * In-app pages (`notification` events addressed to you): a toast always, and a browser
 * notification too when you allowed them, so a page reaches you in another tab.
 */
export function PageAlerts() {
  const toast = useToast();
  useLiveEvents<InApp>(['notification'], (e) => {
    const m = e.data;
    toast(m.title);
    if (supported() && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
      const open = m.links?.find((l) => l.label === 'Open incident')?.url;
      const n = new Notification(m.title, { body: m.text, tag: e.id });
      n.onclick = () => {
        window.focus();
        if (open) navigate(new URL(open, window.location.origin).pathname);
        n.close();
      };
    }
  });
  return null;
}

let permission: NotificationPermission | 'unsupported' = supported()
  ? Notification.permission
  : 'unsupported';
const watchers = new Set<() => void>();

/** Asks for, and shows the state of, the browser's notification permission (Account page). */
export function BrowserNotifications() {
  const state = useSyncExternalStore(
    (fn) => {
      watchers.add(fn);
      return () => watchers.delete(fn);
    },
    () => permission,
  );
  const ask = async () => {
    permission = await Notification.requestPermission();
    for (const w of watchers) w();
  };
  return (
    <section className="panel narrow" aria-labelledby="browser-notify-title">
      <h2 id="browser-notify-title">Browser notifications</h2>
      {state === 'unsupported' && <p className="muted">This browser cannot show notifications.</p>}
      {state === 'granted' && (
        <p>On: pages show as notifications while Swimmy is open in a background tab.</p>
      )}
      {state === 'denied' && <p>Blocked in this browser's site settings; allow them there to be notified.</p>}
      {state === 'default' && (
        <>
          <p>Show pages as browser notifications while Swimmy is open in a background tab.</p>
          <button type="button" className="button" onClick={ask}>
            Turn on browser notifications
          </button>
        </>
      )}
    </section>
  );
}
