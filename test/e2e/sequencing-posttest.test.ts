/**
 * Golf "PostTestRollup" (3rd and 4th edition) in Chromium: content SCOs do not count, the post test
 * alone decides completion and success of the module; the 4th edition shares notes between SCOs
 * (adlcp:data) and unlocks by completion (adlseq objectives).
 */
import {
  attemptOf,
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
import { screenshot } from './helpers/browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
}, 60_000);
afterAll(async () => {
  await endJourney(j);
});

const content = ['playing', 'etiquette', 'handicapping', 'havingfun'];

describe('PostTestRollup in the browser', () => {
  it('when (3rd ed.) the quiz is chosen too early it stays locked; all content read and the quiz failed, then the module is completed and failed', async () => {
    const pkg = await importGolf(j, 'SequencingPostTestRollup_SCORM20043rdEdition');
    const { page, user } = await openPlayer(j, pkg.id);
    await scoShown(page, 'playing');
    expect((await navState(page)).disabled).toEqual(['Etiquette', 'Handicapping', 'Having Fun', 'Quiz']);
    await expect(page.getByRole('button', { name: /Quiz/ }).isDisabled()).resolves.toBe(true);

    for (const name of content) {
      await readToTheEnd(await scoShown(page, name));
      await page.waitForFunction(() => !(document.getElementById('player-next') as HTMLButtonElement).disabled);
      await page.getByRole('button', { name: /Weiter/ }).click();
    }
    const quiz = await scoShown(page, 'assessment');
    // Content alone completes nothing: only the post test rolls up.
    expect((await attemptOf(user.id, pkg.id)).completionStatus).not.toBe('completed');
    await takeTest(quiz, false);
    await page.getByRole('button', { name: 'Modul abschließen' }).click();
    await page.getByText('Das Modul ist beendet.').waitFor();
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect(attempt.successStatus).toBe('failed');
    expect(await completionOf(user.id, pkg.id)).toBeNull();
    await page.context().close();
  }, 120_000);

  it('when (4th ed.) a note is written in one SCO, then the next SCO shows it, and a passed quiz completes and passes the module', async () => {
    const pkg = await importGolf(j, 'SequencingPostTestRollup4thEd_SCORM20044thEdition');
    const { page, user } = await openPlayer(j, pkg.id, { jqueryStub: true });
    const playing = await scoShown(page, 'playing');
    expect((await navState(page)).disabled).toEqual(['Etiquette', 'Handicapping', 'Having Fun', 'Quiz']);
    await playing.click('#butNotes');
    await playing.fill('#txtNotes', 'Putten üben');
    await playing.click('#butSaveNotes');
    await readToTheEnd(playing);
    await page.waitForFunction(() => !(document.getElementById('player-next') as HTMLButtonElement).disabled);
    await page.getByRole('button', { name: /Weiter/ }).click();
    const etiquette = await scoShown(page, 'etiquette');
    await etiquette.click('#butNotes');
    await expect(etiquette.inputValue('#txtNotes')).resolves.toBe('Putten üben');
    await etiquette.click('#butSaveNotes');
    await screenshot(page, 'seq-posttest4-notes');

    for (const name of content.slice(1)) {
      await readToTheEnd(await scoShown(page, name));
      await page.waitForFunction(() => !(document.getElementById('player-next') as HTMLButtonElement).disabled);
      await page.getByRole('button', { name: /Weiter/ }).click();
    }
    await takeTest(await scoShown(page, 'assessment'), true);
    await page.getByRole('button', { name: 'Modul abschließen' }).click();
    await page.getByText('Das Modul ist beendet.').waitFor();
    const attempt = await waitForAttempt(user.id, pkg.id, (a) => a.completionStatus === 'completed');
    expect([attempt.successStatus, attempt.scoreScaled]).toEqual(['passed', 1]);
    expect((await completionOf(user.id, pkg.id))?.passed).toBe(true);
    await page.context().close();
  }, 120_000);
});
