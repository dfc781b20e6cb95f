import { humanStatus } from '../model.ts';
import { formatPercent, type Uptime } from '../uptime.ts';

/** Small building blocks of the public HTML: escaping, dates, status marks, uptime bars, layout. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Plain text to paragraphs: blank lines split paragraphs, single newlines are line breaks. */
export const paragraphs = (text: string) =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');

export function dateFormatter(timeZone: string) {
  const full = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const day = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' });
  const month = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'long' });
  return {
    time: (d: Date) => `<time datetime="${d.toISOString()}">${esc(full.format(d))}</time>`,
    day: (d: Date) => day.format(d),
    month: (d: Date) => month.format(d),
  };
}
export type Dates = ReturnType<typeof dateFormatter>;

/** A status shown as a shape and a word, never as colour alone. */
const MARKS: Record<string, string> = {
  operational: '✓',
  degraded_performance: '!',
  partial_outage: '!',
  major_outage: '✕',
  under_maintenance: '⚙',
  none: '✓',
  minor: '!',
  major: '!',
  critical: '✕',
  maintenance: '⚙',
};
export const mark = (status: string) =>
  `<span class="mark s-${esc(status)}" aria-hidden="true">${MARKS[status] ?? '•'}</span>`;
export const statusText = (status: string) =>
  `<span class="status s-${esc(status)}">${mark(status)} ${esc(humanStatus(status))}</span>`;

/** 90 bars, one per day, worst status colours it; each bar says its day and figure on hover. */
export function uptimeBars(name: string, u: Uptime): string {
  const w = 4;
  const gap = 2;
  const bars = u.days
    .map((d, i) => {
      const cls = d.worst === null ? 'nodata' : `s-${d.worst}`;
      const label =
        d.uptime === null
          ? `${d.date}: no data`
          : `${d.date}: ${formatPercent(d.uptime)} % uptime${d.worst && d.worst !== 'operational' ? ` (${humanStatus(d.worst).toLowerCase()})` : ''}`;
      return `<rect class="${cls}" x="${i * (w + gap)}" y="0" width="${w}" height="32" rx="1"><title>${esc(label)}</title></rect>`;
    })
    .join('');
  const total = u.uptime === null ? 'no data yet' : `${formatPercent(u.uptime)} % uptime`;
  const width = u.days.length * (w + gap) - gap;
  return `<svg class="uptime" viewBox="0 0 ${width} 32" preserveAspectRatio="none" role="img" aria-label="${esc(`${name}: ${total} over the last ${u.days.length} days`)}">${bars}</svg>
<p class="uptime-legend"><span>${u.days.length} days ago</span><span>${esc(total)}</span><span>Today</span></p>`;
}

export interface Layout {
  title: string;
  pageName: string;
  /** Path prefix of the page: `/status/<slug>`, or '' on its own host. */
  prefix: string;
  body: string;
}

export function layout(l: Layout): string {
  const p = l.prefix;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(l.title)}</title>
