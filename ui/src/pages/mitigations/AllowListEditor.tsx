import { CheckField, TextField } from '../../components/Field.tsx';
import { errorFor } from '../../field-errors.ts';
import type { SectionProps } from './MitigationSettings.tsx';
import type { Draft } from './settings-draft.ts';

type Entry = Draft['allowList'][number];

/** Prefixes that are never blackholed (and, unless allowed, never filtered by FlowSpec). */
export function AllowListEditor({ draft, set, errors, readOnly }: SectionProps) {
  const rows = draft.allowList;
  const put = (i: number, patch: Partial<Entry>) =>
    set((d) => ({ ...d, allowList: d.allowList.map((e, j) => (j === i ? { ...e, ...patch } : e)) }));
  const listError = errorFor(errors, 'allowList');
  return (
    <fieldset className="panel">
      <legend>Allow-list</legend>
      <p className="muted small">
        Addresses never blackholed: DNS resolvers, shared load balancers, your own infrastructure. Use network
        prefixes (host bits zero), e.g. <code>198.51.100.0/24</code> or <code>2001:db8::53/128</code>.
      </p>
      {listError && <p className="field-error">{listError}</p>}
      {rows.length === 0 && <p className="muted">No entries.</p>}
      <ol className="allow-list">
        {rows.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the position is the identity
          <li key={i} className="allow-row">
            <TextField
              label={`Prefix ${i + 1}`}
              className="mono"
              value={e.prefix}
              readOnly={readOnly}
              spellCheck={false}
              error={errorFor(errors, `allowList.${i}.prefix`) ?? errorFor(errors, `allowList.${i}`)}
              onChange={(ev) => put(i, { prefix: ev.currentTarget.value })}
            />
            <TextField
              label={`Note ${i + 1}`}
              value={e.note}
              readOnly={readOnly}
              maxLength={200}
              error={errorFor(errors, `allowList.${i}.note`)}
              onChange={(ev) => put(i, { note: ev.currentTarget.value })}
            />
            <CheckField
              label="FlowSpec may still filter it"
              checked={e.allowFlowspec}
              disabled={readOnly}
              onChange={(ev) => put(i, { allowFlowspec: ev.currentTarget.checked })}
            />
            {!readOnly && (
              <button
                type="button"
                className="button small danger-outline"
                onClick={() => set((d) => ({ ...d, allowList: d.allowList.filter((_, j) => j !== i) }))}
              >
                Remove<span className="visually-hidden"> prefix {i + 1}</span>
              </button>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <div>
          <button
            type="button"
            className="button small"
            onClick={() =>
              set((d) => ({
                ...d,
                allowList: [...d.allowList, { prefix: '', allowFlowspec: true, note: '' }],
              }))
            }
          >
            Add a prefix
          </button>
        </div>
      )}
    </fieldset>
  );
}
