import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { SEND_JOB } from '../notify/deliver.ts';
import { startNotify } from '../notify/index.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { FANOUT_JOB, startCoordinationNotifications } from './notify-fanout.ts';

/** Test helpers for coordination notifications: a real SMTP server and the real job workers. */

export { type Mail, smtpSink } from '../../test/helpers/smtp.ts';

/** The whole app, with the `work` role's notification workers running as in production. */
export async function appWithNotifications(smtpUrl?: string): Promise<TestApp> {
  const t = await createTestApp(smtpUrl ? { smtpUrl } : {}, { jobs: { pollMs: 20 } });
  const notify = startNotify(t.platform);
  startCoordinationNotifications(t.platform, { publicUrl: 'https://swimmy.test' });
  t.platform.jobs.start();
  return {
    ...t,
    async close() {
      await t.close();
      notify.close();
    },
  };
}

/** Waits until every notification fan-out and delivery job queued so far has run. */
export const settle = (t: TestApp, timeoutMs = 30_000) =>
  waitFor(
    async () => {
      const row = await t.platform.db.one<{ n: number | string }>(
        'select count(*) as n from jobs where finished_at is null and kind = any($1::text[])',
        [[FANOUT_JOB, SEND_JOB]],
      );
      return Number(row?.n) === 0;
    },
    timeoutMs,
    'notification jobs',
  );
