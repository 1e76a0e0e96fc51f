/**
 * Issue #5, "Tests": each Q1 module, built from courses/ as SCORM 2004 and SCORM 1.2, is worked
 * through to the end in Chromium inside our player, and the stored tracking data is checked.
 */
import type { Page } from 'playwright-core';
import type { ModuleJson } from '../../courses/build';
import { screenshot } from './helpers/browser';
import {
  answerQuiz,
  courseFrame,
  headingOf,
  questionsPerTry,
  interactionsOf,
  Q1_KEYS,
  readChapters,
  readModule,
  resultBadge,
} from './helpers/courses-driver';
import {
  importCourse,
  lotsePage,
  startCoursesEnv,
  stopCoursesEnv,
  waitForTracking,
  type CoursesEnv,
  type ScormFlavour,
} from './helpers/courses-env';

let env: CoursesEnv;
beforeAll(async () => {
  env = await startCoursesEnv();
}, 60_000);
afterAll(() => stopCoursesEnv(env));

const ISO_DURATION = /^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/;
const TIMESPAN_12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;

/** The learner response the course must report for the right answer, in the version's format. */
function correctResponse(q: ModuleJson['quiz']['questions'][number], flavour: ScormFlavour): string {
  const compact =
    q.type === 'matching'
      ? q.pairs.map((p) => `${p.source.id}.${p.target.id}`).join(',')
      : q.type === 'ordering'
        ? q.items.map((i) => i.id).join(',')
        : [...q.correct].sort().join(',');
  if (flavour === '1.2') return compact;
  return compact
    .split(',')
    .map((n) => n.split('.').join('[.]'))
    .join('[,]');
}

/** Choice responses may list the options in the order they were ticked; order matters only for sequencing. */
function normalise(response: string, type: string, flavour: ScormFlavour): string {
  const sep = flavour === '1.2' ? ',' : '[,]';
  return type === 'single' || type === 'multiple' ? response.split(sep).sort().join(sep) : response;
}

const COMMIT_URL = /\/api\/v1\/attempts\/\d+\/scos\/\d+\/commit/;

/** The bases the page's commits carried and those their replies gave (src/player/commit-basis.ts). */
function basesOfCommits(page: Page): { sent: (string | null)[]; given: string[] } {
  const seen = { sent: [] as (string | null)[], given: [] as string[] };
  page.on('request', (req) => {
    if (req.method() === 'POST' && COMMIT_URL.test(req.url()))
      seen.sent.push((JSON.parse(req.postData() ?? '{}') as { basis?: string }).basis ?? null);
  });
  page.on('response', (res) => {
    if (!COMMIT_URL.test(res.url())) return;
    void res
      .json()
      .then((reply: { basis?: string }) => reply.basis && seen.given.push(reply.basis))
      .catch(() => undefined); // the closing beacon's answer is not read
  });
  return seen;
}

/** MariaDB: a chapter's commit sends the previous reply's basis back (no read); SQLite: no basis at all. */
function expectBasesReturned(seen: { sent: (string | null)[]; given: string[] }, chapters: number): void {
  if (env.srv.ctx.sequelize.getDialect() === 'sqlite') {
    expect([...seen.sent.filter(Boolean), ...seen.given]).toEqual([]);
    return;
  }
  const returned = seen.sent.filter((b) => b !== null && seen.given.includes(b));
  expect(returned.length).toBeGreaterThanOrEqual(chapters - 1);
}

describe('a Lotse works through each Q1 module in the player', () => {
  for (const key of Q1_KEYS) {
    for (const flavour of ['2004', '1.2'] as ScormFlavour[]) {
      it(`when ${key} (SCORM ${flavour}) is read chapter by chapter and the test is answered correctly, then completed, passed, score 100 and one interaction per question are stored`, async () => {
        const mod = readModule(key);
        const pkg = await importCourse(env, key, flavour);
        const { page, user } = await lotsePage(env);
        const bases = basesOfCommits(page);
        await page.goto(`${env.srv.baseUrl}/play/${pkg.id}`);
        const frame = await courseFrame(page);
        expect(await headingOf(frame)).toBe(mod.title);

        await readChapters(frame, mod);
        // After the last chapter the course's table of contents marks every chapter as read.
        expect(await frame.locator('#toc-list .toc-status.is-seen').count()).toBe(mod.chapters.length);
        const asked = await answerQuiz(frame, mod, 'correct');
        expect(await resultBadge(frame)).toBe('Bestanden');
        const n = questionsPerTry(mod);
        expect(asked).toHaveLength(n);
        expect(await frame.textContent('.result-score')).toContain(`${n} von ${n}`);
        expect(await frame.locator('.feedback.is-correct').count()).toBe(n);
        if (key === 'technik') await screenshot(page, `courses-${key}-${flavour}-result`);
        // "Sie können den Kurs jetzt beenden": the learner ends the session with the course's own button.
        await frame.locator('#exit-button').click();
        await frame.waitForFunction(
          () => document.getElementById('page-heading')?.textContent?.trim() === 'Sitzung beendet',
        );

        const t = await waitForTracking(
          user.id,
          pkg.id,
          (x) => x.completions.length > 0 && x.sco.successStatus === 'passed',
        );
        expect(t.attempt.completionStatus).toBe('completed');
        expect(t.attempt.successStatus).toBe('passed');
        expect(t.completions).toHaveLength(1);
        expect(t.completions[0].passed).toBe(true);
        expect(t.completions[0].attemptId).toBe(t.attempt.id);
        expect(t.sco.completionStatus).toBe('completed');
        expect(t.sco.scoreRaw).toBe(100);
        expect(t.sco.scoreMax).toBe(100);
        // 1.2 has no scaled score on the SCO row (derive-tracking); attempt and completion take raw/max.
        expect(t.sco.scoreScaled).toBe(flavour === '2004' ? 1 : null);
        expect(t.attempt.scoreScaled).toBe(1);
        expect(t.completions[0].scoreScaled).toBe(1);
        expect(t.sco.location).toBe('ergebnis');
        if (flavour === '2004') expect(t.sco.progressMeasure).toBe(1);
        expectBasesReturned(bases, mod.chapters.length);

        const interactions = interactionsOf(t.sco.cmiJson);
        expect(interactions.map((i) => i.id)).toEqual(asked.map((q) => q.id));
        for (const [i, q] of asked.entries()) {
          const got = interactions[i];
          expect(got.result).toBe('correct');
          expect(got.type).toBe(
            { single: 'choice', multiple: 'choice', matching: 'matching', ordering: 'sequencing' }[q.type],
          );
          const response = flavour === '2004' ? got.learner_response : got.student_response;
          expect(normalise(response ?? '', q.type, flavour)).toBe(correctResponse(q, flavour));
          expect(
            normalise((got.correct_responses as Record<string, { pattern: string }>)['0'].pattern, q.type, flavour),
          ).toBe(correctResponse(q, flavour));
          expect(got.latency).toMatch(flavour === '2004' ? ISO_DURATION : TIMESPAN_12);
        }
        // The latency is measured per question from focus to focus, so the whole test took some time.
        expect(interactions.some((i) => !/^(PT0S|0000:00:00\.00)$/.test(i.latency))).toBe(true);
        await page.context().close();
      }, 60_000);
    }
  }
});
