import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { createApiToken } from '../../src/auth/users';
import { CohortEnrolment } from '../../src/curriculum/cohort-models';
import { AuditEntry } from '../../src/shared/audit';
import { makeCohort, recordMails } from './q2-fixtures';
import type { Mail } from '../../src/shared/mailer';

let t: TestApp;
let mails: Mail[];
beforeAll(async () => {
  t = await createTestApp({ EXCHANGE_POSTS_PER_WINDOW: '500' });
  mails = recordMails(t.ctx.mailer);
});
afterAll(() => t.close());

const bearer = async (userId: number) => `Bearer ${await createApiToken(userId, 'test')}`;

describe('exchange spaces over HTTP: who sees what', () => {
  const keys = [
    'module:tools-methoden',
    'cohort:A',
    'region:saarland',
    'region:rhein-ruhr',
    'reflecting:saarland',
    'reflecting:rhein-ruhr',
    'firms:saarland',
    'firms:rhein-ruhr',
  ];
  // Rows: what each person may see (true) — the same rules as the unit matrix, through the real API.
  const matrix: Record<string, boolean[]> = {
    admin: [true, true, true, true, true, true, true, true],
    lotseInCohort: [true, true, true, false, true, false, true, false],
    lotseRuhr: [true, false, false, true, false, true, false, true],
    tutorOfCohort: [true, true, false, false, true, false, true, false],
    tutorRuhr: [true, false, false, false, false, true, false, true],
  };

  it('when each role lists spaces and reads every space, then it gets 200 exactly where the matrix says, else 403', async () => {
    const tutorOfCohort = await makeUser('tutor', { region: null });
    const cohort = await makeCohort({ tutorIds: [tutorOfCohort.id], region: 'saarland' });
    const lotseInCohort = await makeUser('lotse', { region: 'saarland' });
    await CohortEnrolment.create({
      cohortId: cohort.id,
      userId: lotseInCohort.id,
      status: 'enrolled',
      requestedAt: new Date(),
      enrolledAt: new Date(),
    });
    const people = {
      admin: await makeUser('admin'),
      lotseInCohort,
      lotseRuhr: await makeUser('lotse', { region: 'rhein-ruhr' }),
      tutorOfCohort,
      tutorRuhr: await makeUser('tutor', { region: 'rhein-ruhr' }),
    };
    const realKeys = keys.map((k) => (k === 'cohort:A' ? `cohort:${cohort.id}` : k));
    for (const [name, user] of Object.entries(people)) {
      const auth = await bearer(user.id);
      const listed = await request(t.app).get('/api/v1/spaces').set('Authorization', auth).expect(200);
      const listedKeys = (listed.body as { key: string; title: string; unread: number }[]).map((s) => s.key);
      for (const [i, key] of realKeys.entries()) {
        const sees = matrix[name][i];
        expect({ name, key, listed: listedKeys.includes(key) }).toEqual({ name, key, listed: sees });
        const res = await request(t.app)
          .get(`/api/v1/spaces/${encodeURIComponent(key)}/threads`)
          .set('Authorization', auth);
        expect({ name, key, status: res.status }).toEqual({ name, key, status: sees ? 200 : 403 });
        if (!sees) expect(res.body.code).toBe('EXCHANGE_SPACE_FORBIDDEN');
      }
    }
  });

  it('when a key names no space, then 404; when nobody is logged in, then 401', async () => {
    const lotse = await makeUser('lotse');
    const auth = await bearer(lotse.id);
    await request(t.app).get('/api/v1/spaces/module:unbekannt/threads').set('Authorization', auth).expect(404);
    await request(t.app).get('/api/v1/spaces/cohort:999999/threads').set('Authorization', auth).expect(404);
    await request(t.app).get('/api/v1/spaces').expect(401);
  });
});

