import { type LiveStatus, useLiveStatus } from '../live.tsx';

const LABEL: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** Whether the live stream (/api/v1/stream) is connected; the hub in live.tsx retries. */
export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <span className={`live live-${status}`} role="status" title={`Live updates: ${LABEL[status]}`}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-text">{LABEL[status]}</span>
    </span>
  );
}
