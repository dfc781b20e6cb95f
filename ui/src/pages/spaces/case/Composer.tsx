import { type FormEvent, useId, useRef, useState } from 'react';
import { coordApi } from '../../../api-coord.ts';
import { FormError } from '../../../components/FormError.tsx';
import { TlpTag } from '../../../components/TlpBadge.tsx';
import { labelFields, labelProblem, TlpPicker } from '../../../components/TlpPicker.tsx';
import { useAction } from '../../../hooks.ts';
import type { Attachment, LabelChoice, Post } from '../../../types-coord.ts';
import { bytes, type CaseCtx, defaultLabel } from './context.ts';
import { useMentions } from './useMentions.tsx';

interface Props {
  ctx: CaseCtx;
  replyTo: Post | null;
  onCancelReply(): void;
  onSent(post: Post, files: Attachment[]): void;
}

/** File bytes as base64 (the attachment API takes JSON). */
function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error(`Could not read ${file.name}.`));
    r.readAsDataURL(file);
  });
}

/**
 * Writes a post: Markdown, the TLP picker (the space's default first), files that go out under
 * the same label. Ctrl/Cmd+Enter sends; the send button names the label it sends under.
 */
export function Composer({ ctx, replyTo, onCancelReply, onSent }: Props) {
  const id = useId();
  const [body, setBody] = useState('');
  const [label, setLabel] = useState<LabelChoice>(() => defaultLabel(ctx.space));
  const [files, setFiles] = useState<File[]>([]);
  const fileRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const problem = labelProblem(label);
  const mentions = useMentions(textRef, body, setBody, ctx.people, ctx.activeOrgs, ctx.me);
  const send = useAction(async () => {
    if (problem) throw new Error(problem);
    const fields = labelFields(label, ctx.actingOrgId);
    const post = await coordApi.createPost(ctx.kase.id, {
      body,
      ...fields,
      ...(replyTo ? { replyTo: replyTo.id } : {}),
      asOrgId: ctx.actingOrgId,
    });
    const attached: Attachment[] = [];
    for (const f of files)
      attached.push(
        await coordApi.attach(ctx.kase.id, {
          filename: f.name,
          contentType: f.type || undefined,
          contentBase64: await base64(f),
          postId: post.id,
          ...fields,
          asOrgId: ctx.actingOrgId,
        }),
      );
    setBody('');
    setFiles([]);
    // Back to the space's default: named recipients must never carry over to the next post unseen.
    setLabel(defaultLabel(ctx.space));
    if (fileRef.current) fileRef.current.value = '';
    onSent(post, attached);
    textRef.current?.focus();
  });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (body.trim() && !send.pending) void send.run();
  };
  return (
    <form className="composer" aria-label="Write a post" onSubmit={submit}>
      {replyTo && (
        <p className="replying small">
          Replying to <strong>{replyTo.author?.name ?? 'a post'}</strong> <TlpTag tlp={replyTo.label.tlp} />{' '}
          <button type="button" className="link-button" onClick={onCancelReply}>
            Cancel reply
          </button>
        </p>
      )}
      <label htmlFor={`${id}-body`}>Message (Markdown)</label>
      <textarea
        id={`${id}-body`}
        ref={textRef}
        value={body}
        rows={3}
        required
        maxLength={65536}
        aria-describedby={`${id}-hint`}
        placeholder="Findings, fixes, questions… mention @person@org or @org"
        onChange={(e) => setBody(e.target.value)}
        {...mentions.textareaProps}
        onKeyDown={(e) => {
          if (mentions.onKeyDown(e)) return;
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
        }}
      />
      {mentions.list}
      <p className="hint" id={`${id}-hint`}>
        Ctrl+Enter (⌘+Enter) sends. Type @ to mention someone (↑↓ to pick, Enter or Tab to insert). Markdown;
        scripts and images are not rendered.
      </p>
      <TlpPicker
        value={label}
        onChange={setLabel}
        orgs={ctx.activeOrgs}
        people={ctx.people}
        myOrgId={ctx.actingOrgId}
        myUserId={ctx.me}
      />
      <div className="composer-foot">
        <label className="file-pick">
          <span>Attach files</span>
          <input ref={fileRef} type="file" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </label>
        {files.length > 0 && (
          <span className="muted small">{files.map((f) => `${f.name} (${bytes(f.size)})`).join(', ')}</span>
        )}
        <span className="spacer" />
        <button type="submit" className="button primary" disabled={send.pending || !body.trim()}>
          {send.pending ? 'Sending…' : 'Send'} <TlpTag tlp={label.tlp} />
        </button>
      </div>
      <FormError error={send.error ?? (problem && body.trim() ? problem : null)} />
    </form>
  );
}
