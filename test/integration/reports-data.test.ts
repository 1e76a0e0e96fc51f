import type request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { loginAs, makeUser } from '../helpers/users';
import { writeAudit } from '../../src/shared/audit';
import { BOM, parseCsv } from '../../src/shared/csv';
import { checkCmi, complete, daysAgo, q1Setup, seedAttempt, type Q1Package } from './reports-fixtures';
import type { UserView } from '../../src/auth/user-model';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let pkgs: Q1Package[];
let admin: UserView;
let agent: Agent;
let joerg: UserView;
let lena: UserView;
const tag = `Weiß-Müller-${Date.now().toString(36)}`;

const text = (req: ReturnType<Agent['get']>) =>
  req.buffer(true).parse((r, cb) => {
    let s = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => {
      s += c;
    });
    r.on('end', () => cb(null, s));
  });

beforeAll(async () => {
  t = await createTestApp();
  pkgs = await q1Setup();
  admin = await makeUser('admin', { firstName: 'Ada', lastName: 'Admin' });
  agent = await loginAs(t.app, admin);
  // Jörg: Tools & Methoden passed (92 %, 20 min), Technik in progress (half, 1 h, 3 days ago),
  // Megatrends failed twice (40 %), knowledge check with one wrong answer.
  joerg = await makeUser('lotse', { region: 'baden-wuerttemberg', firstName: 'Jörg', lastName: tag });
  await seedAttempt(joerg.id, pkgs[0], {
    completion: 'completed',
    success: 'passed',
    scoreScaled: 0.92,
    progress: 1,
    timeCs: 123456,
    lastActivityAt: daysAgo(20),
  });
  await complete(joerg.id, pkgs[0], true, 0.92, daysAgo(20));
  await seedAttempt(joerg.id, pkgs[1], { progress: 0.5, timeCs: 360000, lastActivityAt: daysAgo(3) });
  await seedAttempt(joerg.id, pkgs[2], {
    number: 1,
    completion: 'completed',
    success: 'failed',
    scoreScaled: 0.3,
    progress: 1,
    timeCs: 60000,
    lastActivityAt: daysAgo(9),
  });
  await seedAttempt(joerg.id, pkgs[2], {
    number: 2,
    completion: 'completed',
    success: 'failed',
    scoreScaled: 0.4,
    progress: 1,
    timeCs: 90000,
    lastActivityAt: daysAgo(2),
    checkLocation: 'frage-2',
    checkCmi: checkCmi(
      [
        { id: 'frage-1', description: 'Was heißt „Silver Society“?', response: 'b', result: 'correct' },
        {
          id: 'frage-2',
          description: 'Welcher Megatrend betrifft Städte?',
          response: 'a',
          result: 'incorrect',
          latency: 'PT1M5S',
        },
      ],
      'failed',
    ),
  });
  // Lena: Megatrends in progress 30 days ago (stuck by inactivity), the same question answered wrong, 1.2 style.
  lena = await makeUser('lotse', { region: 'saarland', firstName: 'Lena', lastName: tag });
  await seedAttempt(lena.id, pkgs[2], {
    progress: 0.25,
    timeCs: 30000,
    lastActivityAt: daysAgo(30),
    checkCmi: {
      core: { lesson_status: 'incomplete' },
      interactions: { '0': { id: 'frage-2', student_response: 'c', result: 'wrong', latency: '0000:00:20' } },
    },
  });
  await writeAudit({
    actorId: admin.id,
    action: 'authorisation.verified',
    subjectType: 'authorisation',
    subjectId: '1',
    subjectUserId: joerg.id,
    after: { status: 'verified' },
    reason: 'Nachweis geprüft',
  });
});
afterAll(() => t.close());

