import { useId, useRef, useState } from 'react';

/** A monospace block of text to paste somewhere else, with a Copy button. */
export function CopyBlock({ label, text }: { label: string; text: string }) {
  const [status, setStatus] = useState('');
  const ref = useRef<HTMLPreElement>(null);
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied.');
    } catch {
      // No clipboard API (plain http on a LAN address): select the text so Ctrl+C works.
      const range = document.createRange();
      if (ref.current) range.selectNodeContents(ref.current);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      setStatus('Selected — press Ctrl+C (⌘C) to copy.');
    }
  };
  return (
    <figure className="copy-block">
      <figcaption className="copy-head">
        <span id={id} className="label">
          {label}
        </span>
        <button type="button" className="button small" onClick={copy} aria-describedby={id}>
          Copy
        </button>
        <span className="status-line small" aria-live="polite">
          {status}
        </span>
      </figcaption>
      <pre ref={ref}>{text}</pre>
    </figure>
  );
}
