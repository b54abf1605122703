/**
 * A tiny SMTP relay on a loopback socket for tests: it speaks enough of RFC 5321 (greeting, EHLO/HELO,
 * MAIL, RCPT, DATA, RSET, NOOP, QUIT) for nodemailer to deliver through it, and keeps every message it
 * accepted. `refuse` makes it answer 554 to MAIL FROM, as a relay that will not take mail does.
 */
import { createServer, type Socket } from 'node:net';

/** One message the relay accepted. */
export interface RelayedMessage {
  from: string;
  to: string[];
  /** The message as sent (headers and body), dot-unstuffed. */
  data: string;
}

/** A running relay. */
export interface SmtpRelay {
  port: number;
  url: string;
  messages: RelayedMessage[];
  /** When true, MAIL FROM is refused (554). */
  refuse: boolean;
  close(): Promise<void>;
}

/** Starts the relay on 127.0.0.1 and an ephemeral port. */
export async function startSmtpRelay(): Promise<SmtpRelay> {
  const sockets = new Set<Socket>();
  const relay: SmtpRelay = {
    port: 0,
    url: '',
    messages: [],
    refuse: false,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    const reply = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    let buffer = '';
    let inData = false;
    let data: string[] = [];
    let from = '';
    let to: string[] = [];
    reply('220 relay.test ESMTP');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            relay.messages.push({ from, to, data: data.join('\r\n') });
            data = [];
            reply('250 2.0.0 queued');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          socket.write('250-relay.test\r\n250 8BITMIME\r\n');
        } else if (verb === 'HELO') reply('250 relay.test');
        else if (verb === 'MAIL') {
          if (relay.refuse) reply('554 5.7.1 relaying denied');
          else {
            from = /<([^>]*)>/.exec(line)?.[1] ?? '';
            to = [];
            reply('250 2.1.0 ok');
          }
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  relay.port = typeof address === 'object' && address ? address.port : 0;
  relay.url = `smtp://127.0.0.1:${relay.port}`;
  return relay;
}
