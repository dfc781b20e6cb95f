import type { ReactNode } from 'react';
import type { Attack } from '../../types-ops.ts';
import { bps, count, pps, protocolName, vectorLabel } from '../../units.ts';

/** Per vector: the rate the last time it was above a limit, and the limit it crossed. */
export function VectorTable({ attack: a }: { attack: Attack }) {
  const vectors = [...new Set([...Object.keys(a.breakdown), ...Object.keys(a.thresholds)])];
  const order = (v: string) => (v === 'total' ? -1 : a.vectors.includes(v) ? 0 : 1);
  vectors.sort((x, y) => order(x) - order(y) || (a.breakdown[y]?.pps ?? 0) - (a.breakdown[x]?.pps ?? 0));
  return (
    <section className="panel" aria-labelledby="vectors-title">
      <h2 id="vectors-title">Vectors and thresholds crossed</h2>
      {vectors.length === 0 ? (
        <p className="muted">No vector breakdown yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Vector</th>
              <th scope="col">Packets/s</th>
              <th scope="col">Bits/s</th>
              <th scope="col">Threshold crossed</th>
            </tr>
          </thead>
          <tbody>
            {vectors.map((v) => {
              const t = a.thresholds[v];
              const r = a.breakdown[v];
              return (
                <tr key={v} className={t ? 'crossed' : undefined}>
                  <th scope="row" data-label="Vector">
                    {vectorLabel(v)}
                  </th>
                  <td data-label="Packets/s">{r ? pps(r.pps) : '—'}</td>
                  <td data-label="Bits/s">{r ? bps(r.bps) : '—'}</td>
                  <td data-label="Threshold">{t ? limitText(t) : <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted small">Rates as of the last time the attack was above its limits.</p>
    </section>
  );
}

function limitText(t: Attack['thresholds'][string]): string {
  const parts: string[] = [];
  if (t.pps !== undefined) parts.push(`> ${pps(t.pps)}`);
  if (t.bps !== undefined) parts.push(`> ${bps(t.bps)}`);
  if (t.flowsPerSec !== undefined) parts.push(`> ${count(t.flowsPerSec)} flows/s`);
  return `${parts.join(' or ') || 'crossed'}${t.baseline ? ' (learned baseline)' : ''}`;
}

function Top({ title, head, rows }: { title: string; head: string; rows: [ReactNode, number][] }) {
  return (
    <div className="top-table">
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted small">None recorded.</p>
      ) : (
        <table className="table compact keep">
          <thead>
            <tr>
              <th scope="col">{head}</th>
              <th scope="col" className="num">
                Packets/s
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([k, v], i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are ranked; the rank is the identity
              <tr key={i}>
                <td className="mono">{k}</td>
                <td className="num">{pps(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Top sources, source ports, destination ports and source ASNs. */
export function TopTables({ attack: a }: { attack: Attack }) {
  return (
    <section className="panel" aria-labelledby="tops-title">
      <h2 id="tops-title">Top talkers</h2>
      <div className="tops">
        <Top title="Source addresses" head="Address" rows={a.topSources.map((s) => [s.address, s.pps])} />
        <Top title="Source ports" head="Port" rows={a.topSourcePorts.map((s) => [s.port, s.pps])} />
        <Top title="Destination ports" head="Port" rows={a.topDestinationPorts.map((s) => [s.port, s.pps])} />
        {a.topSourceAsns.length > 0 && (
          <Top title="Source ASNs" head="ASN" rows={a.topSourceAsns.map((s) => [`AS${s.asn}`, s.pps])} />
        )}
      </div>
      {a.spoofing === 'high' && (
        <p className="note small">
          Sources are likely forged: blocking them by address will not help; filter by vector instead.
        </p>
      )}
    </section>
  );
}

const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
const flags = (n: number) => TCP_FLAGS.filter((_, i) => n & (1 << i)).join(' ') || '—';

/** A handful of the flows that made up the attack, as the exporters reported them. */
export function SampleFlows({ attack: a }: { attack: Attack }) {
  return (
    <section className="panel" aria-labelledby="flows-title">
      <h2 id="flows-title">Sample flows</h2>
      {a.sampleFlows.length === 0 ? (
        <p className="muted">No sample flows recorded.</p>
      ) : (
        <div className="scroll-x">
          <table className="table compact keep flows">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Destination</th>
                <th scope="col">Proto</th>
                <th scope="col">Flags</th>
                <th scope="col" className="num">
                  Packets
                </th>
                <th scope="col" className="num">
                  Bytes
                </th>
                <th scope="col" className="num">
                  Sampling
                </th>
              </tr>
            </thead>
            <tbody>
              {a.sampleFlows.map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: samples have no identity of their own
                <tr key={i}>
                  <td className="mono">{hostPort(f.src, f.srcPort, f.protocol)}</td>
                  <td className="mono">{hostPort(f.dst, f.dstPort, f.protocol)}</td>
                  <td>
                    {protocolName(f.protocol)}
                    {f.icmpType !== null ? ` type ${f.icmpType}` : ''}
                  </td>
                  <td>
                    {f.protocol === 6 ? flags(f.tcpFlags) : '—'}
                    {f.fragment ? ' frag' : ''}
                  </td>
                  <td className="num">{count(f.packets)}</td>
                  <td className="num">{count(f.bytes)}</td>
                  <td className="num">1:{f.samplingRate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function hostPort(addr: string, port: number, protocol: number) {
  if (protocol !== 6 && protocol !== 17) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