describe('the numbers in the reports equal the stored data', () => {
  it('when the dashboard is searched for the two Lotsen, then each cell shows the stored status, score, time and the stuck flags', async () => {
    const res = await agent.get(`/api/v1/reports/matrix?q=${encodeURIComponent(tag)}`).expect(200);
    expect(res.body.total).toBe(2);
    const j = res.body.rows.find((r: { id: number }) => r.id === joerg.id);
    expect(j.modules['tools-methoden']).toMatchObject({
      status: 'passed',
      scoreScaled: 0.92,
      timeSeconds: 1234.56,
      attempts: 1,
    });
    expect(j.modules.technik).toMatchObject({
      status: 'in_progress',
      scoreScaled: null,
      timeSeconds: 3600,
      attempts: 1,
    });
    expect(j.modules.megatrends).toMatchObject({
      status: 'failed',
      scoreScaled: 0.4,
      timeSeconds: 1500,
      attempts: 2,
      failedAttempts: 2,
    });
    expect(j.overall).toBe('failed');
    expect(j.progress).toBeCloseTo((1 + 0.5 + 1) / 3, 4);
    expect(j.stuck).toEqual({ inactive: false, failedTwice: true });
    expect(new Date(j.lastActivityAt).getTime()).toBeCloseTo(daysAgo(2).getTime(), -5);
    const l = res.body.rows.find((r: { id: number }) => r.id === lena.id);
    expect(l.modules['tools-methoden'].status).toBe('not_started');
    expect(l.stuck).toEqual({ inactive: true, failedTwice: false });
    expect(res.body.counts.modules.megatrends).toEqual({
      not_started: 0,
      in_progress: 1,
      completed: 0,
      passed: 0,
      failed: 1,
    });
    expect(res.body.counts.overall).toMatchObject({ failed: 1, in_progress: 1 });
    expect(res.body.counts.stuck).toBe(2);
    expect(j.gate).toMatchObject({ q1: false, authorisation: 'none', workshop: 'none', q2: 'none' });
  });

  it('when the page is rendered, then the cells print the same values with icon and text', async () => {
    const res = await agent.get(`/reports?q=${encodeURIComponent(tag)}`).expect(200);
    const row = res.text.slice(res.text.indexOf(`data-lotse="${joerg.id}"`));
    const jrow = row.slice(0, row.indexOf('</tr>'));
    expect(jrow).toContain('★</span> bestanden');
    expect(jrow).toContain('92 %');
    expect(jrow).toContain('0:20 h');
    expect(jrow).toContain('◐</span> in Bearbeitung');
    expect(jrow).toContain('1:00 h');
    expect(jrow).toContain('✗</span> nicht bestanden');
    expect(jrow).toContain('40 %');
    expect(jrow).toContain('Wissenscheck zweimal nicht bestanden');
    expect(res.text).toContain('id="chart-share"');
    expect(res.text).toMatch(/<script type="application\/json" id="report-chart-data">\{/);
  });

  it('when filters, sorting and the inactivity window are set, then only the matching Lotsen come back in that order', async () => {
    const q = encodeURIComponent(tag);
    const failedMega = await agent.get(`/api/v1/reports/matrix?q=${q}&module=megatrends&status=failed`).expect(200);
    expect(failedMega.body.rows.map((r: { id: number }) => r.id)).toEqual([joerg.id]);
    const inactive = await agent.get(`/api/v1/reports/matrix?q=${q}&inactiveDays=10`).expect(200);
    expect(inactive.body.rows.map((r: { id: number }) => r.id)).toEqual([lena.id]);
    const byProgress = await agent.get(`/api/v1/reports/matrix?q=${q}&sort=progress&dir=desc`).expect(200);
    expect(byProgress.body.rows.map((r: { id: number }) => r.id)).toEqual([joerg.id, lena.id]);
    const region = await agent.get(`/api/v1/reports/matrix?q=${q}&region=saarland`).expect(200);
    expect(region.body.rows.map((r: { id: number }) => r.id)).toEqual([lena.id]);
    const stuckWindow = await agent.get(`/api/v1/reports/matrix?q=${q}&stuckDays=40`).expect(200);
    expect(stuckWindow.body.rows.find((r: { id: number }) => r.id === lena.id).stuck.inactive).toBe(false);
  });

  it('when the drill-down opens, then it shows every attempt, SCO, interaction and the audit trail as stored', async () => {
    const api = await agent.get(`/api/v1/reports/lotsen/${joerg.id}`).expect(200);
    const mega = api.body.modules.find((m: { key: string }) => m.key === 'megatrends');
    expect(mega.status).toBe('failed');
    expect(mega.attempts.map((a: { number: number }) => a.number)).toEqual([2, 1]);
    const check = mega.attempts[0].scos.find((s: { title: string }) => s.title === 'Wissenscheck');
    expect(check).toMatchObject({ location: 'frage-2', sessions: 2, totalTimeSeconds: 450 });
    expect(check.interactions[1]).toMatchObject({
      id: 'frage-2',
      response: 'a',
      outcome: 'incorrect',
      latency: 'PT1M5S',
    });
    expect(check.objectives[0]).toMatchObject({ id: 'wissen', success: 'failed', scoreScaled: 0.9 });
    expect(api.body.audit[0]).toMatchObject({
      action: 'authorisation.verified',
      actorName: 'Ada Admin',
      reason: 'Nachweis geprüft',
    });

    const page = await agent.get(`/reports/lotsen/${joerg.id}`).expect(200);
    expect(page.text).toContain('Welcher Megatrend betrifft Städte?');
    expect(page.text).toContain('✗ falsch');
    expect(page.text).toContain('1:05 min');
    expect(page.text).toContain('Autorisierung bestätigt');
    expect(page.text).toContain('Nachweis geprüft');
  });

  it('when the module page opens, then the funnel counts and the most missed question match the stored answers', async () => {
    const res = await agent.get(`/api/v1/reports/modules/megatrends?q=${encodeURIComponent(tag)}`).expect(200);
    expect(res.body.funnel).toEqual({ registered: 2, started: 2, completed: 0, passed: 0 });
    expect(res.body.missed[0]).toMatchObject({
      id: 'frage-2',
      answers: 2,
      incorrect: 2,
      share: 1,
      description: 'Welcher Megatrend betrifft Städte?',
    });
    expect(res.body.missed[1]).toMatchObject({ id: 'frage-1', answers: 1, incorrect: 0 });
    expect(res.body.averages.avgTimeSeconds).toBeCloseTo((1500 + 300) / 2, 2);
    const tools = await agent.get(`/api/v1/reports/modules/tools-methoden?q=${encodeURIComponent(tag)}`).expect(200);
    expect(tools.body.funnel).toEqual({ registered: 2, started: 1, completed: 1, passed: 1 });
    const page = await agent.get(`/reports/modules/megatrends?q=${encodeURIComponent(tag)}`).expect(200);
    expect(page.text).toContain('frage-2');
    expect(page.text).toContain('<strong>2</strong> <span class="muted small">(100 %)</span>');
    expect(page.text).not.toContain('NaN');
    await agent.get('/reports/modules/unbekannt').expect(404);
  });

  it('when the matrix CSV is downloaded, then it starts with the BOM, uses ; and CRLF, and umlauts survive the round trip', async () => {
    const res = await text(agent.get(`/reports/export/matrix.csv?q=${encodeURIComponent(tag)}`)).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as string;
    expect(body.startsWith(BOM)).toBe(true);
    expect(body.split('\r\n')[0]).toContain('"Nachname";"Vorname";"E-Mail";"Region"');
    const rows = parseCsv(body);
    expect(rows).toHaveLength(3);
    const header = rows[0];
    const j = rows.find((r) => r[2] === joerg.email)!;
    const col = (name: string) => j[header.indexOf(name)];
    expect(j[0]).toBe(tag);
    expect(j[1]).toBe('Jörg');
    expect(col('Region')).toBe('Baden-Württemberg');
    expect(col('Tools & Methoden: Status')).toBe('bestanden');
    expect(col('Tools & Methoden: Ergebnis (%)')).toBe('92');
    expect(col('Tools & Methoden: Lernzeit (h:mm)')).toBe('0:20');
    expect(col('Megatrends: Versuche')).toBe('2');
    expect(col('Festgefahren')).toBe('zweimal nicht bestanden');
    expect(Buffer.from(body, 'utf8').includes(Buffer.from('Jörg', 'utf8'))).toBe(true);
  });

  it('when the answers CSV is downloaded, then each interaction is one row with its result in German', async () => {
    const res = await text(
      agent.get(`/reports/export/interactions.csv?q=${encodeURIComponent(tag)}&module=megatrends`),
    ).expect(200);
    const rows = parseCsv(res.body as string);
    const header = rows[0];
    expect(header.slice(0, 4)).toEqual(['Nachname', 'Vorname', 'E-Mail', 'Region']);
    const wrong = rows.filter((r) => r[header.indexOf('Frage-ID')] === 'frage-2');
    expect(wrong).toHaveLength(2);
    expect(wrong.map((r) => r[header.indexOf('Ergebnis')])).toEqual(['falsch', 'falsch']);
    expect(
      rows.find((r) => r[1] === 'Jörg' && r[header.indexOf('Frage-ID')] === 'frage-2')![header.indexOf('Dauer (s)')],
    ).toBe('65');
  });
});