describe('threads and posts over the API', () => {
  it('when a Lotse starts a thread and a tutor replies, then both see it and the Lotse has one unread until reading', async () => {
    const lotse = await makeUser('lotse', { firstName: 'Lena', lastName: 'Lotsin' });
    const tutor = await makeUser('tutor', { firstName: 'Theo', lastName: 'Tutorius' });
    const la = await bearer(lotse.id);
    const ta = await bearer(tutor.id);
    const made = await request(t.app)
      .post('/api/v1/spaces/module:technik/threads')
      .set('Authorization', la)
      .send({ title: 'Frage zu IoT', body: 'Was ist **MQTT**? @Theo Tutorius' })
      .expect(201);
    expect(made.body).toMatchObject({ key: 'module:technik', title: 'Frage zu IoT' });
    await t.ctx.services.outbox.drain();
    const mention = mails.find((m) => m.to === tutor.email);
    expect(mention?.subject).toContain('Lena Lotsin');
    expect(mention?.text).toContain(`/austausch/threads/${made.body.id}`);

    await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', ta)
      .send({ body: 'Ein Protokoll.' })
      .expect(201);
    await t.ctx.services.outbox.drain();
    expect(mails.some((m) => m.to === lotse.email && m.subject.includes('Frage zu IoT'))).toBe(true);

    const spaces = await request(t.app).get('/api/v1/spaces').set('Authorization', la).expect(200);
    expect(spaces.body.find((s: { key: string }) => s.key === 'module:technik').unread).toBe(1);
    const thread = await request(t.app).get(`/api/v1/threads/${made.body.id}`).set('Authorization', la).expect(200);
    expect(thread.body.posts.map((p: { body: string }) => p.body)).toEqual([
      'Was ist **MQTT**? @Theo Tutorius',
      'Ein Protokoll.',
    ]);
    expect(thread.body.posts[0].html).toContain('<strong>MQTT</strong>');
    const after = await request(t.app).get('/api/v1/spaces').set('Authorization', la).expect(200);
    expect(after.body.find((s: { key: string }) => s.key === 'module:technik').unread).toBe(0);
  });

  it('when title or body is empty, then 422 with field errors; in a space one may not see, then 403', async () => {
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const auth = await bearer(lotse.id);
    const res = await request(t.app)
      .post('/api/v1/spaces/region:saarland/threads')
      .set('Authorization', auth)
      .send({ title: '  ', body: '' })
      .expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields).sort()).toEqual(['body', 'title']);
    await request(t.app)
      .post('/api/v1/spaces/region:saarland/threads')
      .set('Authorization', auth)
      .send('x')
      .expect(422);
    await request(t.app)
      .post('/api/v1/spaces/region:rhein-ruhr/threads')
      .set('Authorization', auth)
      .send({ title: 'x', body: 'y' })
      .expect(403);
    const made = await request(t.app)
      .post('/api/v1/spaces/region:saarland/threads')
      .set('Authorization', auth)
      .send({ title: 'Netzwerktreffen', body: 'Wer kommt?' })
      .expect(201);
    const empty = await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', auth)
      .send({ body: ' ' })
      .expect(422);
    expect(empty.body.fields.body).toBeTruthy();
    const outsider = await makeUser('lotse', { region: 'rhein-ruhr' });
    const oa = await bearer(outsider.id);
    await request(t.app).get(`/api/v1/threads/${made.body.id}`).set('Authorization', oa).expect(403);
    await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', oa)
      .send({ body: 'hi' })
      .expect(403);
    await request(t.app).get('/api/v1/threads/abc').set('Authorization', oa).expect(404);
  });

  it('when a session posts without the CSRF header, then 403; with it, then 201', async () => {
    const lotse = await makeUser('lotse');
    const agent = await loginAs(t.app, lotse);
    const token = await tokenFor(agent, '/austausch');
    await agent.post('/api/v1/spaces/module:megatrends/threads').send({ title: 'a', body: 'b' }).expect(403);
    await agent
      .post('/api/v1/spaces/module:megatrends/threads')
      .set('x-csrf-token', token)
      .send({ title: 'a', body: 'b' })
      .expect(201);
  });

  it('when titles and bodies carry script, javascript: links and onerror, then pages and JSON keep them inert', async () => {
    const lotse = await makeUser('lotse');
    const auth = await bearer(lotse.id);
    const title = '<script>alert("t")</script><img src=x onerror=alert(1)>';
    const body =
      '<script>alert(1)</script>\n\n[klick](javascript:alert(2))\n\n<a href="javascript:alert(3)" onclick="x()">a</a> <img src=x onerror=alert(4)>';
    const made = await request(t.app)
      .post('/api/v1/spaces/module:megatrends/threads')
      .set('Authorization', auth)
      .send({ title, body })
      .expect(201);
    const json = await request(t.app).get(`/api/v1/threads/${made.body.id}`).set('Authorization', auth).expect(200);
    expect(json.body.title).toBe(title); // data as written; JSON is not HTML
    expect(json.body.posts[0].html).not.toMatch(/<(script|img)\b|<a\b|<[^>]*\son\w+=/i);
    expect(json.body.posts[0].html).toContain('&lt;script&gt;');
    const agent = await loginAs(t.app, lotse);
    for (const url of [
      `/austausch/threads/${made.body.id}`,
      '/austausch/module:megatrends',
      '/austausch/suche?q=script',
    ]) {
      const page = await agent.get(url).expect(200);
      // Every real tag of the page: no inline script, no image, no javascript: URL, no event handler.
      const tags = page.text.match(/<[a-z][^>]*>/gi) ?? [];
      expect(tags.filter((tag) => /^<(script|img)\b/i.test(tag) && !tag.includes('src="/static/'))).toEqual([]);
      expect(tags.filter((tag) => /javascript:|\son\w+=/i.test(tag))).toEqual([]);
      expect(page.text).toContain('&lt;script&gt;');
    }
  });
});

