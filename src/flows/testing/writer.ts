// A growable big-endian byte writer for building datagrams in tests, the simulator and benchmarks.
// Not for the decode path: it allocates freely.

import { parseIp } from '../address.ts';

export class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.buf[this.length++] = (v >>> 24) & 0xff;
    this.buf[this.length++] = (v >>> 16) & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  /** Unsigned integer in `width` bytes (1..8); wider values keep their low bytes. */
  uint(v: number, width: number): this {
    let big = BigInt(Math.max(0, Math.floor(v)));
    const bytes = new Uint8Array(width);
    for (let i = width - 1; i >= 0; i--) {
      bytes[i] = Number(big & 0xffn);
      big >>= 8n;
    }
    return this.bytes(bytes);
  }

  bytes(data: Uint8Array): this {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
    return this;
  }

  zeros(n: number): this {
    this.room(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
    return this;
  }

  /** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
  ip(text: string): this {
    const parsed = parseIp(text);
    if (!parsed) throw new Error(`not an IP address: ${text}`);
    if (parsed.version === 4) return this.u32(parsed.words[3]);
    for (const word of parsed.words) this.u32(word);
    return this;
  }

  /** Overwrites a 16-bit value at `offset` (for length fields known only at the end). */
  patch16(offset: number, v: number): this {
    this.buf[offset] = (v >>> 8) & 0xff;
    this.buf[offset + 1] = v & 0xff;
    return this;
  }

  patch32(offset: number, v: number): this {
    this.buf[offset] = (v >>> 24) & 0xff;
    this.buf[offset + 1] = (v >>> 16) & 0xff;
    this.buf[offset + 2] = (v >>> 8) & 0xff;
    this.buf[offset + 3] = v & 0xff;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const part of parts) {
    out.set(part, off);
    off += part.length;
  }
  return out;
}

export function isIpv6(text: string): boolean {
  return text.includes(':');
}
