import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  /** The server's message about this field, shown beside it and announced with it. */
  error?: string | null;
}

function useDescribed(hint: ReactNode, error: string | null | undefined) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const after = (
    <>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </>
  );
  return { id, describedBy, invalid: error ? true : undefined, after };
}

/** A labelled input with an optional hint and error wired to aria-describedby. */
export function TextField({
  label,
  hint,
  error,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const d = useDescribed(hint, error);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>{label}</label>
      <input id={d.id} aria-describedby={d.describedBy} aria-invalid={d.invalid} {...input} />
      {d.after}
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const d = useDescribed(hint, error);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>{label}</label>
      <select id={d.id} aria-describedby={d.describedBy} aria-invalid={d.invalid} {...select}>
        {children}
      </select>
      {d.after}
    </div>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  ...area
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const d = useDescribed(hint, error);
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>{label}</label>
      <textarea id={d.id} aria-describedby={d.describedBy} aria-invalid={d.invalid} {...area} />
      {d.after}
    </div>
  );
}

/** A checkbox with its label beside it, and an optional hint below. */
export function CheckField({
  label,
  hint,
  error,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const d = useDescribed(hint, error);
  return (
    <div className={`field check${error ? ' has-error' : ''}`}>
      <label htmlFor={d.id}>
        <input
          id={d.id}
          type="checkbox"
          aria-describedby={d.describedBy}
          aria-invalid={d.invalid}
          {...input}
        />
        {label}
      </label>
      {d.after}
    </div>
  );
}
