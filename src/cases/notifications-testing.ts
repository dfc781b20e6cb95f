import { SMTPServer } from 'smtp-server';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { SEND_JOB } from '../notify/deliver.ts';
import { startNotify } from '../notify/index.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { FANOUT_JOB, startCoordinationNotifications } from './notify-fanout.ts';

/** Test helpers for coordination notifications: a real SMTP server and the real job workers. */

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** A raw message with quoted-printable soft breaks removed and =XX bytes decoded (as UTF-8). */
function decodeQp(raw: string): string {
  const s = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseMail(to: string[], raw: string): Mail {
  const folded = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? '';
  // RFC 2047 encoded words (=?UTF-8?Q?…?=), as nodemailer writes non-ASCII subjects.
  const subject = folded
    .replace(/\?=\s+=\?UTF-8\?Q\?/gi, '')
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_m, q: string) => decodeQp(q.replace(/_/g, ' ')))
    .replace(/\r?\n[ \t]/g, ' ');
  // The whole message decoded: its text and HTML parts say the same.
  return { to, subject, text: decodeQp(raw) };
}

/** An SMTP server on loopback that keeps every message it is given. */
export async function smtpSink() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(
          parseMail(
            session.envelope.rcptTo.map((r) => r.address),
            Buffer.concat(chunks).toString('utf8'),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
