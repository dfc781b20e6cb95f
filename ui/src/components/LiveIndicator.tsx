import { useEffect, useState } from 'react';

type Status = 'connecting' | 'live' | 'reconnecting';

const LABEL: Record<Status, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Whether the live stream (/api/v1/stream) is connected; retries with backoff when it is not. */
export function LiveIndicator() {
  const [status, setStatus] = useState<Status>('connecting');
  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    let stopped = false;
    const connect = () => {
      source = new EventSource('/api/v1/stream', { withCredentials: true });
      source.onopen = () => {
        delay = 2000;
        setStatus('live');
      };
      source.onerror = () => {
        setStatus('reconnecting');
        // The browser retries by itself unless the server refused (non-200): then we do, slower.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          timer = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 30_000);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, []);
  return (
    <span className={`live live-${status}`} role="status" title={`Live updates: ${LABEL[status]}`}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-text">{LABEL[status]}</span>
    </span>
  );
}
