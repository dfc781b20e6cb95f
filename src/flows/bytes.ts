// Big-endian readers over Uint8Array. Every caller checks bounds before reading: these helpers do
// not, so that the hot loops pay for one comparison per record instead of one per byte. Plain byte
// arithmetic is used rather than DataView so a decoder needs no view object per datagram.

export function u8(b: Uint8Array, o: number): number {
  return b[o]!;
}

export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/**
 * Reads an unsigned integer of 1..8 bytes (IPFIX "reduced-size encoding" allows any width up to
 * the type's). Values past 2^53 lose precision, which is harmless for packet and byte counters.
 * Widths above 8 read the low 8 bytes, as a counter that wide cannot hold more than that.
 */
export function uintN(b: Uint8Array, o: number, len: number): number {
  switch (len) {
    case 1:
      return b[o]!;
    case 2:
      return (b[o]! << 8) | b[o + 1]!;
    case 4:
      return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    case 8:
      return (
        (((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0) * 4294967296 +
        (((b[o + 4]! << 24) | (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!) >>> 0)
      );
    default: {
      if (len <= 0) return 0;
      const start = len > 8 ? o + len - 8 : o;
      let value = 0;
      for (let i = start; i < o + len; i++) value = value * 256 + b[i]!;
      return value;
    }
  }
}

const floatScratch = new DataView(new ArrayBuffer(8));

/** IEEE-754 float32 (len 4) or float64 (len 8); NaN for any other width. */
export function floatN(b: Uint8Array, o: number, len: number): number {
  if (len !== 4 && len !== 8) return Number.NaN;
  for (let i = 0; i < len; i++) floatScratch.setUint8(i, b[o + i]!);
  return len === 4 ? floatScratch.getFloat32(0) : floatScratch.getFloat64(0);
}

/** Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_S = 2208988800;

/** An NTP 64-bit timestamp (IPFIX dateTimeMicroseconds/Nanoseconds) as Unix epoch milliseconds. */
export function ntpToEpochMs(b: Uint8Array, o: number): number {
  const seconds = u32(b, o);
  const fraction = u32(b, o + 4);
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + Math.floor((fraction / 4294967296) * 1000);
}