<link rel="alternate" type="application/atom+xml" title="${esc(l.pageName)} incident history (Atom)" href="${p}/history.atom">
<link rel="alternate" type="application/rss+xml" title="${esc(l.pageName)} incident history (RSS)" href="${p}/history.rss">
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site" role="banner"><p class="brand"><a href="${p}/">${esc(l.pageName)}</a> <span>status</span></p>
<nav aria-label="Status page"><a href="${p}/history">Incident history</a> <a href="${p}/history.atom">Atom</a> <a href="${p}/history.rss">RSS</a></nav></header>
<main id="main">
${l.body}
</main>
<footer class="site" role="contentinfo"><p>Subscribe: <a href="${p}/subscribe">Email updates</a> · <a href="${p}/history.atom">Atom feed</a> · <a href="${p}/history.rss">RSS feed</a> · <a href="${p}/api/v2/summary.json">JSON API</a></p><p>Powered by Swimmy</p></footer>
</body>
</html>
`;
}

// Colours meet WCAG AA against their background in both schemes; every status also has a word and a mark.
const CSS = `
:root{--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--link:#0550ae;
--ok:#1a7f37;--minor:#9a6700;--major:#bc4c00;--crit:#cf222e;--maint:#0969da;--nodata:#d0d7de}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--card:#161b22;--link:#79c0ff;
--ok:#3fb950;--minor:#d29922;--major:#f0883e;--crit:#ff7b72;--maint:#58a6ff;--nodata:#30363d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
header.site,main,footer.site{max-width:52rem;margin:0 auto;padding:1rem}
header.site{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem;border-bottom:1px solid var(--line)}
.brand{margin:0;font-size:1.25rem;font-weight:700}.brand a{color:var(--fg);text-decoration:none}.brand span{color:var(--muted);font-weight:400}
header nav a{margin-left:1rem}
footer.site{color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
h1{font-size:1.75rem;margin:.5rem 0 1rem}h2{font-size:1.25rem;margin:2rem 0 .75rem}h3,h4{font-size:1.0625rem;margin:0 0 .25rem}
.overall{border-radius:8px;padding:1rem 1.25rem;font-size:1.25rem;font-weight:600;color:#fff;margin:1rem 0}
.overall.i-none{background:var(--ok)}.overall.i-minor{background:var(--minor)}.overall.i-major{background:var(--major)}.overall.i-critical{background:var(--crit)}.overall.i-maintenance{background:var(--maint)}
@media (prefers-color-scheme:dark){.overall{color:#0d1117}}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin:0 0 1rem}
.meta{color:var(--muted);margin:.25rem 0}
ul.components{list-style:none;margin:0;padding:0;border:1px solid var(--line);border-radius:8px}
ul.components>li{padding:1rem;border-top:1px solid var(--line)}ul.components>li:first-child{border-top:0}
ul.components ul.components{border:0;margin-top:.5rem}ul.components ul.components>li{padding:.75rem 0 .25rem 1rem}
.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}
.name{font-weight:600}.desc{color:var(--muted);margin:.125rem 0 .5rem;font-size:.9375rem}
.status{font-weight:600;white-space:nowrap}
.mark{display:inline-block;width:1.25em;text-align:center;font-weight:700}
.s-operational,.s-none{color:var(--ok)}.s-degraded_performance,.s-minor{color:var(--minor)}.s-partial_outage,.s-major{color:var(--major)}
.s-major_outage,.s-critical{color:var(--crit)}.s-under_maintenance,.s-maintenance,.s-scheduled,.s-in_progress,.s-verifying{color:var(--maint)}
svg.uptime{display:block;width:100%;height:2rem;margin-top:.5rem}
svg.uptime rect{fill:var(--nodata)}svg.uptime rect.s-operational{fill:var(--ok)}svg.uptime rect.s-under_maintenance{fill:var(--maint)}
svg.uptime rect.s-degraded_performance{fill:var(--minor)}svg.uptime rect.s-partial_outage{fill:var(--major)}svg.uptime rect.s-major_outage{fill:var(--crit)}
.uptime-legend{display:flex;justify-content:space-between;color:var(--muted);font-size:.8125rem;margin:.25rem 0 0}
ol.updates{list-style:none;margin:.5rem 0 0;padding:0}ol.updates>li{border-left:3px solid var(--line);padding:.25rem 0 .25rem .75rem;margin:.75rem 0}
.update-head{margin:0;color:var(--muted)}.update-head strong{color:var(--fg)}
.update-body p{margin:.25rem 0}
.affected{color:var(--muted);font-size:.875rem;margin:.25rem 0}
.day{margin:1.25rem 0}.none-reported{color:var(--muted)}
@media (max-width:30rem){header nav a{margin:0 1rem 0 0}.uptime-legend span:first-child,.uptime-legend span:last-child{display:none}}
`;
