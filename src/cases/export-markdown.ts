import type { CaseExport } from './export.ts';

/** UTC, to the minute, never a local time: exports travel between time zones. */
const utc = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const tag = (l: { tlp: string; org: { name: string } }) => `[TLP:${l.tlp}, ${l.org.name}]`;
const who = (a: { name: string } | null) => a?.name ?? 'removed user';
/** One table cell: no pipe or line break may escape it. */
const cell = (s: string | null | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
/** Item bodies are Markdown already; indenting them keeps their headings inside the item. */
const quote = (body: string) =>
  body
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

/** The export as a Markdown document a person can read, forward (within its label) or archive. */
export function exportToMarkdown(x: CaseExport): string {
  const c = x.case;
  const out: string[] = [
    `# TLP:${x.tlp} — ${c.title}`,
    '',
    `Exported ${utc(x.exportedAt)}. Contains only what the exporting account may read; the document carries the most restrictive label of its contents (TLP:${x.tlp}).`,
    '',
    `- Kind: ${c.kind} · State: ${c.state} · Case label: TLP:${c.tlp}`,
    `- CVE: ${c.cveIds.join(', ') || '—'}`,
    `- Layers: ${c.layers.join(', ') || '—'}`,
    `- Embargo: ${utc(c.embargoAt)}`,
    '',
    '## Current status',
    '',
  ];
  const [current, ...older] = x.statusHistory;
  if (current)
    out.push(
      `${tag(current.label)} ${who(current.author)}, ${utc(current.createdAt)}`,
      '',
      quote(current.body),
      '',
    );
  else out.push('No status yet.', '');
  if (older.length) {
    out.push('### Earlier statuses', '');
    for (const s of older)
      out.push(`- ${utc(s.createdAt)} ${tag(s.label)} ${who(s.author)}: ${cell(s.body)}`);
    out.push('');
  }
  out.push('## Status matrix', '');
  if (x.matrix.length) {
    out.push(
      '| Org | Layer | CVE | Status | Justification | Statement | Label |',
      '|---|---|---|---|---|---|---|',
    );
    for (const m of x.matrix)
      out.push(
        `| ${cell(m.label.org.name)} | ${cell(m.layer)} | ${m.cveId} | ${m.status} | ${m.justification ?? ''} | ${cell(m.statement)} | TLP:${m.label.tlp} |`,
      );
  } else out.push('No entries.');
  out.push('', '## Vendor questions', '');
  if (!x.questions.length) out.push('None.', '');
  for (const q of x.questions) {
    const votes = q.votes.map((v) => v.handle).join(', ');
    out.push(`### ${cell(q.vendor)} — ${q.status} ${tag(q.label)}`, '', quote(q.body), '');
    out.push(
      `Asked by ${who(q.askedBy)}, ${utc(q.createdAt)}${votes ? ` · needed too by ${votes}` : ''}`,
      '',
    );
    for (const a of q.answers) {
      out.push(`- Answer ${tag(a.label)} ${who(a.author)}, ${utc(a.createdAt)}: ${cell(a.body)}`);
      if (a.sources.length) out.push(`  Sources: ${a.sources.join(', ')}`);
    }
    if (q.answers.length) out.push('');
  }
  out.push('## Attachments', '');
  if (x.attachments.length) {
    out.push('| File | Size (bytes) | SHA-256 | Label |', '|---|---|---|---|');
    for (const a of x.attachments)
      out.push(`| ${cell(a.filename)} | ${a.size} | \`${a.sha256}\` | TLP:${a.label.tlp} |`);
  } else out.push('None.');
  out.push('', '## Discussion', '');
  if (!x.posts.length) out.push('No posts.');
  for (const post of x.posts) {
    const reply = post.replyToId ? ` · reply to #${x.posts.find((q) => q.id === post.replyToId)?.seq}` : '';
    const edited = post.editedAt ? ` · edited ${utc(post.editedAt)}` : '';
    out.push(
      `### #${post.seq} ${tag(post.label)} ${who(post.author)}, ${utc(post.createdAt)}${edited}${reply}`,
    );
    out.push('', quote(post.body), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
