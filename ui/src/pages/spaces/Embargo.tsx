import { relative, utc } from '../../format.ts';

/** An embargo, unambiguous: `2018-01-09 21:00 UTC` and how far away it is. */
export function Embargo({ iso, now = Date.now() }: { iso: string | null; now?: number }) {
  if (!iso) return <span className="muted">No embargo</span>;
  const lifted = Date.parse(iso) <= now;
  return (
    <span className={`embargo${lifted ? ' lifted' : ''}`}>
      <time dateTime={iso} className="mono">
        {utc(iso)}
      </time>{' '}
      <span className="muted small">
        ({lifted ? `lifted ${relative(iso, now)}` : `lifts ${relative(iso, now)}`})
      </span>
    </span>
  );
}

/** A `<input type=date>` + `<input type=time>` pair read as UTC → ISO 8601 with Z, or null. */
export function embargoIso(date: string, time: string): string | null {
  if (!date) return null;
  return `${date}T${time || '00:00'}:00Z`;
}
