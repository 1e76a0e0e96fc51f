import request from 'supertest';
import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm, csrfFrom } from '../helpers/users';
import { startSmtpServer, bodyOf, type SmtpServer } from '../helpers/smtp-server';
import { createPasswordReset, AuthToken } from '../../src/auth';
import { MAIL, enqueueMail } from '../../src/outbox';

/**
 * Mails go through the outbox (issue 15): written in the transaction of the change that causes them,
 * sent by the outbox through a real SMTP conversation, at most once what the server took, retried with
 * back-off while the server refuses, and finally dead and shown to admins.
 */
let t: TestApp;
let smtp: SmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    // A poll far away: a mail that arrives at once was woken by the commit, not found by the timer.
    OUTBOX_POLL_SECONDS: '600',
    OUTBOX_RETRY_SECONDS: '0',
    OUTBOX_MAX_ATTEMPTS: '3',
  });
}, 60_000);
afterAll(async () => {
  await t.close();
  await smtp.close();
});

interface Row {
  id: number;
  status: string;
  attempts: number;
  payload: string;
  last_error: string | null;
}
const mailRows = async (): Promise<Row[]> =>
  (
    await t.ctx.sequelize.query<Row>(
      'SELECT id, status, attempts, payload, last_error FROM outbox WHERE type = ? ORDER BY id',
      { replacements: [MAIL], type: QueryTypes.SELECT },
    )
  ).map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
const receivedBy = (email: string) => smtp.received.filter((m) => m.to.includes(email));

async function waitFor<T>(what: () => Promise<T> | T, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('mails through the outbox', () => {
  it('when a reset is asked for, then its mail is an outbox message sent at once, once, keyed by the row id, and its link is not kept', async () => {
    const user = await makeUser('lotse');
    await submitForm(request.agent(t.app), '/password/forgot', '/password/forgot', { email: user.email }, 303);
    // No drain and no poll for ten minutes: the commit woke this process's worker.
    const got = await waitFor(
      () => receivedBy(user.email),
      (l) => l.length > 0,
    );
    expect(got).toHaveLength(1);
    const row = (await mailRows()).pop()!;
    expect(got[0].messageId).toBe(`<gezu.outbox-${row.id}@localhost>`);
    expect(bodyOf(got[0])).toMatch(/\/password\/reset\/[\w-]+/);
    const done = await waitFor(
      async () => (await mailRows()).find((r) => r.id === row.id)!,
      (r) => r.status === 'done',
    );
    expect(done.status).toBe('done');
    const payload = JSON.parse(done.payload);
    expect(payload).toMatchObject({ to: user.email, mailSentAt: expect.any(Number) });
    expect(payload.text).toBeUndefined();
    // Drained again: nothing more goes out.
    await t.ctx.services.outbox.drain();
    expect(receivedBy(user.email)).toHaveLength(1);
  });

  it('when the transaction that wrote a mail rolls back, then there is no mail and no link', async () => {
    const user = await makeUser('lotse');
    const before = (await mailRows()).length;
    await expect(
      createPasswordReset(user.email, async (transaction, { user: u }) => {
        await enqueueMail(transaction, { to: u.email, subject: 'x', text: 'y' });
        throw new Error('the change fails after the mail was written');
      }),
    ).rejects.toThrow('the change fails');
    await t.ctx.services.outbox.drain();
    expect(await mailRows()).toHaveLength(before);
    expect(await AuthToken.count({ where: { userId: user.id } })).toBe(0);
    expect(receivedBy(user.email)).toHaveLength(0);
  });

  it('when a later handler of the same message fails, then the retry does not send the acknowledged mail again', async () => {
    const user = await makeUser('lotse');
    let failures = 0;
    t.ctx.services.outbox.register<{ to: string }>(MAIL, async (p) => {
      if (p.to === user.email && failures++ === 0) throw new Error('a later step failed once');
    });
    await t.ctx.sequelize.transaction((transaction) =>
      enqueueMail(transaction, { to: user.email, subject: 'Einmal', text: 'Nur einmal.' }),
    );
    await t.ctx.services.outbox.drain();
    const row = (await mailRows()).pop()!;
    expect([row.status, row.attempts]).toEqual(['done', 2]);
    expect(failures).toBe(2);
    expect(receivedBy(user.email)).toHaveLength(1);
  });

  it('when the mail server refuses, then the mail is tried again, dead after the last try, shown to admins, and sent once when retried', async () => {
    const user = await makeUser('lotse');
    const admin = await makeUser('admin');
    smtp.refusing = true;
    try {
      await submitForm(request.agent(t.app), '/password/forgot', '/password/forgot', { email: user.email }, 303);
      await t.ctx.services.outbox.drain();
    } finally {
      smtp.refusing = false;
    }
    const row = (await mailRows()).pop()!;
    expect([row.status, row.attempts]).toEqual(['dead', 3]);
    expect(row.last_error).toContain('451');
    expect(receivedBy(user.email)).toHaveLength(0);
    expect(await t.ctx.services.outbox.stats()).toMatchObject({ dead: 1 });

    const agent = await loginAs(t.app, admin);
    const page = await agent.get('/admin/outbox').expect(200);
    expect(page.text).toContain(MAIL);
    expect(page.text).toContain('451');
    await agent
      .post(`/admin/outbox/${row.id}/retry`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    await t.ctx.services.outbox.drain();
    const after = (await mailRows()).find((r) => r.id === row.id)!;
    expect(after.status).toBe('done');
    const got = receivedBy(user.email);
    expect(got).toHaveLength(1);
    expect(got[0].messageId).toBe(`<gezu.outbox-${row.id}@localhost>`);
  });
});
