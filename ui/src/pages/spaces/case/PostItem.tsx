import { useLayoutEffect, useRef, useState } from 'react';
import { attachmentUrl, coordApi } from '../../../api-coord.ts';
import { FormError } from '../../../components/FormError.tsx';
import { TlpBadge, TlpTag } from '../../../components/TlpBadge.tsx';
import { When } from '../../../components/When.tsx';
import { useAction } from '../../../hooks.ts';
import { useSignedIn } from '../../../session.tsx';
import type { Attachment, Post, Question, Revision } from '../../../types-coord.ts';
import { PublishFromCase } from '../../status/PublishFromCase.tsx';
import { bytes, type CaseCtx } from './context.ts';
import { PromoteForm } from './PromoteForm.tsx';
import { mayAskToWiden, RemarkForm } from './RemarkForm.tsx';

interface Props {
  ctx: CaseCtx;
  post: Post;
  files: Attachment[];
  unread: boolean;
  fresh: boolean;
  anchor: boolean;
  questions: Question[];
  onReply(): void;
  onChanged(p: Post): void;
  onPromoted(): void;
}

/**
 * Server-sanitised HTML, with the post's resolved mentions marked (text nodes only, so no
 * markup of the post is ever re-parsed).
 */
export function PostBody({ html, mentions, me }: { html: string; mentions: Post['mentions']; me?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new html means fresh, unmarked text nodes
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || mentions.length === 0) return;
    const texts = mentions.map((m) => `@${m.text}`);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    while (walker.nextNode()) nodes.push(walker.currentNode as Text);
    for (const node of nodes) {
      if (node.parentElement?.closest('a, code, pre, mark')) continue;
      const hit = texts.find((t) => node.data.includes(t));
      if (!hit) continue;
      const at = node.data.indexOf(hit);
      const rest = node.splitText(at);
      rest.splitText(hit.length);
      const mark = document.createElement('mark');
      const m = mentions.find((x) => `@${x.text}` === hit)!;
      mark.className = `mention${m.kind === 'user' && m.id === me ? ' mention-me' : ''}`;
      mark.textContent = hit;
      rest.replaceWith(mark);
    }
  }, [html, mentions, me]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders Markdown through an allow-list sanitiser
  return <div ref={ref} className="post-body" dangerouslySetInnerHTML={{ __html: html }} />;
}

