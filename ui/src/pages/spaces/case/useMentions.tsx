import { type KeyboardEvent, type RefObject, useId, useState } from 'react';
import type { OrgRef, SpacePerson } from '../../../types-coord.ts';

interface Suggestion {
  /** What goes after the @: `octave@ovh` (a person) or `ovh` (an org). */
  insert: string;
  name: string;
  detail: string;
}

// The mention being typed at the caret: an @ not preceded by a word character (as the server
// reads mentions, so an email address is not one), then what was typed so far.
const TYPING = /(^|[^\w@.])@([A-Za-z0-9._%+@-]{0,80})$/;

/** People first (a person is told by name), then organisations; at most eight. */
function suggestionsFor(query: string, people: SpacePerson[], orgs: OrgRef[], me: string): Suggestion[] {
  const q = query.toLowerCase();
  const hit = (...texts: string[]) => texts.some((t) => t.toLowerCase().includes(q));
  const persons = people
    .filter((p) => p.userId !== me && hit(p.mention, p.name))
    .map((p) => ({ insert: p.mention, name: p.name, detail: `@${p.mention} · ${p.org.name}` }));
  const groups = orgs
    .filter((o) => hit(o.handle, o.name))
    .map((o) => ({ insert: o.handle, name: o.name, detail: `@${o.handle} · everyone in ${o.name}` }));
  return [...persons, ...groups].slice(0, 8);
}

/**
 * Mention autocomplete for a Markdown textarea: typing `@` offers the people and organisations
 * of the space; arrow keys move, Enter or Tab inserts, Escape closes. Returns the props for the
 * textarea and the suggestion list to render under it.
 */
export function useMentions(
  ref: RefObject<HTMLTextAreaElement | null>,
  value: string,
  setValue: (v: string) => void,
  people: SpacePerson[],
  orgs: OrgRef[],
  me: string,
) {
  const listId = useId();
  const [query, setQuery] = useState<{ text: string; at: number } | null>(null);
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const items = query ? suggestionsFor(query.text, people, orgs, me) : [];
  const open = query !== null && items.length > 0 && closedAt !== query.at;

  /** Reads the mention at the caret after each change or caret move. */
  const sync = () => {
    const el = ref.current;
    if (!el) return;
    const caret = el.selectionStart;
    const m = TYPING.exec(el.value.slice(0, caret));
    if (!m) return setQuery(null);
    const text = m[2]!;
    if (query?.text !== text) setActive(0);
    setQuery({ text, at: caret - text.length - 1 });
  };

  const choose = (s: Suggestion) => {
    const el = ref.current;
    if (!el || !query) return;
    const end = query.at + 1 + query.text.length;
    const after = value.slice(end);
    const inserted = `@${s.insert}${after.startsWith(' ') ? '' : ' '}`;
    setValue(value.slice(0, query.at) + inserted + after);
    setQuery(null);
    const caret = query.at + inserted.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + items.length) % items.length);
    } else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      choose(items[Math.min(active, items.length - 1)]!);
    } else if (e.key === 'Escape') {
      setClosedAt(query.at);
    } else return false;
    e.preventDefault();
    e.stopPropagation();
    return true;
  };

  const optionId = (i: number) => `${listId}-${i}`;
  const textareaProps = {
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(Math.min(active, items.length - 1)) : undefined,
    onSelect: sync,
    onInput: sync,
  };
  const list = open ? (
    <div id={listId} className="mention-list" role="listbox" aria-label="Mention suggestions">
      {items.map((s, i) => (
        <div
          key={s.insert}
          tabIndex={-1}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          // Mouse down would blur the textarea first; keep the caret where it is.
          onMouseDown={(e) => {
            e.preventDefault();
            choose(s);
          }}
        >
          <strong>{s.name}</strong> <span className="muted small">{s.detail}</span>
        </div>
      ))}
    </div>
  ) : null;
  return { textareaProps, onKeyDown, list };
}
