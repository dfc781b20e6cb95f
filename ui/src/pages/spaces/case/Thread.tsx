import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Attachment, Post } from '../../../types-coord.ts';
import { Composer } from './Composer.tsx';
import type { CaseCtx } from './context.ts';
import { PostItem } from './PostItem.tsx';
import type { CaseData } from './useCase.ts';

interface Node {
  post: Post;
  replies: Node[];
}

/** Replies under their parent; a reply whose parent the reader may not see stands on its own. */
function tree(posts: Post[]): Node[] {
  const nodes = new Map(posts.map((p) => [p.id, { post: p, replies: [] as Node[] }]));
  const roots: Node[] = [];
  for (const p of posts) {
    const parent = p.replyTo ? nodes.get(p.replyTo.id) : undefined;
    (parent ? parent.replies : roots).push(nodes.get(p.id)!);
  }
  return roots;
}

/** The live, threaded discussion with its composer. */
export function Thread({ ctx, data }: { ctx: CaseCtx; data: CaseData }) {
  const [replyTo, setReplyTo] = useState<Post | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const posts = data.posts;
  const roots = useMemo(() => tree(posts ?? []), [posts]);
  const files = useMemo(() => {
    const m = new Map<string, Attachment[]>();
    for (const a of data.attachments) m.set(a.postId ?? '', [...(m.get(a.postId ?? '') ?? []), a]);
    return m;
  }, [data.attachments]);
  const unread =
    posts?.filter((p) => data.firstUnread !== null && p.seq >= data.firstUnread && p.author?.id !== ctx.me)
      .length ?? 0;

  // Follow the conversation like a chat, unless the reader scrolled up to read.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && atBottom.current && posts) el.scrollTop = el.scrollHeight;
  }, [posts]);
  // A link to one post (`#post-<id>`, from the bell or search) scrolls to it and marks it.
  const hash = window.location.hash;
  const loaded = posts !== null;
  useEffect(() => {
    if (!loaded || !hash.startsWith('#post-')) return;
    const el = document.getElementById(hash.slice(1));
    if (!el) return;
    atBottom.current = false;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('is-target');
    const t = setTimeout(() => el.classList.remove('is-target'), 4000);
    return () => clearTimeout(t);
  }, [hash, loaded]);
  const onScroll = () => {
    const el = listRef.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  const render = (n: Node, depth: number) => (
    <li key={n.post.id} id={`post-${n.post.id}`}>
      <PostItem
        ctx={ctx}
        post={n.post}
        files={files.get(n.post.id) ?? []}
        unread={data.firstUnread !== null && n.post.seq >= data.firstUnread && n.post.author?.id !== ctx.me}
        fresh={data.fresh.has(n.post.id)}
        anchor={n.post.seq === data.firstUnread}
        questions={data.questions ?? []}
        onReply={() => setReplyTo(n.post)}
        onChanged={data.addPost}
        onPromoted={() => {
          data.reloadMatrix();
          data.reloadQuestions();
        }}
      />
      {n.replies.length > 0 && (
        <ol
          className={`replies depth-${Math.min(depth + 1, 3)}`}
          aria-label={`Replies to ${n.post.author?.name ?? 'post'}`}
        >
          {n.replies.map((r) => render(r, depth + 1))}
        </ol>
      )}
    </li>
  );
  const loose = files.get('') ?? [];
  return (
    <section className="thread panel" aria-labelledby="thread-title">
      <div className="panel-head">
        <h2 id="thread-title">Discussion</h2>
        <span className="muted small" aria-live="polite">
          {posts ? `${posts.length} post${posts.length === 1 ? '' : 's'} you may see` : ''}
          {unread > 0 && (
            <>
              {' · '}
              <a href="#first-unread" className="unread-link">
                {unread} unread
              </a>
            </>
          )}
        </span>
      </div>
      <div className="thread-scroll" ref={listRef} onScroll={onScroll} tabIndex={-1}>
        {posts === null && <p className="muted">Loading the discussion…</p>}
        {posts?.length === 0 && <p className="empty">No posts yet. Share what you know below.</p>}
        <ol className="posts" aria-label="Posts">
          {roots.map((n) => render(n, 0))}
        </ol>
        {loose.length > 0 && (
          <p className="muted small">
            {loose.length} file{loose.length === 1 ? '' : 's'} attached to the case itself:{' '}
            {loose.map((a) => a.filename).join(', ')}
          </p>
        )}
      </div>
      {ctx.canWrite ? (
        <Composer
          ctx={ctx}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSent={(p, attached) => {
            atBottom.current = true;
            data.addPost(p);
            for (const a of attached) data.addAttachment(a);
            setReplyTo(null);
          }}
        />
      ) : (
        <p className="muted small">
          You read this space as an observer (or through an org that is not a member); you cannot post.
        </p>
      )}
    </section>
  );
}
