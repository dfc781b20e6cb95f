import { esc, layout } from '../public/html-kit.ts';
import type { ComponentRow, PageRow } from '../store.ts';

/**
 * The public subscription pages, in the status page's own layout (no JavaScript). They are
 * rendered per request (each form carries a fresh anti-forgery token) and never cached.
 */

export interface FormState {
  email?: string;
  scope?: 'all' | 'some';
  chosen?: ReadonlySet<string>;
  error?: string;
}

const FORM_CSS = `<style>
form.subscribe label{display:block;margin:.5rem 0 .25rem;font-weight:600}
form.subscribe input[type=email]{width:100%;max-width:28rem;font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
form.subscribe fieldset{border:1px solid var(--line);border-radius:8px;margin:1rem 0;padding:.5rem 1rem}
form.subscribe fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:center}
form.subscribe ul{list-style:none;margin:0 0 0 1.5rem;padding:0}
form.subscribe button,form.confirm button{font:inherit;font-weight:600;padding:.6rem 1.4rem;border-radius:6px;border:0;background:var(--link);color:var(--bg);cursor:pointer}
.error{border:1px solid var(--crit);border-radius:8px;padding:.75rem 1rem;color:var(--crit)}
</style>`;

function shell(page: PageRow, prefix: string, title: string, body: string) {
  return layout({
    title: `${title} · ${page.name}`,
    pageName: page.name,
    prefix,
    body: `${FORM_CSS}${body}`,
  });
}

export function subscribeForm(
  page: PageRow,
  prefix: string,
  components: readonly ComponentRow[],
  token: string,
  state: FormState = {},
) {
  const scope = state.scope ?? 'all';
  const choices = components
    .filter((c) => !c.is_group)
    .map(
      (c) =>
        `<li><label><input type="checkbox" name="component" value="${esc(c.id)}"${state.chosen?.has(c.id) ? ' checked' : ''}> ${esc(c.name)}</label></li>`,
    )
    .join('');
  const error = state.error ? `<p class="error" role="alert" id="form-error">${esc(state.error)}</p>` : '';
  return shell(
    page,
    prefix,
    'Subscribe',
    `<h1>Get ${esc(page.name)} status updates</h1>
<section aria-labelledby="by-email"><h2 id="by-email">By email</h2>${error}
<form class="subscribe" method="post" action="${prefix}/subscribe">
<input type="hidden" name="token" value="${esc(token)}">
<label for="email">Email address</label>
<input id="email" name="email" type="email" required maxlength="254" autocomplete="email" value="${esc(state.email ?? '')}"${state.error ? ' aria-describedby="form-error" aria-invalid="true"' : ''}>
<fieldset><legend>Which components?</legend>
<label><input type="radio" name="scope" value="all"${scope === 'all' ? ' checked' : ''}> All components</label>
<label><input type="radio" name="scope" value="some"${scope === 'some' ? ' checked' : ''}> Only the ones I tick:</label>
<ul>${choices}</ul>
</fieldset>
<button type="submit">Subscribe</button>
</form>
<p class="meta">We first send you an email to confirm the address; nothing else is sent until you do. Every email has a one-click unsubscribe link.</p>
</section>
<section aria-labelledby="by-feed"><h2 id="by-feed">By feed</h2>
<p><a href="${prefix}/history.atom">Atom feed</a> · <a href="${prefix}/history.rss">RSS feed</a> · <a href="${prefix}/api/v2/summary.json">JSON API</a> (Statuspage-compatible)</p></section>
<section aria-labelledby="by-webhook"><h2 id="by-webhook">By webhook</h2>
<p>${esc(page.name)}'s administrators add webhook subscribers (signed with HMAC-SHA256, Statuspage-compatible payloads); ask them for one.</p></section>`,
  );
}

/** A result page: a heading, a message, optionally one button that POSTs back to this URL. */
export function notice(page: PageRow, prefix: string, title: string, message: string, button?: string) {
  const form = button
    ? `<form class="confirm" method="post"><button type="submit">${esc(button)}</button></form>`
    : '';
  return shell(
    page,
    prefix,
    title,
    `<h1>${esc(title)}</h1><p>${esc(message)}</p>${form}<p><a href="${prefix}/">Back to ${esc(page.name)} status</a></p>`,
  );
}
