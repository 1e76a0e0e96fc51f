/**
 * Issue 17, knowledge check: each try draws one variant per objective from the pool and shuffles
 * the options; a retry asks the other variants; after passing, the check is review-only, so
 * neither the table of contents nor a relaunch can resubmit it and turn the pass into a failure.
 */
import type { Frame } from 'playwright-core';
import { screenshot } from './helpers/browser';
import {
  answerQuiz,
  askedQuestions,
  courseFrame,
  headingOf,
  interactionsOf,
  questionsPerTry,
  readChapters,
  readModule,
  resultBadge,
  suspendDataOf,
} from './helpers/courses-driver';
import {
  importCourse,
  lotsePage,
  startCoursesEnv,
  stopCoursesEnv,
  waitForTracking,
  type CoursesEnv,
} from './helpers/courses-env';

let env: CoursesEnv;
beforeAll(async () => {
  env = await startCoursesEnv();
}, 60_000);
afterAll(() => stopCoursesEnv(env));

async function openQuizFromToc(frame: Frame, title: string): Promise<void> {
  if (await frame.locator('#toc-toggle').isVisible()) await frame.locator('#toc-toggle').click(); // phone: the contents fold away
  await frame
    .locator('#toc')
    .getByRole('link', { name: new RegExp(title) })
    .click();
  await frame.waitForFunction((t) => document.getElementById('page-heading')?.textContent?.trim() === t, title);
}

async function optionOrder(frame: Frame, qid: string): Promise<string[]> {
  return frame.locator(`#question-${qid} input`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
}

describe('the knowledge check draws from a pool', () => {
  it("when technik's check is opened, failed and retried, then each try asks one question per objective with shuffled options, and the retry asks the other variants", async () => {
    const mod = readModule('technik');
    const n = questionsPerTry(mod);
    const pkg = await importCourse(env, 'technik', '2004');
    const { page, user } = await lotsePage(env);
    await page.goto(`${env.srv.baseUrl}/play/${pkg.id}`);
    const frame = await courseFrame(page);
    await openQuizFromToc(frame, mod.quiz.title);

    const first = await askedQuestions(frame, mod);
    expect(first).toHaveLength(n);
    expect(new Set(first.map((q) => q.objective)).size).toBe(n);
    // Options are shuffled: across the choice questions, some order differs from module.json's.
    const choice = first.filter((q) => q.type === 'single' || q.type === 'multiple');
    const orders = await Promise.all(choice.map((q) => optionOrder(frame, q.id)));
    for (const [i, q] of choice.entries())
      expect([...orders[i]].sort()).toEqual(
        q.type !== 'matching' && 'options' in q ? q.options.map((o) => o.id).sort() : [],
      );
    expect(choice.some((q, i) => 'options' in q && orders[i].join() !== q.options.map((o) => o.id).join())).toBe(true);
    await screenshot(page, 'courses-quiz-1280');

    // The draw is kept with the attempt: reloading shows the same questions.
    await page.reload();
    const again = await courseFrame(page);
    expect(await headingOf(again)).toBe(mod.quiz.title);
    expect((await askedQuestions(again, mod)).map((q) => q.id)).toEqual(first.map((q) => q.id));

    await answerQuiz(again, mod, 'wrong');
    expect(await resultBadge(again)).toBe('Nicht bestanden');
    // A failed check gives hints, never the key: no wrong answer shows its full explanation.
    const texts = await again.locator('.feedback.is-incorrect .feedback-text').allTextContents();
    expect(texts).toHaveLength(n);
    for (const [i, q] of first.entries()) {
      expect(texts[i]).toContain(q.hint);
      expect(texts[i]).not.toContain(q.feedback.incorrect);
    }
    await screenshot(page, 'courses-failed-hints-1280');

    await again.getByRole('button', { name: 'Test wiederholen' }).click();
    await again.waitForSelector('form.quiz');
    const second = await askedQuestions(again, mod);
    expect(second.map((q) => q.objective)).toEqual(first.map((q) => q.objective));
    second.forEach((q, i) => expect(q.id).not.toBe(first[i].id));
    await waitForTracking(
      user.id,
      pkg.id,
      (t) => suspendDataOf(t.sco.cmiJson).q?.join() === second.map((q) => q.id).join(),
    );
    await page.context().close();
  }, 60_000);
});

describe('after passing, the knowledge check is review-only', () => {
  it('when a passed Lotse opens the check again from the table of contents or after a relaunch, then there is nothing to submit and the pass stays', async () => {
    const mod = readModule('megatrends');
    const n = questionsPerTry(mod);
    const pkg = await importCourse(env, 'megatrends', '1.2');
    const { page, user } = await lotsePage(env, 390);
    await page.goto(`${env.srv.baseUrl}/play/${pkg.id}`);
    const frame = await courseFrame(page);
    await readChapters(frame, mod);
    await answerQuiz(frame, mod, 'correct');
    expect(await resultBadge(frame)).toBe('Bestanden');
    expect(await frame.getByRole('button', { name: 'Test wiederholen' }).count()).toBe(0);
    const passed = await waitForTracking(
      user.id,
      pkg.id,
      (t) => t.sco.successStatus === 'passed' && t.completions.length > 0,
    );

    await openQuizFromToc(frame, mod.quiz.title);
    expect(await frame.locator('form.quiz').count()).toBe(0);
    expect(await frame.getByRole('button', { name: 'Antworten prüfen' }).count()).toBe(0);
    expect(await frame.locator('.feedback').count()).toBe(n);
    await screenshot(page, 'courses-review-390');

    // Opening the passed module again (the player offers it "zum Nachlesen"): still review-only.
    await page.goto(`${env.srv.baseUrl}/play/${pkg.id}?mode=review`);
    const back = await courseFrame(page);
    await openQuizFromToc(back, mod.quiz.title);
    expect(await back.locator('form.quiz').count()).toBe(0);
    await back.evaluate(() => {
      window.location.hash = '#ergebnis';
    });
    await back.waitForFunction(() => document.getElementById('page-heading')?.textContent?.trim() === 'Ihr Ergebnis');
    expect(await resultBadge(back)).toBe('Bestanden');
    await back.locator('#exit-button').click();
    await back.waitForFunction(
      () => document.getElementById('page-heading')?.textContent?.trim() === 'Sitzung beendet',
    );

    const after = await waitForTracking(user.id, pkg.id, () => true);
    expect(after.attempt.id).toBe(passed.attempt.id);
    expect(after.sco.successStatus).toBe('passed');
    expect(after.completions).toHaveLength(1);
    expect(after.completions[0].passed).toBe(true);
    expect(interactionsOf(after.sco.cmiJson)).toHaveLength(n); // nothing was submitted again
    await page.context().close();
  }, 60_000);
});
