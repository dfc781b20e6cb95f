import { CheckField, SelectField, TextField } from '../../components/Field.tsx';
import { errorFor } from '../../field-errors.ts';
import { bytes, seconds } from '../../units.ts';
import type { SectionProps } from './MitigationSettings.tsx';
import type { Draft } from './settings-draft.ts';

const MODES: { value: Draft['mode']; label: string; help: string }[] = [
  { value: 'off', label: 'Off', help: 'Nothing is proposed or announced.' },
  {
    value: 'propose',
    label: 'Propose',
    help: 'Rules are proposed; a responder approves each before it is sent.',
  },
  {
    value: 'automatic',
    label: 'Automatic',
    help: 'Rules are announced at once and withdrawn after the attack.',
  },
];

export function ModeFields({ draft, set, errors, readOnly }: SectionProps) {
  const err = errorFor(errors, 'mode');
  return (
    <fieldset className="panel" aria-describedby={err ? 'mode-error' : undefined}>
      <legend>Mode</legend>
      <div className="radio-cards">
        {MODES.map((m) => (
          <label key={m.value} className={`radio-card${draft.mode === m.value ? ' checked' : ''}`}>
            <input
              type="radio"
              name="mode"
              value={m.value}
              checked={draft.mode === m.value}
              disabled={readOnly}
              onChange={() => set((d) => ({ ...d, mode: m.value }))}
            />
            <span>
              <strong>{m.label}</strong>
              <span className="muted small">{m.help}</span>
            </span>
          </label>
        ))}
      </div>
      {err && (
        <p className="field-error" id="mode-error">
          {err}
        </p>
      )}
    </fieldset>
  );
}

export function FlowspecFields({ draft, set, errors, readOnly }: SectionProps) {
  const f = draft.flowspec;
  const put = (patch: Partial<Draft['flowspec']>) =>
    set((d) => ({ ...d, flowspec: { ...d.flowspec, ...patch } }));
  const e = (k: string) => errorFor(errors, `flowspec.${k}`);
  return (
    <fieldset className="panel">
      <legend>BGP FlowSpec</legend>
      <CheckField
        label="Propose FlowSpec rules (vector-specific filters towards the victim)"
        checked={f.enabled}
        disabled={readOnly}
        error={e('enabled')}
        onChange={(ev) => put({ enabled: ev.currentTarget.checked })}
      />
      <div className="grid-form">
        <SelectField
          label="Action on matching traffic"
          value={f.action}
          disabled={readOnly}
          error={e('action')}
          onChange={(ev) => put({ action: ev.currentTarget.value as Draft['flowspec']['action'] })}
        >
          <option value="discard">Discard</option>
          <option value="rate-limit">Rate-limit</option>
        </SelectField>
        {f.action === 'rate-limit' && (
          <TextField
            label="Rate limit (bytes/s)"
            inputMode="numeric"
            value={f.rateLimitBytesPerSecond}
            readOnly={readOnly}
            error={e('rateLimitBytesPerSecond')}
            hint={
              Number(f.rateLimitBytesPerSecond) > 0
                ? `${bytes(Number(f.rateLimitBytesPerSecond))}/s`
                : 'At least 9600.'
            }
            onChange={(ev) => put({ rateLimitBytesPerSecond: ev.currentTarget.value })}
          />
        )}
        <TextField
          label="Rules per attack"
          inputMode="numeric"
          value={f.maxRules}
          readOnly={readOnly}
          error={e('maxRules')}
          hint="1–32"
          onChange={(ev) => put({ maxRules: ev.currentTarget.value })}
        />
        <TextField
          label="Ports per rule"
          inputMode="numeric"
          value={f.maxPorts}
          readOnly={readOnly}
          error={e('maxPorts')}
          hint="1–16"
          onChange={(ev) => put({ maxPorts: ev.currentTarget.value })}
        />
        <TextField
          label="Source-prefix rules"
          inputMode="numeric"
          value={f.maxSourceRules}
          readOnly={readOnly}
          error={e('maxSourceRules')}
          hint="0–16; only for floods whose sources are not spoofed."
          onChange={(ev) => put({ maxSourceRules: ev.currentTarget.value })}
        />
      </div>
    </fieldset>
  );
}

