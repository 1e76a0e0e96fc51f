import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { AuditEntry } from '../../src/shared/audit';
import { ExchangePost, ExchangeReport } from '../../src/exchange/exchange-models';

// Each case logs in four people and walks several pages; 30 s was not enough on a busy machine.
jest.setTimeout(90_000);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ EXCHANGE_POSTS_PER_WINDOW: '500' });
});
afterAll(() => t.close());

type Agent = Awaited<ReturnType<typeof loginAs>>;
const SPACE = 'reflecting:saarland';

async function form(agent: Agent, page: string, action: string, fields: Record<string, string>, status = 303) {
  const token = await tokenFor(agent, page);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: token, ...fields })
    .expect(status);
}

async function reportedPost(writer: Agent, reporter: Agent, title: string, reason: string) {
  await form(writer, `/austausch/${SPACE}`, `/austausch/${SPACE}/threads`, { title, body: `Text zu ${title}` });
  const post = await ExchangePost.findOne({ order: [['id', 'DESC']] });
  await form(reporter, `/austausch/threads/${post!.threadId}`, `/austausch/posts/${post!.id}/report`, { reason });
  const report = await ExchangeReport.findOne({ where: { postId: post!.id } });
  return { post: post!, report: report! };
}

describe("moderators' page (gemeldete Beiträge)", () => {
  it("when a Lotse reports a post, then the tutor of the region sees it with the reason escaped, another region's tutor and Lotsen do not", async () => {
    const writer = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const reporter = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const { report } = await reportedPost(writer, reporter, 'Werbung?', '<script>alert(1)</script> Werbung');

    const tutor = await loginAs(t.app, await makeUser('tutor', { region: 'saarland' }));
    const overview = await tutor.get('/austausch').expect(200);
    expect(overview.text).toMatch(/Gemeldete Beiträge: \d+ offen/);
    const page = await tutor.get('/austausch/moderation').expect(200);
    expect(page.text).toContain(`id="report-${report.id}"`);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Werbung');
    expect(page.text).not.toContain('<script>alert(1)');

    const other = await loginAs(t.app, await makeUser('tutor', { region: 'rhein-ruhr' }));
    const otherPage = await other.get('/austausch/moderation').expect(200);
    expect(otherPage.text).not.toContain(`id="report-${report.id}"`);
    expect(otherPage.text).toContain('Keine offenen Meldungen');
    await form(other, '/austausch', `/austausch/reports/${report.id}/resolve`, {}, 403);

    await reporter.get('/austausch/moderation').expect(403);
    await form(reporter, '/austausch', `/austausch/reports/${report.id}/resolve`, {}, 403);
  });

  it('when the tutor marks a report handled, then it leaves the page, the post stays and the audit says who', async () => {
    const writer = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const reporter = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const { post, report } = await reportedPost(writer, reporter, 'Harmlos', 'Unsicher');
    const tutorUser = await makeUser('tutor', { region: 'saarland' });
    const tutor = await loginAs(t.app, tutorUser);
    const res = await form(tutor, '/austausch/moderation', `/austausch/reports/${report.id}/resolve`, {});
    expect(res.headers.location).toBe('/austausch/moderation');
    expect((await tutor.get('/austausch/moderation')).text).not.toContain(`id="report-${report.id}"`);
    await post.reload();
    expect([post.hiddenAt, post.deletedAt]).toEqual([null, null]);
    const audit = await AuditEntry.findOne({ where: { action: 'exchange.report_resolved', subjectId: post.id } });
    expect(audit?.actorId).toBe(tutorUser.id);
  });

  it('when the tutor deletes or hides from the page with a reason, then the report is settled and the page comes back; without a reason nothing changes', async () => {
    const writer = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const reporter = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const a = await reportedPost(writer, reporter, 'Beleidigung', 'Beleidigend');
    const b = await reportedPost(writer, reporter, 'Streit', 'Ton');
    const admin = await loginAs(t.app, await makeUser('admin'));

    const empty = await form(admin, '/austausch/moderation', `/austausch/posts/${a.post.id}/delete`, {
      back: 'moderation',
      reason: ' ',
    });
    expect(empty.headers.location).toBe('/austausch/moderation');
    expect((await a.report.reload()).resolvedAt).toBeNull();

    const del = await form(admin, '/austausch/moderation', `/austausch/posts/${a.post.id}/delete`, {
      back: 'moderation',
      reason: 'Verstößt gegen die Regeln',
    });
    expect(del.headers.location).toBe('/austausch/moderation');
    expect((await a.report.reload()).resolvedAt).not.toBeNull();
    expect((await a.post.reload()).deletedReason).toBe('Verstößt gegen die Regeln');

    await form(admin, '/austausch/moderation', `/austausch/posts/${b.post.id}/hide`, {
      back: 'moderation',
      reason: 'Prüfen',
    });
    const lock = await form(admin, '/austausch/moderation', `/austausch/threads/${b.post.threadId}/lock`, {
      back: 'moderation',
      reason: 'Abkühlen',
    });
    expect(lock.headers.location).toBe('/austausch/moderation');
    expect((await b.report.reload()).resolvedAt).not.toBeNull();
    const page = await admin.get('/austausch/moderation').expect(200);
    expect(page.text).not.toContain(`id="report-${a.report.id}"`);
    expect(page.text).not.toContain(`id="report-${b.report.id}"`);
    expect(await AuditEntry.count({ where: { action: 'exchange.post_delete', subjectId: a.post.id } })).toBe(1);
  });
});
