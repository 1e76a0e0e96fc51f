import nodemailer from 'nodemailer';
import type { Logger } from './logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface SendOptions {
  /**
   * A stable key of this mail (the outbox row id): it becomes the Message-ID, so a mail sent again
   * after a crash carries the same id and mail clients and servers can tell it is the same message.
   */
  key?: string | number;
}

export interface Mailer {
  /** Sends or throws: callers are outbox handlers, and a throw makes the outbox try again later. */
  send(mail: Mail, opts?: SendOptions): Promise<void>;
  readonly configured: boolean;
}

/** `<gezu.outbox-12@example.org>` from the sender's domain (MAIL_FROM). */
export function messageIdFor(key: string | number, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<gezu.outbox-${key}@${domain}>`;
}

/**
 * Sends through SMTP when SMTP_URL is set. Without it the mail (with its link) goes to the log,
 * so an admin can pass the link on by hand.
 */
export function createMailer(smtpUrl: string | undefined, from: string, logger: Logger): Mailer {
  if (!smtpUrl) {
    return {
      configured: false,
      async send(mail) {
        logger.warn({ mail }, 'SMTP not configured: mail written to the log instead of sent');
      },
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    configured: true,
    async send(mail, opts = {}) {
      const messageId = opts.key === undefined ? undefined : messageIdFor(opts.key, from);
      await transport.sendMail({ from, ...mail, ...(messageId ? { messageId } : {}) });
    },
  };
}