export function RtbhFields({ draft, set, errors, readOnly }: SectionProps) {
  const r = draft.rtbh;
  const put = (patch: Partial<Draft['rtbh']>) => set((d) => ({ ...d, rtbh: { ...d.rtbh, ...patch } }));
  const e = (k: string) => errorFor(errors, `rtbh.${k}`, true);
  return (
    <fieldset className={`panel${r.enabled ? ' rtbh-on' : ''}`}>
      <legend>RTBH (remotely triggered blackhole)</legend>
      <p className="warning-box" id="rtbh-warning">
        <strong>RTBH blackholes the victim.</strong> All traffic to the attacked address is dropped upstream —
        the attack and the customer's legitimate traffic alike. The attacker gets what they wanted; use it
        when the flood threatens the rest of your network. Allow-listed addresses are never blackholed.
      </p>
      <CheckField
        label="Allow RTBH announcements for this organisation"
        checked={r.enabled}
        disabled={readOnly}
        aria-describedby="rtbh-warning"
        error={errorFor(errors, 'rtbh') ?? e('enabled')}
        onChange={(ev) => put({ enabled: ev.currentTarget.checked })}
      />
      <div className="grid-form">
        <TextField
          label="IPv4 next hop"
          value={r.nextHopV4}
          readOnly={readOnly}
          placeholder="e.g. 192.0.2.1"
          error={e('nextHopV4')}
          spellCheck={false}
          onChange={(ev) => put({ nextHopV4: ev.currentTarget.value })}
        />
        <TextField
          label="IPv6 next hop"
          value={r.nextHopV6}
          readOnly={readOnly}
          placeholder="e.g. 2001:db8::1"
          error={e('nextHopV6')}
          spellCheck={false}
          onChange={(ev) => put({ nextHopV6: ev.currentTarget.value })}
        />
        <TextField
          label="Communities"
          value={r.communities}
          readOnly={readOnly}
          error={e('communities')}
          hint="ASN:value, separated by spaces; 65535:666 is RFC 7999 BLACKHOLE."
          spellCheck={false}
          onChange={(ev) => put({ communities: ev.currentTarget.value })}
        />
        <TextField
          label="Also blackhole from (bits/s)"
          inputMode="numeric"
          value={r.minBps}
          readOnly={readOnly}
          error={e('minBps')}
          hint="Empty: only when FlowSpec has no rule for the attack."
          onChange={(ev) => put({ minBps: ev.currentTarget.value })}
        />
      </div>
    </fieldset>
  );
}

export function TimingFields({ draft, set, errors, readOnly }: SectionProps) {
  const field = (
    key: 'holdSeconds' | 'maxLifetimeSeconds' | 'maxActiveAnnouncements' | 'hookUpdateIntervalSeconds',
    label: string,
    hint: string,
  ) => (
    <TextField
      label={label}
      inputMode="numeric"
      value={draft[key]}
      readOnly={readOnly}
      error={errorFor(errors, key)}
      hint={hint}
      onChange={(ev) => {
        const v = ev.currentTarget.value;
        set((d) => ({ ...d, [key]: v }));
      }}
    />
  );
  const hold = Number(draft.holdSeconds);
  const life = Number(draft.maxLifetimeSeconds);
  return (
    <fieldset className="panel">
      <legend>Timing and limits</legend>
      <div className="grid-form">
        {field(
          'holdSeconds',
          'Hold time (seconds)',
          Number.isFinite(hold) ? `Withdraw ${seconds(hold)} after the attack ends.` : '',
        )}
        {field(
          'maxLifetimeSeconds',
          'Longest announcement (seconds)',
          Number.isFinite(life) ? `Hard limit: ${seconds(life)}.` : '',
        )}
        {field(
          'maxActiveAnnouncements',
          'Most rules announced at once',
          'Across all attacks of the organisation.',
        )}
        {field(
          'hookUpdateIntervalSeconds',
          'Hook update interval (seconds)',
          'How often action hooks hear about a running attack.',
        )}
      </div>
    </fieldset>
  );
}
