import { type ReactNode, useEffect, useRef, useState } from 'react';

interface Props {
  title: string;
  label: string;
  secret: string;
  children?: ReactNode;
  onDone(): void;
}

/** A secret the server shows exactly once: selectable, copyable, and dismissed on purpose. */
export function SecretOnce({ title, label, secret, children, onDone }: Props) {
  const [copied, setCopied] = useState<string>('');
  const inputRef = useRef<HTMLInputElement>(null);
  const boxRef = useRef<HTMLElement>(null);

  useEffect(() => {
    boxRef.current?.focus();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard API (plain http on a LAN address): select it so Ctrl+C works.
      inputRef.current?.select();
      setCopied('Selected — press Ctrl+C (⌘C) to copy.');
    }
  };

  return (
    <section className="secret-once" ref={boxRef} tabIndex={-1} aria-labelledby="secret-once-title">
      <h2 id="secret-once-title">{title}</h2>
      {children}
      <label htmlFor="secret-once-value" className="secret-label">
        {label}
      </label>
      <div className="secret-row">
        <input
          id="secret-once-value"
          ref={inputRef}
          className="secret-value"
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button primary" onClick={copy}>
          Copy
        </button>
      </div>
      <p className="warning">
        <strong>This is shown only once.</strong> Store it now; Swimmy keeps only a hash and cannot show it
        again.
      </p>
      <div className="secret-done">
        <button type="button" className="button" onClick={onDone}>
          I have stored it
        </button>
        <p className="status-line" aria-live="polite">
          {copied}
        </p>
      </div>
    </section>
  );
}
