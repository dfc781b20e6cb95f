import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Job } from '../platform/jobs/jobs.ts';
import type { Platform } from '../platform/platform.ts';
import { ATTACK_EVENTS, type AttackEventType, type AttackInput } from './attack.ts';
import { describeRun, runProgram } from './drivers/run.ts';
import { type MitigationOptions, programProblem } from './options.ts';
import { JOB_KINDS } from './record.ts';
import { loadSettings, type Settings } from './settings.ts';
import type { ExecHook, Webhook } from './settings-schema.ts';
import { insertHookRun, type NewHookRun } from './store.ts';
import { postJson, signature, WebhookRefusedError } from './webhook-http.ts';

/**
 * Action hooks: on attack events, run the org's exec hooks (the attack as JSON on stdin, the
 * event name as the last argument) and POST its webhooks (signed with HMAC-SHA256). Each run is
 * a durable job, keyed so that a repeated event runs a hook once; updates run a hook at most
 * once per interval. Webhooks are retried with the job queue's backoff; exec hooks run once,
 * since a program's side effects may not be safe to repeat.
 */
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_WEBHOOK_ATTEMPTS = 5;

const HookPayload = Type.Object({
  orgId: Type.String(),
  hookId: Type.String(),
  event: Type.Enum(ATTACK_EVENTS),
  attack: Type.Object({ id: Type.String() }),
});

export async function scheduleHooks(
  p: Platform,
  s: Settings,
  event: AttackEventType,
  orgId: string,
  attack: AttackInput & { id: string },
) {
  const bucket = Math.floor(Date.now() / (s.hookUpdateIntervalSeconds * 1000));
  for (const hook of s.hooks) {
    if (!hook.events.includes(event)) continue;
    const once = event === 'attack.updated' ? `${event}:${bucket}` : event;
    await p.jobs.schedule({
      kind: JOB_KINDS.hook,
      payload: { orgId, hookId: hook.id, event, attack },
      idempotencyKey: `mitigation-hook:${orgId}:${hook.id}:${attack.id}:${once}`,
      maxAttempts: hook.kind === 'webhook' ? (hook.maxAttempts ?? DEFAULT_WEBHOOK_ATTEMPTS) : 1,
    });
  }
}

type Run = Omit<NewHookRun, 'org_id' | 'hook_id' | 'kind' | 'attack_id' | 'event' | 'attempt'>;

async function runExec(
  hook: ExecHook,
  event: string,
  doc: string,
  o: MitigationOptions,
  signal: AbortSignal,
): Promise<Run> {
  const problem = programProblem(hook.argv[0], o);
  if (problem)
    return {
      duration_ms: 0,
      outcome: 'error',
      exit_code: null,
      http_status: null,
      output: null,
      error: problem,
    };
  const timeoutMs = hook.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const r = await runProgram({
    argv: [...hook.argv, event],
    stdin: doc,
    timeoutMs,
    maxOutputBytes: o.maxOutputBytes,
    signal,
    env: { SWIMMY_EVENT: event },
  });
  const ok = r.code === 0 && !r.timedOut;
  return {
    duration_ms: r.durationMs,
    outcome: ok ? 'ok' : 'error',
    exit_code: r.code,
    http_status: null,
    output: `${r.stdout}${r.stderr ? `\n[stderr]\n${r.stderr}` : ''}`.trim() || null,
    error: ok ? null : describeRun(r, timeoutMs),
  };
}

async function runWebhook(hook: Webhook, job: Job, body: string, o: MitigationOptions, signal: AbortSignal) {
  const started = Date.now();
  const event = (job.payload as { event: string }).event;
  try {
    const res = await postJson(
      hook.url,
      body,
      {
        'user-agent': 'swimmy-mitigation/1',
        'x-swimmy-event': event,
        'x-swimmy-delivery': String(job.id),
        'x-swimmy-signature': signature(hook.secret, body),
      },
      {
        timeoutMs: hook.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        allowInternal: o.allowPrivateWebhooks,
        maxBytes: o.maxOutputBytes,
        signal,
      },
    );
    const ok = res.status >= 200 && res.status < 300;
    const run: Run = {
      duration_ms: Date.now() - started,
      outcome: ok ? 'ok' : 'error',
      exit_code: null,
      http_status: res.status,
      output: res.body || null,
      error: ok ? null : `HTTP ${res.status}`,
    };
    return { run, retry: !ok };
  } catch (err) {
    const run: Run = {
      duration_ms: Date.now() - started,
      outcome: 'error',
      exit_code: null,
      http_status: null,
      output: null,
      error: (err as Error).message,
    };
    // A refused destination will be refused again: retrying only delays the record.
    return { run, retry: !(err instanceof WebhookRefusedError) };
  }
}

export function hookJobHandler(p: Platform, o: () => MitigationOptions) {
  return async (job: Job, ctx: { signal: AbortSignal }) => {
    if (!Value.Check(HookPayload, job.payload)) throw new Error('malformed hook job payload');
    const { orgId, hookId, event, attack } = job.payload as {
      orgId: string;
      hookId: string;
      event: string;
      attack: AttackInput & { id: string };
    };
    const { settings } = await loadSettings(p.db, orgId);
    const hook = settings.hooks.find((h) => h.id === hookId);
    if (!hook || !(hook.events as string[]).includes(event)) return; // removed or changed since
    const base = {
      org_id: orgId,
      hook_id: hookId,
      kind: hook.kind,
      attack_id: attack.id,
      event,
      attempt: job.attempts,
    };
    if (hook.kind === 'exec') {
      const doc = `${JSON.stringify({ event, orgId, attack })}\n`;
      await insertHookRun(p.db, { ...base, ...(await runExec(hook, event, doc, o(), ctx.signal)) });
      return;
    }
    const body = JSON.stringify({
      event,
      orgId,
      deliveryId: String(job.id),
      attempt: job.attempts,
      sentAt: new Date().toISOString(),
      attack,
    });
    const { run, retry } = await runWebhook(hook, job, body, o(), ctx.signal);
    await insertHookRun(p.db, { ...base, ...run });
    if (retry) throw new Error(`webhook ${hookId}: ${run.error}`);
  };
}
