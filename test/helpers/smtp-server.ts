import net from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as the client sent it. */
  data: string;
  messageId: string | null;
}

export interface SmtpServer {
  url: string;
  received: ReceivedMail[];
  /** While set, the server refuses every message at the end of DATA with a temporary error (451). */
  refusing: boolean;
  close(): Promise<void>;
}

/**
 * A small real SMTP server on a free port (plain, no TLS, no auth): enough of RFC 5321 for nodemailer —
 * greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. What it accepted is in `received`; with
 * `refusing` it answers 451 after the data, as a mail server that cannot take mail right now.
 */
export async function startSmtpServer(): Promise<SmtpServer> {
  const state: SmtpServer = { url: '', received: [], refusing: false, close: async () => {} };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    let inData = false;
    let from = '';
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 test-smtp ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buffer = buffer.slice(end + 5);
          inData = false;
          if (state.refusing) reply('451 4.3.0 try again later');
          else {
            const messageId = /^Message-ID:\s*(\S+)/im.exec(data)?.[1] ?? null;
            state.received.push({ from, to, data, messageId });
            reply('250 2.0.0 queued');
          }
          from = '';
          to = [];
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-test-smtp\r\n250 8BITMIME');
        else if (verb === 'HELO') reply('250 test-smtp');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 ok');
        } else if (verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** The text body of a received plain-text mail (quoted-printable decoded enough for links and names). */
export function bodyOf(mail: ReceivedMail): string {
  const body = mail.data.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  return body
    .replace(/=\r\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
}
