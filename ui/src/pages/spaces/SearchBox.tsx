import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import { FormError } from '../../components/FormError.tsx';
import { TlpTag } from '../../components/TlpBadge.tsx';
import { Link } from '../../router.tsx';
import type { SearchHit } from '../../types-coord.ts';

/**
 * The server's snippet is plain text with «…» around each match (never HTML): the matches
 * become <mark> elements here, everything else stays text.
 */
export function Snippet({ text }: { text: string }) {
  const out: ReactNode[] = [];
  const re = /«([^»]*)»/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push(<mark key={m.index}>{m[1]}</mark>);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return <span className="snippet">{out}</span>;
}

interface Props {
  /** Search this space only; otherwise every case the reader may see. */
  spaceId?: string;
  /** Where this space's cases live for the current org (`/o/<org>/spaces/<space>`). */
  spaceBase?: string;
}

/**
 * Full-text search over the cases and posts the reader may see (the server filters by TLP
 * before it ranks or cuts snippets). Results come as you type; each links to its case or post.
 */
export function SearchBox({ spaceId, spaceBase }: Props) {
  const id = useId();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [searched, setSearched] = useState('');
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    const query = text.trim();
    if (query.length < 2) {
      setHits(null);
      return;
    }
    const gen = ++generation.current;
    const t = setTimeout(() => {
      coordApi.search(query, spaceId).then(
        (r) => {
          if (gen !== generation.current) return;
          setHits(r.items);
          setSearched(query);
          setError(null);
        },
        (err) => gen === generation.current && setError(messageOf(err)),
      );
    }, 250);
    return () => clearTimeout(t);
  }, [text, spaceId]);

  const href = (h: SearchHit) => {
    const base = spaceBase && h.spaceId === spaceId ? spaceBase : `/spaces/${h.spaceId}`;
    return `${base}/cases/${h.caseId}${h.type === 'post' ? `#post-${h.id}` : ''}`;
  };
  return (
    <search className="coord-search" aria-label={spaceId ? 'Search this space' : 'Search all spaces'}>
      <form onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Search cases and posts
        </label>
        <input
          id={`${id}-q`}
          type="search"
          value={text}
          maxLength={500}
          placeholder={
            spaceId ? 'Search this space: CVE ids, findings, words…' : 'Search every space you are in…'
          }
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setText('');
          }}
        />
      </form>
      <FormError error={error} />
      {hits && (
        <div className="search-results" aria-live="polite">
          {hits.length === 0 ? (
            <p className="muted small">Nothing you may see matches “{searched}”.</p>
          ) : (
            <ol aria-label="Search results">
              {hits.map((h) => (
                <li key={`${h.type}-${h.id}`}>
                  <div className="search-hit-head">
                    <TlpTag tlp={h.tlp} />
                    <span className="pill small">{h.type}</span>
                    <Link to={href(h)}>{h.caseTitle}</Link>
                  </div>
                  <p className="small">
                    <Snippet text={h.snippet} />
                  </p>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </search>
  );
}
