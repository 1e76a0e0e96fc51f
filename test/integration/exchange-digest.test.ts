import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { outboxRow } from '../helpers/outbox';
import { createScheduler } from '../../src/jobs';
import { berlinDate } from '../../src/shared/berlin-time';
import { recordMails } from './q2-fixtures';
import type { Mail } from '../../src/shared/mailer';

let t: TestApp;
let mails: Mail[];
beforeAll(async () => {
  // Hour 0: the digest is due whenever the test runs; the server's own timers stay off in tests.
  t = await createTestApp({ EXCHANGE_DIGEST_HOUR: '0', EXCHANGE_POSTS_PER_WINDOW: '500' });
  mails = recordMails(t.ctx.mailer);
});
afterAll(() => t.close());

type Agent = Awaited<ReturnType<typeof loginAs>>;
const mailsTo = (email: string) => mails.filter((m) => m.to === email);

async function post(agent: Agent, space: string, title: string, body = 'Was meinen Sie?') {
  const token = await tokenFor(agent, `/austausch/${space}`);
  const res = await agent.post(`/austausch/${space}/threads`).type('form').send({ _csrf: token, title, body });
  expect(res.status).toBe(303);
}

describe('daily digest of the exchange', () => {
  it('when the digest job runs twice (two processes) on one day, then each person with unread posts gets one mail, the writer and those who chose "aus" none', async () => {
    const writer = await makeUser('lotse', { region: 'luebeck-westmecklenburg' });
    const reader = await makeUser('lotse', { region: 'luebeck-westmecklenburg' });
    const optedOut = await makeUser('lotse', { region: 'luebeck-westmecklenburg' });
    const elsewhere = await makeUser('lotse', { region: 'baden-wuerttemberg' });

    const outAgent = await loginAs(t.app, optedOut);
    const account = await outAgent.get('/account').expect(200);
    expect(account.text).toMatch(/value="daily" checked/);
    const token = await tokenFor(outAgent, '/account');
    await outAgent.post('/account/benachrichtigungen').type('form').send({ _csrf: token, digest: 'off' }).expect(303);
    expect((await outAgent.get('/account')).text).toMatch(/value="off" checked/);

    await post(await loginAs(t.app, writer), 'region:luebeck-westmecklenburg', 'Netzwerktreffen im Mai <b>fett</b>');

    const scheduler = () =>
      createScheduler({
        sequelize: t.ctx.sequelize,
        logger: t.ctx.logger,
        jobs: [
          { name: 'exchange-digest', intervalSeconds: 3600, run: () => t.ctx.services.exchange.enqueueDueDigests() },
        ],
      });
    const [a, b] = [scheduler(), scheduler()];
    const ran = (await Promise.all([a.tick(), b.tick()])).flat();
    expect(ran).toEqual(['exchange-digest']);
    // A later run the same day (the lease expired, or another process) offers the same messages again.
    await t.ctx.services.exchange.enqueueDueDigests();
    await t.ctx.services.outbox.drain();

    const got = mailsTo(reader.email);
    expect(got).toHaveLength(1);
    expect(got[0].subject).toContain('1 Themen');
    expect(got[0].text).toContain('„Netzwerktreffen im Mai <b>fett</b>“ (1 neu)');
    expect(got[0].text).toMatch(/\/austausch\/threads\/\d+/);
    expect(mailsTo(writer.email)).toHaveLength(0);
    expect(mailsTo(optedOut.email)).toHaveLength(0);
    expect(mailsTo(elsewhere.email)).toHaveLength(0);
    const row = await outboxRow(t.ctx.sequelize, `exchange.digest_mail:${reader.id}:${berlinDate()}`);
    expect(row?.status).toBe('done');
    await a.stop();
    await b.stop();
  });

  it('when the reader opened the thread before the digest, then no mail', async () => {
    const writer = await makeUser('lotse', { region: 'rhein-ruhr' });
    const reader = await makeUser('lotse', { region: 'rhein-ruhr' });
    await post(await loginAs(t.app, writer), 'region:rhein-ruhr', 'Schon gelesen');
    const readerAgent = await loginAs(t.app, reader);
    const space = await readerAgent.get('/austausch/region:rhein-ruhr').expect(200);
    const id = /\/austausch\/threads\/(\d+)">Schon gelesen/.exec(space.text)![1];
    await readerAgent.get(`/austausch/threads/${id}`).expect(200);
    await t.ctx.services.exchange.enqueueDueDigests();
    await t.ctx.services.outbox.drain();
    await t.ctx.services.outbox.drain();
    expect(mailsTo(reader.email)).toHaveLength(0);
  });

  it('when someone is mentioned or answered, then they get a mail at once', async () => {
    const owner = await makeUser('lotse', { region: 'saarland', firstName: 'Greta', lastName: 'Gruen' });
    const tutor = await makeUser('tutor', { region: 'saarland', firstName: 'Theo', lastName: 'Tutor' });
    const ownerAgent = await loginAs(t.app, owner);
    await post(ownerAgent, 'reflecting:saarland', 'Frage an @Theo Tutor', 'Hallo @Theo Tutor, eine Frage.');
    await t.ctx.services.outbox.drain();
    expect(mailsTo(tutor.email).map((m) => m.subject)).toEqual([expect.stringContaining('erwähnt')]);
    const tutorAgent = await loginAs(t.app, tutor);
    const space = await tutorAgent.get('/austausch/reflecting:saarland').expect(200);
    const id = /\/austausch\/threads\/(\d+)">Frage an @Theo Tutor/.exec(space.text)![1];
    const token = await tokenFor(tutorAgent, `/austausch/threads/${id}`);
    await tutorAgent
      .post(`/austausch/threads/${id}/posts`)
      .type('form')
      .send({ _csrf: token, body: 'Gern.' })
      .expect(303);
    await t.ctx.services.outbox.drain();
    expect(mailsTo(owner.email).map((m) => m.subject)).toEqual([expect.stringContaining('Neue Antwort')]);
  });
});
