import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AttackWithSamples } from '../../types-ops.ts';
import { bps, pps, vectorColours, vectorLabel } from '../../units.ts';

/** `live`: a point from a live event, which carries only the total (other vectors unknown yet). */
export type Sample = AttackWithSamples['samples'][number] & { live?: boolean };
type Unit = 'pps' | 'bps';

/** Vectors in a stable order: total first, then as the attack lists them, then the rest. */
function vectorOrder(samples: readonly Sample[], listed: readonly string[]): string[] {
  const seen = new Set(samples.map((s) => s.vector));
  const order = ['total', ...listed.filter((v) => v !== 'total'), ...[...seen].sort()];
  return [...new Set(order)].filter((v) => seen.has(v));
}

/**
 * uPlot's columns: x = epoch seconds, one row per vector. A vector missing from a stored second
 * was 0 (the server stores only vectors with traffic); in a live-only second it is not known yet.
 */
function columns(samples: readonly Sample[], vectors: string[], unit: Unit): uPlot.AlignedData {
  const xs = [...new Set(samples.map((s) => Math.floor(Date.parse(s.at) / 1000)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const stored = new Set(samples.filter((s) => !s.live).map((s) => Math.floor(Date.parse(s.at) / 1000)));
  const fill = xs.map((x) => (stored.has(x) ? 0 : null));
  const rows = vectors.map(() => [...fill] as (number | null)[]);
  const row = new Map(vectors.map((v, i) => [v, rows[i]!]));
  for (const s of samples) {
    const r = row.get(s.vector);
    const i = index.get(Math.floor(Date.parse(s.at) / 1000));
    if (r && i !== undefined) r[i] = unit === 'pps' ? s.pps : s.bps;
  }
  return [xs, ...rows];
}

const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/**
 * Traffic per vector over time (uPlot). Vectors overlap (UDP includes NTP amplification, the
 * total includes everything), so they are drawn as separate lines, not stacked; the total is
 * thicker. The legend shows the values under the cursor.
 */
export function TrafficChart({ attack }: { attack: AttackWithSamples }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [unit, setUnit] = useState<Unit>('pps');
  const vectors = useMemo(
    () => vectorOrder(attack.samples, attack.vectors),
    [attack.samples, attack.vectors],
  );
  const data = useMemo(() => columns(attack.samples, vectors, unit), [attack.samples, vectors, unit]);
  const shape = `${vectors.join(',')}|${unit}`;
  const dataRef = useRef(data);
  dataRef.current = data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series change (shape); data flows in below
  useEffect(() => {
    const el = box.current;
    if (!el || vectors.length === 0) return;
    const fmt = unit === 'pps' ? pps : bps;
    const colours = vectorColours(vectors, cssVar('--text', '#161b22'));
    const axis = {
      stroke: cssVar('--muted', '#57606a'),
      grid: { stroke: cssVar('--border', '#d9dde3'), width: 1 },
      ticks: { stroke: cssVar('--border', '#d9dde3'), width: 1 },
    };
    const width = Math.max(280, el.clientWidth);
    const u = new uPlot(
      {
        width,
        height: width < 500 ? 220 : 300,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [
          {
            ...axis,
            label: 'time (UTC)',
            labelSize: 18,
            // Whole seconds at least; labelled HH:MM:SS in UTC, like every absolute time here.
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400],
            values: (_u, splits) => splits.map((v) => new Date(v * 1000).toISOString().slice(11, 19)),
          },
          { ...axis, size: 80, values: (_u, vals) => vals.map((v) => fmt(v)) },
        ],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        series: [
          {
            label: 'UTC',
            value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toISOString().slice(11, 19)),
          },
          ...vectors.map((v) => ({
            label: vectorLabel(v),
            stroke: colours.get(v),
            width: v === 'total' ? 2.5 : 1.75,
            dash: v === 'total' ? [6, 3] : undefined,
            points: { show: false },
            value: (_u: uPlot, val: number | null) => (val == null ? '—' : fmt(val)),
          })),
        ],
      },
      dataRef.current,
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(280, el.clientWidth);
      if (Math.abs(w - u.width) > 2) u.setSize({ width: w, height: w < 500 ? 220 : 300 });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const peak = unit === 'pps' ? pps(attack.peak.pps) : bps(attack.peak.bps);
  return (
    <section className="panel chart-panel" aria-labelledby="chart-title">
      <div className="panel-head">
        <h2 id="chart-title">Traffic per vector</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Unit</legend>
          {(['pps', 'bps'] as const).map((u) => (
            <label key={u}>
              <input type="radio" name="chart-unit" checked={unit === u} onChange={() => setUnit(u)} />
              {u === 'pps' ? 'Packets/s' : 'Bits/s'}
            </label>
          ))}
        </fieldset>
      </div>
      {vectors.length === 0 ? (
        <p className="muted">No traffic samples recorded yet.</p>
      ) : (
        <div
          ref={box}
          className="chart"
          role="img"
          aria-label={`Traffic per vector in ${unit === 'pps' ? 'packets' : 'bits'} per second over ${data[0].length} seconds; peak ${peak}. The tables below give the figures.`}
        />
      )}
      <p className="muted small">
        Per second, UTC. Vectors overlap (UDP includes amplification; the dashed total includes everything).
        Drag across the graph to zoom, double-click to reset.
      </p>
    </section>
  );
}
