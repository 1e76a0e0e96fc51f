/**
 * xAPI forwarding (issue 16): with XAPI_LRS_URL set, a learner's launch, answers, completion and pass
 * reach a real LRS (a small HTTP server started here) as xAPI 1.0.3 statements through the outbox.
 * The LRS answers 500 to the first POST: the outbox tries again with the same statement id, and the
 * LRS ends up with each statement once. Without the setting nothing is written to the outbox.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { loginAs, makeUser } from '../helpers/users';
import { importSample, openPlayer, launchSco, commit, body12 } from './player-helpers';
import type { XapiStatement } from '../../src/xapi';
import type { UserView } from '../../src/auth/user-model';

jest.setTimeout(60_000);

interface Lrs {
  url: string;
  /** Every POST as it came (also the refused ones). */
  posts: { headers: http.IncomingHttpHeaders; statement: XapiStatement; status: number }[];
  stored: Map<string, XapiStatement>;
  close(): Promise<void>;
}

/** A minimal LRS: POST /xapi/statements; the first POST fails with 500, then each id is stored once (409 again). */
async function startLrs(): Promise<Lrs> {
  const posts: Lrs['posts'] = [];
  const stored = new Map<string, XapiStatement>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/xapi/statements') {
        res.writeHead(404).end();
        return;
      }
      const statement = JSON.parse(body) as XapiStatement;
      const status = posts.length === 0 ? 500 : stored.has(statement.id) ? 409 : 200;
      posts.push({ headers: req.headers, statement, status });
      if (status === 200) stored.set(statement.id, statement);
      res
        .writeHead(status, { 'Content-Type': 'application/json' })
        .end(status === 200 ? JSON.stringify([statement.id]) : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/xapi`,
    posts,
    stored,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const BASE = 'http://lms.gezu.example';
let lrs: Lrs;
let t: TestApp;
let admin: UserView;

beforeAll(async () => {
  lrs = await startLrs();
  t = await createTestApp({
    BASE_URL: BASE,
    XAPI_LRS_URL: lrs.url,
    XAPI_LRS_AUTH: 'gezu-lrs:geheim-123',
    OUTBOX_RETRY_SECONDS: '0',
  });
  admin = await makeUser('admin');
});
afterAll(async () => {
  await t?.close();
  await lrs?.close();
});

const verbsOf = (statements: XapiStatement[]) => statements.map((s) => s.verb.id.split('/').pop()).sort();

describe('xAPI forwarding', () => {
  it('when a learner launches, answers, completes and passes, then the LRS gets each statement once despite a 500', async () => {
    const pkg = await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id);
    const lotse = await makeUser('lotse');
    const agent = await loginAs(t.app, lotse);
    const data = await openPlayer(agent, pkg.id);
    const sco = data.items.find((i) => i.type === 'sco')!;
    const { launch } = await launchSco(agent, data, sco.id);
    const interactions = {
      0: { id: 'frage-1', type: 'choice', student_response: 'b', result: 'correct', time: '10:15:00' },
    };
    await commit(agent, data, sco.id, launch, body12(1, { lesson_status: 'incomplete' }, { interactions })).expect(200);
    await commit(
      agent,
      data,
      sco.id,
      launch,
      body12(2, { lesson_status: 'passed', score: { raw: '90', min: '0', max: '100' } }, { interactions }),
    ).expect(200);
    await t.ctx.services.outbox.drain();
    await until(() => lrs.stored.size >= 4, 'four statements at the LRS');
    await t.ctx.services.outbox.drain();

    const stored = [...lrs.stored.values()];
    expect(verbsOf(stored)).toEqual(['answered', 'completed', 'launched', 'passed']);
    // The refused POST was tried again with the same id; nothing was stored twice or sent again after.
    expect(lrs.posts[0].status).toBe(500);
    expect(lrs.stored.has(lrs.posts[0].statement.id)).toBe(true);
    expect(lrs.posts.filter((p) => p.status === 200)).toHaveLength(4);
    expect(lrs.posts.filter((p) => p.status === 409)).toHaveLength(0);

    for (const p of lrs.posts) {
      expect(p.headers['x-experience-api-version']).toBe('1.0.3');
      expect(p.headers.authorization).toBe(`Basic ${Buffer.from('gezu-lrs:geheim-123').toString('base64')}`);
      expect(p.statement.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    for (const s of stored) {
      expect(s.actor).toEqual({ objectType: 'Agent', account: { homePage: BASE, name: String(lotse.id) } });
      expect(JSON.stringify(s)).not.toContain(lotse.email);
      expect(s.object.id.startsWith(`${BASE}/xapi/activities/packages/${pkg.id}`)).toBe(true);
    }
    const by = (verb: string) => stored.find((s) => s.verb.id === `http://adlnet.gov/expapi/verbs/${verb}`)!;
    expect(by('answered')).toMatchObject({
      object: {
        definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' },
      },
      result: { response: 'b', success: true },
    });
    expect(by('answered').object.id).toMatch(/\/scos\/[^/]+\/interactions\/frage-1$/);
    expect(by('passed')).toMatchObject({
      object: { id: `${BASE}/xapi/activities/packages/${pkg.id}` },
      result: { success: true, score: { scaled: 0.9 } },
    });
    expect(by('launched').verb.id).toBe('http://adlnet.gov/expapi/verbs/launched');
    // One attempt, one registration.
    expect(new Set(stored.map((s) => s.context.registration)).size).toBe(1);

    // A later commit re-sends the same answer: no new statement.
    await commit(
      agent,
      data,
      sco.id,
      launch,
      body12(3, { lesson_status: 'passed', score: { raw: '90', min: '0', max: '100' } }, { interactions }),
    ).expect(200);
    await t.ctx.services.outbox.drain();
    expect(lrs.posts).toHaveLength(5);
    const rows = await t.ctx.sequelize.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM outbox WHERE type = 'xapi.statement'`,
      { type: QueryTypes.SELECT },
    );
    expect(Number(rows[0].n)).toBe(4);

    // A new answer beside the known one: exactly one more statement.
    const more = { ...interactions, 1: { id: 'frage-2', type: 'true-false', student_response: 't', result: 'wrong' } };
    await commit(
      agent,
      data,
      sco.id,
      launch,
      body12(4, { lesson_status: 'passed', score: { raw: '90', min: '0', max: '100' } }, { interactions: more }),
    ).expect(200);
    await t.ctx.services.outbox.drain();
    await until(() => lrs.stored.size === 5, 'the fifth statement');
    expect(lrs.posts).toHaveLength(6);
    expect(lrs.posts[5].statement).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
      result: { response: 't', success: false },
    });
  });

  it('when a staff member previews a package, then nothing is forwarded', async () => {
    const pkg = await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id);
    const before = lrs.posts.length;
    const tutor = await makeUser('tutor');
    const agent = await loginAs(t.app, tutor);
    const data = await openPlayer(agent, pkg.id);
    const sco = data.items.find((i) => i.type === 'sco')!;
    const { launch } = await launchSco(agent, data, sco.id);
    await commit(agent, data, sco.id, launch, body12(1, { lesson_status: 'passed' })).expect(200);
    await t.ctx.services.outbox.drain();
    expect(lrs.posts.length).toBe(before);
  });
});

describe('without XAPI_LRS_URL', () => {
  it('when a learner plays, then no statement is written to the outbox', async () => {
    const plain = await createTestApp({ BASE_URL: BASE });
    try {
      const a = await makeUser('admin');
      const pkg = await importSample(plain, 'scorm12/RuntimeBasicCalls_SCORM12', a.id);
      const lotse = await makeUser('lotse');
      const agent = await loginAs(plain.app, lotse);
      const data = await openPlayer(agent, pkg.id);
      const sco = data.items.find((i) => i.type === 'sco')!;
      const { launch } = await launchSco(agent, data, sco.id);
      await commit(agent, data, sco.id, launch, body12(1, { lesson_status: 'passed' })).expect(200);
      const rows = await plain.ctx.sequelize.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM outbox WHERE type = 'xapi.statement'`,
        { type: QueryTypes.SELECT },
      );
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
