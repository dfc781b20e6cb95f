import { relative, utc } from '../format.ts';

/** A time shown both ways: relative for speed, absolute UTC for the record. */
export function When({ iso, stacked = false }: { iso: string; stacked?: boolean }) {
  const abs = utc(iso, true);
  if (stacked) {
    return (
      <time dateTime={iso} className="when stacked" title={abs}>
        <span>{relative(iso)}</span>
        <span className="muted small">{abs}</span>
      </time>
    );
  }
  return (
    <time dateTime={iso} className="when" title={abs}>
      {relative(iso)}
    </time>
  );
}
