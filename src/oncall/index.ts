/** On-call and escalation: schedules, policies, incidents, intake and paging. */
export { ackPages } from './ack-pages.ts';
export { type Actor, acknowledge, type RaiseAlert, raiseAlert, resolve } from './incidents.ts';
export { type OncallModuleOptions, oncallModule } from './module.ts';
export { type OncallOptions, startOncall } from './start.ts';
