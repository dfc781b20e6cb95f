/**
 * Mitigation: RTBH and FlowSpec proposals and announcements (ExaBGP, GoBGP, exec, log only),
 * expiry and withdrawal, and action hooks on attack events. See README.md in this folder.
 */
export { type MitigationOptions, mitigationOptions, setMitigationOptions } from './options.ts';
export { mitigationModule } from './routes.ts';
export { type MitigationRunner, startMitigation } from './subscriber.ts';
