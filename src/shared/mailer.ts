import nodemailer from 'nodemailer';
import type { Logger } from './logger';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  readonly configured: boolean;
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
    async send(mail) {
      try {
        await transport.sendMail({ from, ...mail });
      } catch (err) {
        // A failed mail must not fail the user's action; the log keeps the content for an admin.
        logger.error({ err, mail }, 'sending mail failed');
      }
    },
  };
}
