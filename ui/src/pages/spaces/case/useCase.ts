import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, messageOf } from '../../../api.ts';
import { coordApi } from '../../../api-coord.ts';
import { useLiveEvents, useLiveResync } from '../../../live.tsx';
import type { Attachment, Case, MatrixView, PinnedStatus, Post, Question } from '../../../types-coord.ts';

const bySeq = (a: Post, b: Post) => a.seq - b.seq;

/** Every post the reader may see, oldest first (the API pages by seq). */
async function allPosts(caseId: string): Promise<Post[]> {
  const out: Post[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await coordApi.posts(caseId, after);
    out.push(...page.items);
    if (page.nextAfterSeq === null) return out;
    after = page.nextAfterSeq;
  }
}

/** Inserts or replaces a post, keeping a known parent link the live event does not carry. */
function upsert(posts: Post[], p: Post): Post[] {
  const old = posts.find((x) => x.id === p.id);
  const next = { ...p, replyTo: p.replyTo ?? old?.replyTo ?? null };
  return old ? posts.map((x) => (x.id === p.id ? next : x)) : [...posts, next].sort(bySeq);
}

/** The reader's first unread post: the first one by someone else after their marker. */
function firstUnreadSeq(posts: Post[], lastReadSeq: number, me: string): number | null {
  return posts.find((p) => p.seq > lastReadSeq && p.author?.id !== me)?.seq ?? null;
}

export interface CaseData {
  kase: Case | null;
  setCase(c: Case): void;
  posts: Post[] | null;
  attachments: Attachment[];
  status: PinnedStatus | null;
  questions: Question[] | null;
  matrix: MatrixView | null;
  firstUnread: number | null;
  /** Posts that arrived live while the page was open. */
  fresh: ReadonlySet<string>;
  error: string | null;
  missing: boolean;
  addPost(p: Post): void;
  addAttachment(a: Attachment): void;
  setStatus(s: PinnedStatus): void;
  reloadQuestions(): void;
  reloadMatrix(): void;
}

/** A case and everything on its page, kept current by the live stream. */
export function useCase(caseId: string, me: string): CaseData {
  const [kase, setCase] = useState<Case | null>(null);
  const [posts, setPosts] = useState<Post[] | null>(null);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [status, setStatus] = useState<PinnedStatus | null>(null);
  const [questions, setQuestions] = useState<Question[] | null>(null);
  const [matrix, setMatrix] = useState<MatrixView | null>(null);
  const [firstUnread, setFirstUnread] = useState<number | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const fail = useCallback(
    (err: unknown) =>
      setError({ message: messageOf(err), missing: err instanceof ApiError && err.status === 404 }),
    [],
  );

  const reloadQuestions = useCallback(() => {
    coordApi.questions(caseId).then((r) => setQuestions(r.items), fail);
  }, [caseId, fail]);
  const reloadMatrix = useCallback(() => {
    coordApi.matrix(caseId).then(setMatrix, fail);
  }, [caseId, fail]);
  const reloadThread = useCallback(() => {
    allPosts(caseId).then(setPosts, fail);
    coordApi.attachments(caseId).then((r) => setAttachments(r.items), fail);
    coordApi.status(caseId).then((r) => setStatus(r.status), fail);
  }, [caseId, fail]);
  const reloadAll = useCallback(() => {
    coordApi.case(caseId).then(setCase, fail);
    reloadThread();
    reloadQuestions();
    reloadMatrix();
  }, [caseId, fail, reloadThread, reloadQuestions, reloadMatrix]);

  // First load: the unread count is read before the marker moves to the newest post.
  useEffect(() => {
    let live = true;
    Promise.all([coordApi.case(caseId), allPosts(caseId)]).then(([c, p]) => {
      if (!live) return;
      setCase(c);
      setPosts(p);
      setFirstUnread(firstUnreadSeq(p, c.lastReadSeq ?? 0, me));
      void coordApi.markRead(caseId).catch(() => {});
    }, fail);
    coordApi.attachments(caseId).then((r) => setAttachments(r.items), fail);
    coordApi.status(caseId).then((r) => setStatus(r.status), fail);
    reloadQuestions();
    reloadMatrix();
    const pending = timers.current;
    return () => {
      live = false;
      for (const t of pending.values()) clearTimeout(t);
    };
  }, [caseId, me, fail, reloadQuestions, reloadMatrix]);

  /** Bursts of events become one re-read per kind. */
  const soon = useCallback((key: string, fn: () => void, ms = 250) => {
    clearTimeout(timers.current.get(key));
    timers.current.set(key, setTimeout(fn, ms));
  }, []);
  useLiveResync(reloadAll);

  const addPost = useCallback((p: Post) => setPosts((ps) => upsert(ps ?? [], p)), []);
  useLiveEvents<{ post: Post }>(['post.created', 'post.edited'], (e) => {
    const p = e.data.post;
    if (p?.caseId !== caseId) return;
    setPosts((ps) => upsert(ps ?? [], p));
    if (e.type === 'post.created' && p.author?.id !== me) setFresh((f) => new Set(f).add(p.id));
    // The event carries no parent link (not every reader may read the parent): ask for ours.
    coordApi.post(p.id).then(addPost, () => {});
    if (document.visibilityState === 'visible')
      soon('read', () => void coordApi.markRead(caseId).catch(() => {}), 1000);
  });
  useLiveEvents<{ attachment: Attachment }>(['attachment.created'], (e) => {
    const a = e.data.attachment;
    if (a?.caseId === caseId) setAttachments((as) => (as.some((x) => x.id === a.id) ? as : [...as, a]));
  });
  useLiveEvents<{ status: PinnedStatus }>(['case.status'], (e) => {
    if (e.data.status?.caseId === caseId) setStatus(e.data.status);
  });
  useLiveEvents<{ case: Case }>(['case.updated'], (e) => {
    if (e.data.case?.id === caseId) setCase(e.data.case);
  });
  useLiveEvents<{ entry?: { caseId: string } }>(['matrix.changed'], (e) => {
    if (e.data.entry?.caseId === caseId) soon('matrix', reloadMatrix);
  });
  useLiveEvents<{
    caseId?: string;
    question?: Question;
    questionId?: string;
    answer?: { questionId: string };
  }>(['question.created', 'question.updated', 'question.answered', 'question.voted'], (e) => {
    const qid = e.data.questionId ?? e.data.answer?.questionId;
    const ours =
      (e.data.caseId ?? e.data.question?.caseId) === caseId || questions?.some((q) => q.id === qid);
    if (ours) soon('questions', reloadQuestions);
  });
  // A label changed on this case: re-read the part of the page that shows that kind of item
  // (the reader may now see it, or see more of it).
  useLiveEvents<{ caseId?: string; itemType?: string }>(['label.changed'], (e) => {
    if (e.data.caseId !== caseId) return;
    const t = e.data.itemType;
    if (t === 'matrix_row') soon('matrix', reloadMatrix, 400);
    else if (t === 'question' || t === 'answer') soon('questions', reloadQuestions, 400);
    else soon('thread', reloadThread, 400);
  });

  return {
    kase,
    setCase,
    posts,
    attachments,
    status,
    questions,
    matrix,
    firstUnread,
    fresh,
    error: error?.message ?? null,
    missing: error?.missing ?? false,
    addPost,
    addAttachment: (a) => setAttachments((as) => (as.some((x) => x.id === a.id) ? as : [...as, a])),
    setStatus,
    reloadQuestions,
    reloadMatrix,
  };
}
