// Maps NetFlow v9 field types / IPFIX information elements (enterprise 0) to what the record
// decoder does with them. NetFlow v9 numbers 1..127 are the same as IPFIX's, so one table serves
// both; everything not listed (post-NAT, MPLS, interfaces, enterprise fields …) is skipped by length.

// Field kinds: small integers so that a template compiles to a Uint8Array the decoder switches on.
export const K_SKIP = 0;
export const K_BYTES = 1;
export const K_PACKETS = 2;
export const K_PROTOCOL = 3;
export const K_TOS = 4;
export const K_TCP_FLAGS = 5;
export const K_SRC_PORT = 6;
export const K_DST_PORT = 7;
export const K_SRC_V4 = 8;
export const K_DST_V4 = 9;
export const K_SRC_V6 = 10;
export const K_DST_V6 = 11;
export const K_SRC_AS = 12;
export const K_DST_AS = 13;
export const K_FIRST_UPTIME = 14; // ms of exporter uptime (v9 header sysUptime; IPFIX systemInitTime)
export const K_LAST_UPTIME = 15;
export const K_ICMP_TYPE_CODE = 16; // type << 8 | code
export const K_ICMP_TYPE = 17;
export const K_ICMP_CODE = 18;
export const K_SAMPLING_INTERVAL = 19; // 1-in-N (v9 34 and 50)
export const K_SAMPLER_ID = 20; // v9 48 flowSamplerId, IPFIX 302 selectorId
export const K_PACKET_INTERVAL = 21; // IPFIX 305 samplingPacketInterval
export const K_PACKET_SPACE = 22; // IPFIX 306 samplingPacketSpace
export const K_SAMPLING_SIZE = 23; // IPFIX 309
export const K_SAMPLING_POPULATION = 24; // IPFIX 310
export const K_SAMPLING_PROBABILITY = 25; // IPFIX 311, float
export const K_FRAG_OFFSET = 26;
export const K_FRAG_FLAGS = 27;
export const K_START_MS = 28;
export const K_END_MS = 29;
export const K_START_S = 30;
export const K_END_S = 31;
export const K_START_NTP = 32; // dateTimeMicroseconds / Nanoseconds: NTP 64-bit timestamp
export const K_END_NTP = 33;
export const K_START_DELTA_US = 34; // microseconds before the IPFIX export time
export const K_END_DELTA_US = 35;
export const K_SYS_INIT_MS = 36; // IPFIX systemInitTimeMilliseconds (options)
export const K_IP_VERSION = 37;
export const K_SAMPLING_ALGORITHM = 38; // v9 35/49, IPFIX 304: informational

/** IPFIX variable-length marker in a field specifier. */
export const VARLEN = 65535;

const KIND_BY_ID = new Uint8Array(512);
const assign = (kind: number, ...ids: number[]): void => {
  for (const id of ids) KIND_BY_ID[id] = kind;
};
assign(K_BYTES, 1);
assign(K_PACKETS, 2);
assign(K_PROTOCOL, 4);
assign(K_TOS, 5);
assign(K_TCP_FLAGS, 6);
assign(K_SRC_PORT, 7);
assign(K_SRC_V4, 8);
assign(K_DST_PORT, 11);
assign(K_DST_V4, 12);
assign(K_SRC_AS, 16);
assign(K_DST_AS, 17);
assign(K_LAST_UPTIME, 21);
assign(K_FIRST_UPTIME, 22);
assign(K_SRC_V6, 27);
assign(K_DST_V6, 28);
assign(K_ICMP_TYPE_CODE, 32, 139);
assign(K_SAMPLING_INTERVAL, 34, 50);
assign(K_SAMPLING_ALGORITHM, 35, 49, 304);
assign(K_SAMPLER_ID, 48, 302);
assign(K_IP_VERSION, 60);
assign(K_FRAG_OFFSET, 88);
assign(K_START_S, 150);
assign(K_END_S, 151);
assign(K_START_MS, 152);
assign(K_END_MS, 153);
assign(K_START_NTP, 154, 156);
assign(K_END_NTP, 155, 157);
assign(K_START_DELTA_US, 158);
assign(K_END_DELTA_US, 159);
assign(K_SYS_INIT_MS, 160);
assign(K_ICMP_TYPE, 176, 178);
assign(K_ICMP_CODE, 177, 179);
assign(K_FRAG_FLAGS, 197);
assign(K_PACKET_INTERVAL, 305);
assign(K_PACKET_SPACE, 306);
assign(K_SAMPLING_SIZE, 309);
assign(K_SAMPLING_POPULATION, 310);
assign(K_SAMPLING_PROBABILITY, 311);

/**
 * The kind for a field, or K_SKIP when the field is unknown, enterprise-specific, or has a width
 * its type cannot have (an address that is not 4/16 bytes, a float that is not 4/8): such a field
 * is stepped over rather than misread.
 */
export function fieldKind(id: number, enterprise: boolean, length: number): number {
  if (enterprise || id >= KIND_BY_ID.length || length === VARLEN) return K_SKIP;
  const kind = KIND_BY_ID[id]!;
  switch (kind) {
    case K_SRC_V4:
    case K_DST_V4:
      return length === 4 ? kind : K_SKIP;
    case K_SRC_V6:
    case K_DST_V6:
      return length === 16 ? kind : K_SKIP;
    case K_SAMPLING_PROBABILITY:
      return length === 4 || length === 8 ? kind : K_SKIP;
    default:
      // Unsigned integers: any width 1..8 decodes (reduced-size encoding); zero-width holds nothing.
      return length >= 1 && length <= 8 ? kind : K_SKIP;
  }
}

/** Kinds that mean a data record carries its own sampling information. */
export function isSamplingKind(kind: number): boolean {
  return (
    kind === K_SAMPLING_INTERVAL ||
    kind === K_SAMPLER_ID ||
    kind === K_PACKET_INTERVAL ||
    kind === K_SAMPLING_SIZE ||
    kind === K_SAMPLING_PROBABILITY
  );
}
