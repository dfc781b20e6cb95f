import type { Op } from '../render.ts';
import type { Rule } from '../rules.ts';

export interface DriverRequest {
  op: Op;
  rules: Rule[];
  mitigation: { id: string; orgId: string; attackId: string; target: string };
}

export interface DriverResult {
  /** Exactly what was sent (text lines, command lines or the JSON document). */
  sent: string;
  /** What the other side answered, if anything (program output). */
  output: string | null;
}

/** A failed send; `sent` holds what had already gone out, so the record shows partial sends. */
export class DriverError extends Error {
  readonly sent: string | null;
  readonly output: string | null;
  constructor(message: string, sent: string | null = null, output: string | null = null) {
    super(message);
    this.sent = sent;
    this.output = output;
  }
}

export interface Driver {
  readonly kind: string;
  /** What send() would send, without sending it. */
  preview(req: DriverRequest): string;
  send(req: DriverRequest, signal?: AbortSignal): Promise<DriverResult>;
}
