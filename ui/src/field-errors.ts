import { useState } from 'react';
import { ApiError, messageOf } from './api.ts';

/**
 * The server's validation messages, by field. Two shapes arrive: the schema's (`details` =
 * [{ instancePath: '/rtbh/nextHopV4', message }]) and the modules' own checks (`details` =
 * ['rtbh.nextHopV4: must be an IPv4 address']). Both become `rtbh.nextHopV4` → message.
 * Messages that name no field a form shows stay in `rest`, for the form's own error line.
 */
export interface FieldErrors {
  byField: Map<string, string>;
  all: string[];
}

const norm = (path: string) =>
  path
    .replace(/^\/+/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\//g, '.')
    .replace(/^body\.?/, '');

export function fieldErrors(err: unknown): FieldErrors {
  const byField = new Map<string, string>();
  const all: string[] = [];
  const add = (path: string, message: string) => {
    const key = norm(path);
    byField.set(key, byField.has(key) ? `${byField.get(key)}; ${message}` : message);
    all.push(key ? `${key}: ${message}` : message);
  };
  const details = err instanceof ApiError ? err.details : undefined;
  if (Array.isArray(details) && details.length > 0) {
    for (const d of details) {
      if (typeof d === 'string') {
        const m = /^([A-Za-z][\w.[\]]*): (.*)$/.exec(d);
        if (m) add(m[1]!, m[2]!);
        else add('', d);
      } else if (d && typeof d === 'object') {
        const o = d as { instancePath?: unknown; message?: unknown };
        add(typeof o.instancePath === 'string' ? o.instancePath : '', String(o.message ?? 'is not valid'));
      }
    }
  } else {
    add('', messageOf(err));
  }
  return { byField, all };
}

/** The message for a field, or for anything inside it when `deep` (e.g. a list's rows). */
export function errorFor(errors: FieldErrors | null, field: string, deep = false): string | null {
  if (!errors) return null;
  const own = errors.byField.get(field);
  if (own || !deep) return own ?? null;
  const inner = [...errors.byField].filter(([k]) => k.startsWith(`${field}.`)).map(([k, m]) => `${k}: ${m}`);
  return inner.length ? inner.join('; ') : null;
}

/** Messages none of the `shown` fields (or their children) display. */
export function unplaced(errors: FieldErrors | null, shown: readonly string[]): string[] {
  if (!errors) return [];
  return [...errors.byField]
    .filter(([k]) => !shown.some((f) => k === f || k.startsWith(`${f}.`)))
    .map(([k, m]) => (k ? `${k}: ${m}` : m));
}

/** Saves an editor's body: pending while the call runs, the server's problems by field when it fails. */
export function useFieldSave() {
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [pending, setPending] = useState(false);
  const save = async <T>(call: () => Promise<T>, onSaved: (saved: T) => void) => {
    setPending(true);
    setErrors(null);
    try {
      onSaved(await call());
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setPending(false);
    }
  };
  return { errors, pending, save };
}
