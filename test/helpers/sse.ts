import { type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';

/**
 * A small Server-Sent Events client for tests: connects with node:http, parses frames as the
 * EventSource spec does, and waits for frames with a timeout (a missing event fails the
 * test instead of hanging it).
 */

/** One blank-line-terminated block. Comment-only and retry-only blocks are frames too. */
export interface SseFrame {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
  comments?: string[];
}

/** A frame that a browser's EventSource would dispatch (it carries data). */
export const isEvent = (f: SseFrame): f is SseFrame & { data: string } => f.data !== undefined;

/** Incremental parser: feed text as it arrives, get whole frames back. */
export class SseParser {
  #buffer = '';
  #frame: SseFrame = {};
  #hasField = false;

  feed(text: string): SseFrame[] {
    this.#buffer += text;
    const out: SseFrame[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.#buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (!m || (m[0] === '\r' && m.index === this.#buffer.length - 1)) break;
      const line = this.#buffer.slice(0, m.index);
      this.#buffer = this.#buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (this.#hasField) out.push(this.#frame);
        this.#frame = {};
        this.#hasField = false;
      } else {
        this.#line(line);
      }
    }
    return out;
  }

  #line(line: string) {
    this.#hasField = true;
    if (line.startsWith(':')) {
      const comments = this.#frame.comments ?? [];
      comments.push(line.slice(1).trimStart());
      this.#frame.comments = comments;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data')
      this.#frame.data = this.#frame.data === undefined ? value : `${this.#frame.data}\n${value}`;
    else if (field === 'event') this.#frame.event = value;
    else if (field === 'id') this.#frame.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.#frame.retry = Number(value);
  }
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every frame received so far, in order. */
  readonly frames: readonly SseFrame[];
  /** The next frame matching `filter` (default: events with data) not yet taken. */
  next(options?: { timeoutMs?: number; filter?: (f: SseFrame) => boolean }): Promise<SseFrame>;
  /** The next `n` matching frames. */
  collect(
    n: number,
    options?: { timeoutMs?: number; filter?: (f: SseFrame) => boolean },
  ): Promise<SseFrame[]>;
  /** Waits `ms` and returns the matching frames that arrived untaken meanwhile (for "nothing else came"). */
  drain(ms: number, filter?: (f: SseFrame) => boolean): Promise<SseFrame[]>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

export interface SseResponse {
  status: number;
  headers: Headers;
  /** The whole body, for answers that are not a stream (errors). */
  text(): Promise<string>;
  /** Present when the answer is `text/event-stream`. */
  stream?: SseStream;
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, one);
  }
  return h;
}

/**
 * GETs `url` on a connection of its own (no keep-alive pool, so closing a stream really closes
 * it and a server can shut down at once); when the answer is an event stream, starts reading it.
 */
export async function openSse(
  url: string,
  init: { headers?: Record<string, string> } = {},
): Promise<SseResponse> {
  const req = request(url, { headers: { accept: 'text/event-stream', ...init.headers }, agent: false });
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve).once('error', reject).end();
  });
  res.setEncoding('utf8');
  const headers = toHeaders(res.headers);
  const status = res.statusCode ?? 0;
  if (!(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    return {
      status,
      headers,
      text: async () => {
        let body = '';
        for await (const chunk of res) body += chunk;
        return body;
      },
    };
  }

  const frames: SseFrame[] = [];
  let taken = new Set<SseFrame>();
  let wake: (() => void) | null = null;
  const parser = new SseParser();
  let done = false;
  const ended = new Promise<void>((resolve) => {
    const finish = () => {
      done = true;
      wake?.();
      resolve();
    };
    res.on('data', (chunk: string) => {
      frames.push(...parser.feed(chunk));
      wake?.();
    });
    res.once('end', finish).once('close', finish).once('error', finish);
  });

  const take = (filter: (f: SseFrame) => boolean) => {
    const f = frames.find((x) => !taken.has(x) && filter(x));
    if (f) taken.add(f);
    return f;
  };

  const next: SseStream['next'] = async ({ timeoutMs = 5000, filter = isEvent } = {}) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = take(filter);
      if (f) return f;
      const left = deadline - Date.now();
      if (done || left <= 0) {
        const why = done ? 'stream ended' : `no frame within ${timeoutMs} ms`;
        throw new Error(`${why}; frames so far: ${JSON.stringify(frames)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(t);
          wake = null;
          resolve();
        };
      });
    }
  };

  const stream: SseStream = {
    status,
    headers,
    frames,
    next,
    async collect(n, options) {
      const out: SseFrame[] = [];
      for (let i = 0; i < n; i++) out.push(await next(options));
      return out;
    },
    async drain(ms, filter = isEvent) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      const out = frames.filter((f) => !taken.has(f) && filter(f));
      taken = new Set([...taken, ...out]);
      return out;
    },
    ended,
    close() {
      req.destroy();
    },
  };
  return { status, headers, text: async () => '', stream };
}

/** Parses a frame's data as JSON. */
export const dataOf = <T = unknown>(f: SseFrame): T => JSON.parse(f.data ?? 'null') as T;
