/**
 * Golf "ForcedSequential" in Chromium: SCOs in order; a SCO can be chosen only once the previous
 * one is satisfied (global objectives); choice, continue, previous, suspend all and resume.
 */
import {
  attemptOf,
  endJourney,
  importGolf,
  navState,
  openPlayer,
  readToTheEnd,
  scoShown,
  startJourney,
  takeTest,
  waitForAttempt,
  completionOf,
  type Journey,
} from './sequencing-helpers';
import { screenshot } from './helpers/browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
}, 60_000);
afterAll(async () => {
  await endJourney(j);
});

describe('ForcedSequential in the browser', () => {
  it('when the learner plays in order, then later SCOs unlock one by one, suspend/resume returns to the same SCO, and the quiz completes the course', async () => {
    const pkg = await importGolf(j, 'SequencingForcedSequential_SCORM20043rdEdition');
    const { page, user } = await openPlayer(j, pkg.id);
    const playing = await scoShown(page, 'playing');
    // Forbidden: Etiquette cannot be chosen before Playing is satisfied.
    expect(await navState(page)).toMatchObject({
      previous: false,
      choosable: ['Playing the Game'],
      disabled: ['Etiquette', 'Handicapping', 'Having Fun', 'Quiz'],
    });
    await expect(page.getByRole('button', { name: /Etiquette/ }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'seq-forced-start');
    if (process.env.SCREENSHOT_DIR) {
      await page.setViewportSize({ width: 375, height: 800 });
      await page.getByRole('button', { name: 'Inhalt' }).click();
      await screenshot(page, 'seq-forced-start-375');
      await page.getByRole('button', { name: 'Inhalt' }).click();
      await page.setViewportSize({ width: 1280, height: 860 });
    }

    await readToTheEnd(playing);
    await page.waitForFunction(() => !(document.getElementById('player-next') as HTMLButtonElement).disabled);
    await page.getByRole('button', { name: /Weiter/ }).click();
    const etiquette = await scoShown(page, 'etiquette');
    expect((await navState(page)).choosable).toEqual(['Playing the Game', 'Etiquette']);
    expect((await navState(page)).previous).toBe(true);

    // Suspend all and come back: the same SCO, the unlocked ones still unlocked.
    await readToTheEnd(etiquette);
    await page.getByRole('button', { name: 'Unterbrechen' }).click();
    await page.getByText('Unterbrochen. Beim nächsten Öffnen').waitFor();
    await waitForAttempt(user.id, pkg.id, (a) =>
      (a.sequencingState ?? '').includes('"suspendedActivity":"etuqiette_item"'),
    );
    await page.goto(`${j.srv.baseUrl}/play/${pkg.id}`);
    await scoShown(page, 'etiquette');
    expect((await navState(page)).choosable).toEqual(['Playing the Game', 'Etiquette', 'Handicapping']);

    // Choice backwards is allowed.
    await page.getByRole('button', { name: /Playing the Game/ }).click();
    await scoShown(page, 'playing');
    for (const name of ['Etiquette', 'Handicapping']) {
      await page.getByRole('button', { name: new RegExp(name) }).click();
      await readToTheEnd(await scoShown(page, name.toLowerCase()));
    }
    await page.getByRole('button', { name: /Weiter/ }).click();
    await readToTheEnd(await scoShown(page, 'havingfun'));
    await page.getByRole('button', { name: /Weiter/ }).click();
    const quiz = await scoShown(page, 'assessment');
    expect((await navState(page)).disabled).toEqual([]);
    expect((await attemptOf(user.id, pkg.id)).completionStatus).not.toBe('completed');
    await takeTest(quiz, true);
    await page.getByRole('button', { name: 'Modul abschließen' }).click();
    await page.getByText('Das Modul ist beendet.').waitFor();
    await screenshot(page, 'seq-forced-ended');
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect(attempt.successStatus).toBe('passed');
    expect(await completionOf(user.id, pkg.id)).not.toBeNull();
    await page.context().close();
  }, 120_000);
});
