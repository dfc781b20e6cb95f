// Datagram encoders for every supported flow protocol, for tests, the traffic simulator and the
// benchmarks: they produce the same bytes a router would send, so the decoders are exercised end
// to end.

export * from './encode-flows.ts';
export * from './encode-netflow.ts';
export * from './encode-sflow.ts';
export * from './flow-input.ts';
export * from './packets.ts';
export { ByteWriter, concatBytes } from './writer.ts';
