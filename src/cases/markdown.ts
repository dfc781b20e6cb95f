import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown → safe HTML, in two independent layers: markdown-it with raw HTML disabled (a
 * `<script>` typed in a post is shown as text) and its link check (no `javascript:`,
 * `vbscript:`, `file:` or `data:` links), then sanitize-html with a strict allow-list of tags,
 * attributes and URL schemes, in case either layer has a hole. Images are not rendered: a
 * remote image would tell a third party who read a RED post, and when.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
md.disable(['image']);

const SAFE_SCHEMES = ['http', 'https', 'mailto'];

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: {
    th: { 'text-align': [/^(left|right|center)$/] },
    td: { 'text-align': [/^(left|right|center)$/] },
  },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
  },
};
// rel and target are added by the transform above, after the allow-list check.
POLICY.allowedAttributes = { ...(POLICY.allowedAttributes as object), a: ['href', 'title', 'rel', 'target'] };

/** Sanitises HTML from any source with the post allow-list. */
export const sanitize = (html: string): string => sanitizeHtml(html, POLICY);

export const renderMarkdown = (source: string): string => sanitize(md.render(source));

/** Plain text for previews: the first `max` characters of the source, on one line. */
export function previewOf(source: string, max = 160): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface MentionRef {
  /** `alice@ovh` (a person) or `ovh` (an org), as written after the @. */
  text: string;
  kind: 'user' | 'org';
  local?: string;
  orgHandle: string;
}

// `@alice@ovh` or `@ovh`, not preceded by a word character (so an email address is no mention).
const MENTION = /(^|[^\w@.])@([A-Za-z0-9._%+-]{1,64}@)?([a-z0-9][a-z0-9-]{1,38}[a-z0-9])(?![\w-])/g;

/** Mentions as written in a post, in order, without repeats. */
export function parseMentions(source: string): MentionRef[] {
  const seen = new Map<string, MentionRef>();
  for (const m of source.matchAll(MENTION)) {
    const local = m[2]?.slice(0, -1);
    const orgHandle = m[3]!;
    const text = local ? `${local}@${orgHandle}` : orgHandle;
    if (!seen.has(text))
      seen.set(text, local ? { text, kind: 'user', local, orgHandle } : { text, kind: 'org', orgHandle });
  }
  return [...seen.values()];
}
