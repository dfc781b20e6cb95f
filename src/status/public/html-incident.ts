import type { IncidentRow, UpdateRow } from '../incident-store.ts';
import { humanStatus } from '../model.ts';
import { type Dates, esc, layout, paragraphs, statusText } from './html-kit.ts';
import type { Snapshot } from './snapshot.ts';

/** One incident's numbered updates, newest first ("Update #7" on top). */
export function updatesList(updates: readonly UpdateRow[], dates: Dates): string {
  if (!updates.length) return '';
  const items = updates
    .map((u) => {
      const affected = u.affected.length
        ? `<p class="affected">Affected: ${u.affected
            .map((a) => `${esc(a.name)} (${esc(humanStatus(a.new_status).toLowerCase())})`)
            .join(', ')}</p>`
        : '';
      return `<li><p class="update-head"><strong>Update #${u.number}</strong> · <span class="s-${esc(u.status)}">${esc(humanStatus(u.status))}</span> · ${dates.time(u.created_at)}</p>
<div class="update-body">${paragraphs(u.body)}</div>${affected}</li>`;
    })
    .join('\n');
  return `<ol class="updates" reversed>${items}</ol>`;
}

export function impactLine(i: IncidentRow, dates: Dates): string {
  if (i.kind === 'maintenance' && i.scheduled_for && i.scheduled_until)
    return `<p class="meta">Scheduled for ${dates.time(i.scheduled_for)} until ${dates.time(i.scheduled_until)} · ${statusText(i.status)}</p>`;
  return `<p class="meta">Impact: ${statusText(i.impact)} · Status: <strong>${esc(humanStatus(i.status))}</strong></p>`;
}

/** An incident as a card on the home page (heading level h3 inside a section). */
export function incidentCard(s: Snapshot, i: IncidentRow, prefix: string, dates: Dates): string {
  return `<article class="card" aria-labelledby="i-${i.id}">
<h3 id="i-${i.id}"><a href="${prefix}/incidents/${i.id}">${esc(i.name)}</a></h3>
${impactLine(i, dates)}
${updatesList(s.updates.get(i.id) ?? [], dates)}
</article>`;
}

/** The stable page of one incident: /status/<slug>/incidents/<id>. */
export function incidentPage(s: Snapshot, i: IncidentRow, prefix: string, dates: Dates): string {
  const names = new Map(s.components.map((c) => [c.id, c.name]));
  const components = i.component_ids.map((id) => names.get(id)).filter((n): n is string => n !== undefined);
  const body = `<article aria-labelledby="title">
<p><a href="${prefix}/">← Current status</a></p>
<h1 id="title">${esc(i.name)}</h1>
${impactLine(i, dates)}
${components.length ? `<p class="meta">Affected components: ${components.map(esc).join(', ')}</p>` : ''}
<h2>Updates</h2>
${updatesList(s.updates.get(i.id) ?? [], dates)}
</article>`;
  return layout({ title: `${i.name} · ${s.page.name} status`, pageName: s.page.name, prefix, body });
}

/** Every incident and maintenance the page keeps, by month, newest first. */
export function historyPage(s: Snapshot, prefix: string, dates: Dates): string {
  const all = [...s.incidents, ...s.maintenances].sort((a, b) => when(b).getTime() - when(a).getTime());
  const months = new Map<string, IncidentRow[]>();
  for (const i of all) {
    const key = dates.month(when(i));
    months.set(key, [...(months.get(key) ?? []), i]);
  }
  const sections = [...months]
    .map(
      ([month, list]) => `<section aria-label="${esc(month)}"><h2>${esc(month)}</h2>
${list
  .map(
    (i) => `<article class="card"><h3><a href="${prefix}/incidents/${i.id}">${esc(i.name)}</a></h3>
${impactLine(i, dates)}<p class="meta">${i.kind === 'maintenance' ? 'Maintenance' : 'Incident'} · ${dates.time(when(i))}${i.resolved_at ? ` – ${dates.time(i.resolved_at)}` : ''}</p></article>`,
  )
  .join('\n')}</section>`,
    )
    .join('\n');
  const body = `<h1>Incident history</h1>${sections || '<p class="none-reported">No incidents reported.</p>'}`;
  return layout({ title: `Incident history · ${s.page.name} status`, pageName: s.page.name, prefix, body });
}

const when = (i: IncidentRow) =>
  i.kind === 'maintenance' && i.scheduled_for ? i.scheduled_for : i.created_at;
