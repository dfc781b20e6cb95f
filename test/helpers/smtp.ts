import { SMTPServer } from 'smtp-server';

/** A message as a real SMTP server received it, with its subject and text decoded for asserts. */
export interface Mail {
  to: string[];
  raw: string;
  subject: string;
  /** The whole message, quoted-printable decoded: its text and HTML parts say the same. */
  text: string;
}

/** Quoted-printable: soft breaks removed and =XX bytes decoded as UTF-8. */
export function decodeQp(raw: string): string {
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
  return { to, raw, subject, text: decodeQp(raw) };
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
        const to = session.envelope.rcptTo.map((r) => r.address);
        mails.push(parseMail(to, Buffer.concat(chunks).toString('utf8')));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof smtpSink>>;
