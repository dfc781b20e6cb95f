import type { ComponentRow } from '../store.ts';
import { incidentCard } from './html-incident.ts';
import { type Dates, esc, layout, statusText, uptimeBars } from './html-kit.ts';
import { isActiveMaintenance, isUnresolved, isUpcoming, type Snapshot } from './snapshot.ts';
import { statusJson } from './statuspage-json.ts';

const PAST_DAYS = 7;

function componentItem(s: Snapshot, c: ComponentRow): string {
  const uptime = s.uptime.get(c.id);
  return `<li><div class="row"><span class="name">${esc(c.name)}</span>${statusText(c.status)}</div>
${c.description ? `<p class="desc">${esc(c.description)}</p>` : ''}${uptime ? uptimeBars(c.name, uptime) : ''}</li>`;
}

function componentsSection(s: Snapshot): string {
  const visible = s.components.filter((c) => c.showcase || c.is_group);
  const top = visible.filter((c) => c.group_id === null || !visible.some((g) => g.id === c.group_id));
  if (!top.length) return '';
  const items = top
    .map((c) => {
      if (!c.is_group) return componentItem(s, c);
      const members = visible.filter((m) => m.group_id === c.id);
      return `<li><div class="row"><h3>${esc(c.name)}</h3>${statusText(c.status)}</div>
${c.description ? `<p class="desc">${esc(c.description)}</p>` : ''}<ul class="components">${members.map((m) => componentItem(s, m)).join('')}</ul></li>`;
    })
    .join('\n');
  return `<section aria-labelledby="components"><h2 id="components">Components</h2><ul class="components">${items}</ul></section>`;
}

/** Resolved incidents of the last days, one heading per day, "No incidents reported." otherwise. */
function pastSection(s: Snapshot, prefix: string, dates: Dates): string {
  const days: string[] = [];
  for (let d = 0; d < PAST_DAYS; d++) {
    const day = new Date(s.now.getTime() - d * 86_400_000);
    const label = dates.day(day);
    const list = s.incidents.filter((i) => !isUnresolved(i) && dates.day(i.created_at) === label);
    days.push(
      `<section class="day" aria-label="${esc(label)}"><h3>${esc(label)}</h3>${
        list.length
          ? list
              .map((i) =>
                incidentCard(s, i, prefix, dates)
                  .replace(/<h3/g, '<h4')
                  .replace(/<\/h3>/g, '</h4>'),
              )
              .join('\n')
          : '<p class="none-reported">No incidents reported.</p>'
      }</section>`,
    );
  }
  return `<section aria-labelledby="past"><h2 id="past">Past incidents</h2>${days.join('\n')}
<p><a href="${prefix}/history">Full incident history</a></p></section>`;
}

export function homePage(s: Snapshot, prefix: string, dates: Dates): string {
  const status = statusJson(s);
  const open = s.incidents.filter(isUnresolved);
  const active = s.maintenances.filter(isActiveMaintenance);
  const upcoming = s.maintenances.filter(isUpcoming).reverse();
  const cards = (title: string, id: string, list: typeof open) =>
    list.length
      ? `<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${list.map((i) => incidentCard(s, i, prefix, dates)).join('\n')}</section>`
      : '';
  const overallClass = status.description === 'Service Under Maintenance' ? 'maintenance' : status.indicator;
  const body = `<h1>${esc(s.page.name)} status</h1>
<p class="overall i-${overallClass}">${esc(status.description)}</p>
${cards('Active incidents', 'active', open)}
${cards('Maintenance in progress', 'maintenance-now', active)}
${cards('Scheduled maintenance', 'maintenance-next', upcoming)}
${componentsSection(s)}
${pastSection(s, prefix, dates)}`;
  return layout({ title: `${s.page.name} status`, pageName: s.page.name, prefix, body });
}
