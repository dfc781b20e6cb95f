import { SelectField, TextAreaField, TextField } from '../../components/Field.tsx';
import { errorFor } from '../../field-errors.ts';
import type { SectionProps } from './MitigationSettings.tsx';
import type { Draft } from './settings-draft.ts';

const DRIVERS: { value: Draft['driver']['kind']; label: string }[] = [
  { value: 'log', label: 'Log only (dry run: record, send nothing)' },
  { value: 'exabgp', label: 'ExaBGP command FIFO' },
  { value: 'exabgp-process', label: 'ExaBGP feeder process (stdin)' },
  { value: 'gobgp', label: 'GoBGP CLI' },
  { value: 'exec', label: 'Exec program (JSON on stdin)' },
];

export function DriverFields({ draft, set, errors, readOnly }: SectionProps) {
  const d = draft.driver;
  const put = (patch: Partial<Draft['driver']>) => set((x) => ({ ...x, driver: { ...x.driver, ...patch } }));
  const e = (k: string) => errorFor(errors, `driver.${k}`, true);
  return (
    <fieldset className="panel">
      <legend>Driver: how rules reach the routers</legend>
      <SelectField
        label="Driver"
        value={d.kind}
        disabled={readOnly}
        error={errorFor(errors, 'driver') ?? e('kind')}
        onChange={(ev) => put({ kind: ev.currentTarget.value as Draft['driver']['kind'] })}
      >
        {DRIVERS.map((x) => (
          <option key={x.value} value={x.value}>
            {x.label}
          </option>
        ))}
      </SelectField>
      {d.kind === 'exabgp' && (
        <TextField
          label="FIFO path"
          className="mono"
          value={d.fifo}
          readOnly={readOnly}
          error={e('fifo')}
          placeholder="/run/exabgp/swimmy.cmd"
          hint="Must lie in a directory the server's operator allows (mitigationFifoDirs)."
          spellCheck={false}
          onChange={(ev) => put({ fifo: ev.currentTarget.value })}
        />
      )}
      {(d.kind === 'exec' || d.kind === 'exabgp-process') && (
        <TextAreaField
          label="Program and arguments (one per line, no shell)"
          className="mono"
          rows={3}
          value={d.argv}
          readOnly={readOnly}
          error={e('argv')}
          hint="The program must be on the operator's list (mitigationPrograms)."
          spellCheck={false}
          onChange={(ev) => put({ argv: ev.currentTarget.value })}
        />
      )}
      {d.kind === 'gobgp' && (
        <div className="grid-form">
          <TextField
            label="gobgp binary"
            className="mono"
            value={d.binary}
            readOnly={readOnly}
            error={e('binary')}
            placeholder="/usr/bin/gobgp"
            spellCheck={false}
            onChange={(ev) => put({ binary: ev.currentTarget.value })}
          />
          <TextField
            label="gobgpd API address"
            value={d.host}
            readOnly={readOnly}
            error={e('host')}
            placeholder="127.0.0.1"
            spellCheck={false}
            onChange={(ev) => put({ host: ev.currentTarget.value })}
          />
          <TextField
            label="API port"
            inputMode="numeric"
            value={d.port}
            readOnly={readOnly}
            error={e('port')}
            placeholder="50051"
            onChange={(ev) => put({ port: ev.currentTarget.value })}
          />
        </div>
      )}
      {(d.kind === 'gobgp' || d.kind === 'exec') && (
        <TextField
          label="Timeout (ms)"
          inputMode="numeric"
          value={d.timeoutMs}
          readOnly={readOnly}
          error={e('timeoutMs')}
          hint="100–60000; empty for the default."
          onChange={(ev) => put({ timeoutMs: ev.currentTarget.value })}
        />
      )}
    </fieldset>
  );
}
