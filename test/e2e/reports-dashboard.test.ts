import type { Browser, Page } from 'playwright-core';
import { startServer, launchBrowser, screenshot, login, type RunningServer } from './helpers/browser';
import { makeUser, PASSWORD } from '../helpers/users';
import { writeAudit } from '../../src/shared/audit';
import { checkCmi, complete, daysAgo, q1Setup, seedAttempt } from '../integration/reports-fixtures';
import type { UserView } from '../../src/auth/user-model';

let srv: RunningServer;
let browser: Browser;
let tutor: UserView;
let sample: UserView;

const NAMES = [
  ['Jörg', 'Weiß'],
  ['Änne', 'Groß'],
  ['Sören', 'Köhler'],
  ['Lea', 'Schäfer'],
  ['Mehmet', 'Yılmaz'],
  ['Käthe', 'Bäcker'],
  ['Lukas', 'Krüger'],
  ['Marie', 'Neumann'],
  ['Özlem', 'Demir'],
  ['Björn', 'Hoffmann'],
];

beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const pkgs = await q1Setup();
  tutor = await makeUser('tutor', { region: 'saarland', firstName: 'Theo', lastName: 'Tutor' });
  const admin = await makeUser('admin', { firstName: 'Ada', lastName: 'Admin' });
  for (const [i, [first, last]] of NAMES.entries()) {
    const u = await makeUser('lotse', { region: 'saarland', firstName: first, lastName: last });
    if (i === 0) sample = u;
    for (const [m, p] of pkgs.entries()) {
      const kind = (i + m) % 5;
      if (kind === 4 && i > 6) continue; // some modules never started
      const passed = kind < 2;
      const failed = kind === 2;
      await seedAttempt(u.id, p, {
        completion: passed || failed ? 'completed' : 'incomplete',
        success: passed ? 'passed' : failed ? 'failed' : 'unknown',
        scoreScaled: passed ? 0.75 + 0.02 * i : failed ? 0.35 + 0.03 * i : null,
        progress: passed || failed ? 1 : 0.4,
        timeCs: 90000 + 40000 * i,
        lastActivityAt: daysAgo(2 + i * 5 + m * 7),
        checkLocation: 'frage-3',
        checkCmi:
          passed || failed
            ? checkCmi(
                [
                  { id: 'frage-1', description: 'Was beschreibt „New Work“?', response: 'b', result: 'correct' },
                  {
                    id: 'frage-2',
                    description: 'Welcher Trend betrifft Städte?',
                    response: failed ? 'a' : 'b',
                    result: failed ? 'incorrect' : 'correct',
                    latency: 'PT45S',
                  },
                  {
                    id: 'frage-3',
                    description: 'Was heißt Konnektivität?',
                    response: i % 2 ? 'c' : 'b',
                    result: i % 2 ? 'incorrect' : 'correct',
                  },
                ],
                passed ? 'passed' : 'failed',
              )
            : undefined,
      });
      if (passed) await complete(u.id, p, true, 0.75 + 0.02 * i, daysAgo(2 + i * 5 + m * 7));
    }
  }
  await writeAudit({
    actorId: admin.id,
    action: 'authorisation.verified',
    subjectType: 'authorisation',
    subjectId: '1',
    subjectUserId: sample.id,
    reason: 'Nachweis geprüft',
  });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function pageAt(width: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await login(page, srv.baseUrl, tutor.email, PASSWORD);
  return { page, errors };
}

/** Share of pixels in a canvas that are not transparent: a drawn chart has axes, bars and labels. */
function inkOf(page: Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    return ink / (data.length / 4);
  }, id);
}

describe('the tutor dashboard in a browser', () => {
  it('when a tutor opens /reports, then the matrix and three drawn charts appear without script errors', async () => {
    const { page, errors } = await pageAt(1280);
    await page.goto(`${srv.baseUrl}/reports`);
    await page.locator('table.matrix tbody tr').first().waitFor();
    expect(await page.locator('table.matrix tbody tr').count()).toBe(NAMES.length);
    await page.waitForFunction(() => (window as unknown as { reportCharts?: unknown[] }).reportCharts?.length === 3);
    await page.waitForTimeout(1200); // let the entry animation finish before reading pixels
    for (const id of ['chart-share', 'chart-weekly', 'chart-scores'])
      expect(await inkOf(page, id)).toBeGreaterThan(0.01);
    await expect(page.getByRole('link', { name: 'Weiß, Jörg' })).toBeDefined();
    await screenshot(page, 'reports-dashboard-1280');
    await page.screenshot({ path: '/tmp/reports-dashboard-1280.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('when the status filter is used on a phone-sized screen, then only matching rows stay and the page still works', async () => {
    const { page, errors } = await pageAt(375);
    await page.goto(`${srv.baseUrl}/reports`);
    await page.getByLabel('Status von').selectOption('technik');
    await page.getByLabel('Status', { exact: true }).selectOption('passed');
    await page.getByRole('button', { name: 'Anwenden' }).click();
    await page.waitForURL(/status=passed/);
    const statuses = await page
      .locator('table.matrix tbody tr td.cell:nth-of-type(2)')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 'passed')).toBe(true);
    await page.waitForFunction(() => (window as unknown as { reportCharts?: unknown[] }).reportCharts?.length === 3);
    await page.screenshot({ path: '/tmp/reports-dashboard-375.png', fullPage: true });
    await screenshot(page, 'reports-dashboard-375');
    expect(errors).toEqual([]);
  });

  it('when the tutor drills into a Lotse and a module, then SCOs, answers, audit and the funnel show', async () => {
    for (const width of [1280, 375]) {
      const { page, errors } = await pageAt(width);
      await page.goto(`${srv.baseUrl}/reports`);
      await page.getByRole('link', { name: 'Weiß, Jörg' }).click();
      await page.getByRole('heading', { name: 'Jörg Weiß' }).waitFor();
      await page.getByText('Was heißt Konnektivität?').first().waitFor();
      await page.getByText('Nachweis geprüft').waitFor();
      await page.screenshot({ path: `/tmp/reports-lotse-${width}.png`, fullPage: true });
      await page.goto(`${srv.baseUrl}/reports/modules/megatrends`);
      await page.getByText('Am häufigsten falsch beantwortet').waitFor();
      await page.screenshot({ path: `/tmp/reports-module-${width}.png`, fullPage: true });
      expect(errors).toEqual([]);
    }
  });
});
