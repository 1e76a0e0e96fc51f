/**
 * Golf "PreOrPostTestRollup" in Chromium: a pre test (one attempt) that, when passed, completes the
 * module at once; otherwise the content, and a post test that stays locked until the content is done.
 */
import {
  completionOf,
  endJourney,
  importGolf,
  navState,
  openPlayer,
  readToTheEnd,
  scoShown,
  startJourney,
  takeTest,
  waitForAttempt,
  type Journey,
} from './sequencing-helpers';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
}, 60_000);
afterAll(async () => {
  await endJourney(j);
});

describe('PreOrPostTestRollup in the browser', () => {
  it('when the pre test is passed, then the module is completed and passed without the content', async () => {
    const pkg = await importGolf(j, 'SequencingPreOrPostTestRollup_SCORM20043rdEdition');
    const { page, user } = await openPlayer(j, pkg.id);
    const pretest = await scoShown(page, 'assessment');
    expect(await page.locator('#player-current-title').textContent()).toBe('Pre Test');
    // Forbidden: the post test is locked while the content is not completed.
    expect((await navState(page)).disabled).toEqual(['Post Test']);
    await takeTest(pretest, true);
    await page.getByRole('button', { name: /Weiter/ }).click();
    await scoShown(page, 'playing');
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect(attempt.successStatus).toBe('passed');
    expect((await completionOf(user.id, pkg.id))?.passed).toBe(true);
    await page.context().close();
  }, 120_000);

  it('when the pre test is failed, then the post test opens only after all content, and passing it completes the module', async () => {
    const pkg = await importGolf(j, 'SequencingPreOrPostTestRollup_SCORM20043rdEdition');
    const { page, user } = await openPlayer(j, pkg.id);
    await takeTest(await scoShown(page, 'assessment'), false);
    await page.getByRole('button', { name: /Weiter/ }).click();
    await scoShown(page, 'playing');
    // The golf SCOs always exit with "suspend", so the pre test's attempt stays suspended (not over):
    // its attempt limit does not lock it yet (SN UP.1). The post test is locked.
    expect((await navState(page)).disabled).toEqual(['Post Test']);
    for (const name of ['playing', 'etiquette', 'handicapping', 'havingfun']) {
      await readToTheEnd(await scoShown(page, name));
      if (name !== 'havingfun') expect((await navState(page)).disabled).toEqual(['Post Test']);
      await page.getByRole('button', { name: /Weiter/ }).click();
    }
    await takeTest(await scoShown(page, 'assessment'), true);
    expect(await page.locator('#player-current-title').textContent()).toBe('Post Test');
    await page.getByRole('button', { name: /Weiter/ }).click();
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect(attempt.successStatus).toBe('passed');
    await page.context().close();
  }, 120_000);
});