export function FileList({ files, ctx }: { files: Attachment[]; ctx: CaseCtx }) {
  if (files.length === 0) return null;
  return (
    <ul className="files" aria-label="Attachments">
      {files.map((a) => (
        <li key={a.id}>
          <a href={attachmentUrl(a.id)} download={a.filename}>
            {a.filename}
          </a>{' '}
          <span className="muted small">{bytes(a.size)}</span> <TlpBadge label={a.label} names={ctx.names} />
          <div className="sha mono small" title="SHA-256 of the file as stored">
            SHA-256 {a.sha256}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** One post: who, when, label, body, files; reply, edit (author), history, promote. */
export function PostItem({
  ctx,
  post,
  files,
  unread,
  fresh,
  anchor,
  questions,
  onReply,
  onChanged,
  onPromoted,
}: Props) {
  const { orgs } = useSignedIn();
  const [mode, setMode] = useState<'view' | 'edit' | 'history' | 'promote' | 'remark'>('view');
  const [draft, setDraft] = useState(post.body);
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const mine = post.author?.id === ctx.me;
  const mayAsk = ctx.canWrite && mayAskToWiden(post, ctx.me, orgs);
  const mentionsMe = post.mentions.some((m) => m.kind === 'user' && m.id === ctx.me);
  // Our org's CLEAR posts can become the next public status update (the server re-checks).
  const publishOrg =
    post.label.tlp === 'CLEAR'
      ? orgs.find((o) => o.id === post.label.org.id && o.role !== 'viewer')
      : undefined;
  const save = useAction(async () => {
    onChanged(await coordApi.editPost(post.id, { body: draft }));
    setMode('view');
  });
  const history = useAction(async () => {
    setRevisions((await coordApi.revisions(post.id)).items);
    setMode('history');
  });
  const classes = ['post', unread && 'is-unread', fresh && 'is-fresh', mentionsMe && 'mentions-me']
    .filter(Boolean)
    .join(' ');
  return (
    <article
      className={classes}
      id={anchor ? 'first-unread' : undefined}
      aria-label={`Post by ${post.author?.name ?? 'someone'}`}
      data-tlp={post.label.tlp}
    >
      <header className="post-head">
        <TlpBadge label={post.label} names={ctx.names} />
        <strong>{post.author?.name ?? 'Former member'}</strong>
        <span className="muted small">{post.label.org.name}</span>
        <When iso={post.createdAt} />
        {post.editedAt && <span className="muted small">edited</span>}
        {unread && <span className="pill pill-info small">new</span>}
      </header>
      {post.replyTo?.preview && (
        <blockquote className="reply-preview small">
          <TlpTag tlp={post.replyTo.tlp ?? ''} /> {post.replyTo.preview}
        </blockquote>
      )}
      {mode === 'edit' ? (
        <div className="stack">
          <textarea
            aria-label="Edit post (Markdown)"
            value={draft}
            rows={4}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void save.run();
              }
              if (e.key === 'Escape') setMode('view');
            }}
          />
          <FormError error={save.error} />
          <div className="actions-row">
            <button
              type="button"
              className="button primary small"
              disabled={save.pending || !draft.trim()}
              onClick={() => save.run()}
            >
              Save edit
            </button>
            <button type="button" className="button small" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <PostBody html={post.html} mentions={post.mentions} me={ctx.me} />
      )}
      <FileList files={files} ctx={ctx} />
      {mode === 'history' && revisions && (
        <ol className="revisions" aria-label="Edit history">
          {revisions.map((r) => (
            <li key={r.revision}>
              <div className="small">
                Revision {r.revision} · <When iso={r.createdAt} /> ·{' '}
                <TlpBadge label={r.label} names={ctx.names} />
              </div>
              <PostBody html={r.html} mentions={[]} />
            </li>
          ))}
        </ol>
      )}
      {mode === 'promote' && (
        <PromoteForm
          ctx={ctx}
          post={post}
          questions={questions}
          onDone={() => {
            setMode('view');
            onPromoted();
          }}
          onCancel={() => setMode('view')}
        />
      )}
      {mode === 'remark' && (
        <RemarkForm
          ctx={ctx}
          item={{ type: 'post', id: post.id, label: post.label, author: post.author }}
          onDone={() => setMode('view')}
          onCancel={() => setMode('view')}
        />
      )}
      <FormError error={history.error} />
      {mode !== 'edit' && mode !== 'promote' && mode !== 'remark' && (
        <div className="post-actions">
          {ctx.canWrite && (
            <button type="button" className="link-button" onClick={onReply}>
              Reply
            </button>
          )}
          {mine && ctx.canWrite && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setDraft(post.body);
                setMode('edit');
              }}
            >
              Edit
            </button>
          )}
          {post.revision > 1 &&
            (mode === 'history' ? (
              <button type="button" className="link-button" onClick={() => setMode('view')}>
                Hide history
              </button>
            ) : (
              <button
                type="button"
                className="link-button"
                disabled={history.pending}
                onClick={() => history.run()}
              >
                History ({post.revision} revisions)
              </button>
            ))}
          {ctx.canWrite && (
            <button type="button" className="link-button" onClick={() => setMode('promote')}>
              Promote to entry
            </button>
          )}
          {mayAsk && (
            <button type="button" className="link-button" onClick={() => setMode('remark')}>
              Ask to widen
            </button>
          )}
        </div>
      )}
      {mode === 'view' && publishOrg && (
        <PublishFromCase org={publishOrg} source={{ kind: 'post', id: post.id, tlp: post.label.tlp }} />
      )}
    </article>
  );
}