describe("a space's threads", () => {
  it('when a tutor pins an old thread, then it leads the list; the others follow by latest post', async () => {
    const lotse = await makeUser('lotse', { region: 'luebeck-westmecklenburg' });
    const tutor = await makeUser('tutor', { region: 'luebeck-westmecklenburg' });
    const auth = await bearer(lotse.id);
    const ids: number[] = [];
    for (const title of ['alt', 'mittel', 'neu']) {
      const made = await request(t.app)
        .post('/api/v1/spaces/reflecting:luebeck-westmecklenburg/threads')
        .set('Authorization', auth)
        .send({ title, body: title })
        .expect(201);
      ids.push(made.body.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const agent = await loginAs(t.app, tutor);
    const token = await tokenFor(agent, `/austausch/threads/${ids[0]}`);
    await agent.post(`/austausch/threads/${ids[0]}/pin`).type('form').send({ _csrf: token }).expect(303);
    const list = await request(t.app)
      .get('/api/v1/spaces/reflecting:luebeck-westmecklenburg/threads')
      .set('Authorization', auth)
      .expect(200);
    expect(list.body.threads.map((x: { title: string }) => x.title)).toEqual(['alt', 'neu', 'mittel']);
    expect(list.body.threads[0].pinned).toBe(true);
    expect(list.body).toMatchObject({ page: 1, pages: 1, total: 3 });
  });
});

describe('search', () => {
  it('when people search, then they find threads of the spaces they see only, with the space named, and % is no wildcard', async () => {
    const saar = await makeUser('lotse', { region: 'saarland' });
    const ruhr = await makeUser('lotse', { region: 'rhein-ruhr' });
    await request(t.app)
      .post('/api/v1/spaces/region:saarland/threads')
      .set('Authorization', await bearer(saar.id))
      .send({ title: 'Stammtisch', body: 'Treffen im Quellenhof, 100% sicher' })
      .expect(201);
    const found = await (await loginAs(t.app, saar)).get('/austausch/suche?q=quellenhof').expect(200);
    expect(found.text).toContain('Stammtisch');
    expect(found.text).toContain('Netzwerk Saarland');
    const wildcard = await (await loginAs(t.app, saar)).get('/austausch/suche?q=%25%25').expect(200);
    expect(wildcard.text).not.toContain('Stammtisch');
    const other = await (await loginAs(t.app, ruhr)).get('/austausch/suche?q=quellenhof').expect(200);
    expect(other.text).not.toContain('Stammtisch');
    expect(other.text).toContain('Keine Themen gefunden.');
  });
});

describe('moderation and limits', () => {
  it('when a tutor locks, hides and deletes with a reason, then replies are refused, the text is gone for Lotsen, and the audit log has each step', async () => {
    const lotse = await makeUser('lotse');
    const other = await makeUser('lotse');
    const tutor = await makeUser('tutor');
    const la = await bearer(lotse.id);
    const made = await request(t.app)
      .post('/api/v1/spaces/module:technik/threads')
      .set('Authorization', la)
      .send({ title: 'Moderiert', body: 'unfreundlich' })
      .expect(201);
    const otherAgent = await loginAs(t.app, other);
    const tok = await tokenFor(otherAgent, `/austausch/threads/${made.body.id}`);
    await otherAgent
      .post(`/austausch/posts/${made.body.postId}/report`)
      .type('form')
      .send({ _csrf: tok, reason: 'Ton' })
      .expect(303);

    const tutorAgent = await loginAs(t.app, tutor);
    const page = await tutorAgent.get(`/austausch/threads/${made.body.id}`).expect(200);
    expect(page.text).toContain('1 Meldung(en)');
    const token = await tokenFor(tutorAgent, `/austausch/threads/${made.body.id}`);
    await tutorAgent
      .post(`/austausch/posts/${made.body.postId}/hide`)
      .type('form')
      .send({ _csrf: token, reason: 'Ton bitte' })
      .expect(303);
    const hidden = await request(t.app).get(`/api/v1/threads/${made.body.id}`).set('Authorization', la).expect(200);
    expect(hidden.body.posts[0]).toMatchObject({ hidden: true, body: null, html: null });
    await tutorAgent
      .post(`/austausch/threads/${made.body.id}/lock`)
      .type('form')
      .send({ _csrf: token, reason: '' })
      .expect(303);
    await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', la)
      .send({ body: 'noch was' })
      .expect(201);
    await tutorAgent
      .post(`/austausch/threads/${made.body.id}/lock`)
      .type('form')
      .send({ _csrf: token, reason: 'Erledigt' })
      .expect(303);
    const locked = await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', la)
      .send({ body: 'noch was' })
      .expect(409);
    expect(locked.body.code).toBe('EXCHANGE_THREAD_LOCKED');
    await tutorAgent.post(`/austausch/threads/${made.body.id}/pin`).type('form').send({ _csrf: token }).expect(303);
    await tutorAgent
      .post(`/austausch/threads/${made.body.id}/delete`)
      .type('form')
      .send({ _csrf: token, reason: 'Doppelt' })
      .expect(303);
    await request(t.app).get(`/api/v1/threads/${made.body.id}`).set('Authorization', la).expect(404);
    // A Lotse cannot moderate.
    await otherAgent.post(`/austausch/threads/${made.body.id}/pin`).type('form').send({ _csrf: tok }).expect(404);
    const audit = await AuditEntry.findAll({ where: { actorId: tutor.id } });
    const actions = audit.map((a) => a.action);
    expect(actions.sort()).toEqual([
      'exchange.post_hide',
      'exchange.thread_delete',
      'exchange.thread_lock',
      'exchange.thread_pin',
    ]);
  });

  it('when a Lotse tries to moderate, then 403', async () => {
    const lotse = await makeUser('lotse');
    const made = await request(t.app)
      .post('/api/v1/spaces/module:technik/threads')
      .set('Authorization', await bearer(lotse.id))
      .send({ title: 'x', body: 'y' })
      .expect(201);
    const agent = await loginAs(t.app, lotse);
    const token = await tokenFor(agent, `/austausch/threads/${made.body.id}`);
    await agent.post(`/austausch/threads/${made.body.id}/pin`).type('form').send({ _csrf: token }).expect(403);
    await agent
      .post(`/austausch/posts/${made.body.postId}/delete`)
      .type('form')
      .send({ _csrf: token, reason: 'weg' })
      .expect(403);
  });
});

describe('rate limit on posting', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ EXCHANGE_POSTS_PER_WINDOW: '2', EXCHANGE_POST_WINDOW_MINUTES: '10' });
  });
  afterAll(() => small.close());

  it('when a person posts more than the limit within the window, then 429 EXCHANGE_RATE_LIMITED and nothing is stored', async () => {
    const lotse = await makeUser('lotse');
    const auth = `Bearer ${await createApiToken(lotse.id, 'rate')}`;
    const made = await request(small.app)
      .post('/api/v1/spaces/module:technik/threads')
      .set('Authorization', auth)
      .send({ title: 'eins', body: 'a' })
      .expect(201);
    await request(small.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', auth)
      .send({ body: 'zwei' })
      .expect(201);
    const refused = await request(small.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', auth)
      .send({ body: 'drei' })
      .expect(429);
    expect(refused.body.code).toBe('EXCHANGE_RATE_LIMITED');
    const thread = await request(small.app)
      .get(`/api/v1/threads/${made.body.id}`)
      .set('Authorization', auth)
      .expect(200);
    expect(thread.body.posts).toHaveLength(2);
  });
});
