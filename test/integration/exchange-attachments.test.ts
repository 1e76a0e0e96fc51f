import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { createApiToken } from '../../src/auth/users';
import { ExchangeAttachment } from '../../src/exchange/exchange-models';
import { samplePdf } from './q2-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ DOCUMENT_MAX_BYTES: String(100 * 1024), EXCHANGE_POSTS_PER_WINDOW: '500' });
});
afterAll(() => t.close());

type Agent = Awaited<ReturnType<typeof loginAs>>;
const SPACE = 'region:saarland';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const storedFiles = () => {
  const dir = path.join(t.dataDir, 'exchange');
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
};

async function newThread(agent: Agent, files: { body: Buffer; name: string; type?: string }[], title = 'Mit Anhang') {
  const token = await tokenFor(agent, `/austausch/${SPACE}`);
  let req = agent
    .post(`/austausch/${SPACE}/threads?_csrf=${encodeURIComponent(token)}`)
    .field('title', title)
    .field('body', 'Siehe Datei.');
  for (const f of files)
    req = req.attach('attachment', f.body, { filename: f.name, contentType: f.type ?? 'application/pdf' });
  return req;
}

describe('exchange attachments', () => {
  it('when a Lotse attaches a PDF with a hostile name, then the name is made safe, the page shows it escaped and the download is an attachment', async () => {
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const agent = await loginAs(t.app, lotse);
    const hostile = '"><img src=x onerror=alert(1)>\r\nX-Evil: 1/..\\bericht.pdf';
    const res = await newThread(agent, [{ body: await samplePdf('Anhang'), name: hostile }]);
    expect(res.status).toBe(303);
    const threadId = Number(/threads\/(\d+)/.exec(res.headers.location)![1]);
    const row = await ExchangeAttachment.findOne({ order: [['id', 'DESC']] });
    expect(row!.type).toBe('application/pdf');
    expect(row!.name).not.toMatch(/[\\/"\r\n]/);
    expect(row!.name.endsWith('.pdf')).toBe(true);

    const page = await agent.get(`/austausch/threads/${threadId}`).expect(200);
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain(`/austausch/anhaenge/${row!.id}`);

    const file = await agent.get(`/austausch/anhaenge/${row!.id}`).buffer(true).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(file.headers['content-disposition']).not.toMatch(/[\r\n]/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toBe('sandbox');
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('when the file is HTML calling itself a PDF, then 422 with a field error and nothing is stored', async () => {
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const agent = await loginAs(t.app, lotse);
    const before = [storedFiles(), await ExchangeAttachment.count()];
    const res = await newThread(agent, [{ body: Buffer.from('<script>alert(1)</script>'), name: 'rechnung.pdf' }]);
    expect(res.status).toBe(422);
    expect(res.text).toContain('PDF-, PNG- oder JPEG-Datei');
    expect(res.text).toContain('value="Mit Anhang"');
    expect([storedFiles(), await ExchangeAttachment.count()]).toEqual(before);
  });

  it('when a file is over DOCUMENT_MAX_BYTES or there are four files, then 422 and nothing is stored', async () => {
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const agent = await loginAs(t.app, lotse);
    const before = [storedFiles(), await ExchangeAttachment.count()];
    const big = Buffer.concat([await samplePdf(), Buffer.alloc(150 * 1024, 0x20)]);
    const tooBig = await newThread(agent, [{ body: big, name: 'gross.pdf' }]);
    expect(tooBig.status).toBe(422);
    expect(tooBig.text).toContain('zu groß');
    const pdf = await samplePdf();
    const four = await newThread(
      agent,
      [1, 2, 3, 4].map((i) => ({ body: pdf, name: `${i}.pdf` })),
    );
    expect(four.status).toBe(422);
    expect(four.text).toContain('höchstens drei');
    expect([storedFiles(), await ExchangeAttachment.count()]).toEqual(before);
  });

  it('when a person outside the space asks for the file, then 403; the file of a deleted post is 404; a hidden one only for moderators', async () => {
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const agent = await loginAs(t.app, lotse);
    const res = await newThread(agent, [{ body: PNG, name: 'tafel.png', type: 'image/png' }]);
    expect(res.status).toBe(303);
    const row = await ExchangeAttachment.findOne({ order: [['id', 'DESC']] });
    expect(row!.type).toBe('image/png');
    const url = `/austausch/anhaenge/${row!.id}`;

    const outsider = await loginAs(t.app, await makeUser('lotse', { region: 'rhein-ruhr' }));
    await outsider.get(url).expect(403);
    await request(t.app)
      .get(url)
      .expect((r) => expect([302, 303, 401]).toContain(r.status));
    await agent.get('/austausch/anhaenge/99999999').expect(404);

    const admin = await makeUser('admin');
    const mod = await loginAs(t.app, admin);
    const neighbour = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    await neighbour.get(url).expect(200);
    let token = await tokenFor(mod, '/austausch');
    await mod
      .post(`/austausch/posts/${row!.postId}/hide`)
      .type('form')
      .send({ _csrf: token, reason: 'Prüfen' })
      .expect(303);
    await neighbour.get(url).expect(404);
    await mod.get(url).expect(200);
    token = await tokenFor(mod, '/austausch');
    await mod
      .post(`/austausch/posts/${row!.postId}/delete`)
      .type('form')
      .send({ _csrf: token, reason: 'Weg' })
      .expect(303);
    await mod.get(url).expect(404);
  });

  it('when a script posts a reply with a file over the API, then the thread JSON lists it', async () => {
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const auth = `Bearer ${await createApiToken(lotse.id, 'test')}`;
    const made = await request(t.app)
      .post(`/api/v1/spaces/${SPACE}/threads`)
      .set('Authorization', auth)
      .send({ title: 'API', body: 'Frage' })
      .expect(201);
    await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', auth)
      .field('body', 'Hier die Folie')
      .attach('attachment', PNG, { filename: 'folie.png', contentType: 'image/png' })
      .expect(201);
    const bad = await request(t.app)
      .post(`/api/v1/threads/${made.body.id}/posts`)
      .set('Authorization', auth)
      .field('body', 'Hier die Datei')
      .attach('attachment', Buffer.from('MZ\x90\x00'), { filename: 'tool.exe' })
      .expect(422);
    expect(bad.body.code).toBe('EXCHANGE_ATTACHMENT_REFUSED');
    expect(bad.body.fields.attachment).toBeTruthy();
    const thread = await request(t.app).get(`/api/v1/threads/${made.body.id}`).set('Authorization', auth).expect(200);
    expect(thread.body.posts[1].attachments).toEqual([
      expect.objectContaining({
        name: 'folie.png',
        type: 'image/png',
        url: expect.stringMatching(/^\/austausch\/anhaenge\/\d+$/),
      }),
    ]);
  });
});
