import type { Sequelize, Transaction } from 'sequelize';
import type { Mail, Mailer } from '../shared/mailer';
import { enqueue, type EnqueueOptions } from './enqueue';
import { replacePayload } from './outbox-store';

/** Outbox type of a mail written out in full when it is caused (account mails with their one-time link). */
export const MAIL = 'outbox.mail';

/** Set in a mail message's payload once the mail server took the mail: a retry sends nothing. */
const SENT = 'mailSentAt';

type Payload = Record<string, unknown> & { [SENT]?: number };

/**
 * Writes a finished mail into the outbox inside the caller's transaction: it goes out exactly when the
 * change that caused it was committed. The worker of this process is woken on commit, so a mail the
 * person waits for (a reset link) leaves at once, not at the next poll.
 */
export async function enqueueMail(transaction: Transaction, mail: Mail, opts: EnqueueOptions = {}): Promise<void> {
  await enqueue(transaction, MAIL, { to: mail.to, subject: mail.subject, text: mail.text }, opts);
}

/**
 * Wraps a mail-rendering function into an outbox handler that sends at most once what the mail server
 * acknowledged: the outbox row id is the mail's key (its Message-ID), and after the server took it the
 * row's payload records `mailSentAt` — a retry (a later handler of the same type failed, or "done" was not
 * written) finds it and sends nothing. The text of a full mail is dropped then, so a one-time link does
 * not stay in the table. `render` answers null when there is nothing to send (the person is gone).
 * A failing mail server throws: the outbox tries again with back-off and finally lists it as dead.
 */
export function mailHandler<P>(
  deps: { sequelize: Sequelize; mailer: Mailer },
  render: (payload: P) => Promise<Mail | null>,
): (payload: P, meta: { id: number }) => Promise<void> {
  return async (payload, meta) => {
    const p = (payload ?? {}) as Payload;
    if (typeof p[SENT] === 'number') return;
    const mail = await render(payload);
    if (!mail) return;
    await deps.mailer.send(mail, { key: meta.id });
    const kept: Payload = { ...p, [SENT]: Date.now() };
    delete kept.text;
    await replacePayload(deps.sequelize, meta.id, JSON.stringify(kept));
  };
}

/** The handler of {@link MAIL}: the mail as it was written. */
export function fullMailHandler(deps: { sequelize: Sequelize; mailer: Mailer }) {
  return mailHandler<Mail>(deps, async (m) => (m?.to && m.text !== undefined ? m : null));
}
