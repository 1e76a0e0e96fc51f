/**
 * What the player page needs to run a sequenced package (see public/js/player/sequencing.js): the
 * scorm-again settings, the stored activity tree and how to begin —
 * - `current`: the stored tree has an activity in progress (page closed without suspending):
 *   relaunch it as it is;
 * - `resumeAll`: the learner suspended all;
 * - `start`: nothing stored (a new attempt), or the last session ended; a new attempt of a package
 *   whose objectives are global to the system starts from the global objectives of the learner's
 *   previous attempt (scorm-again keeps them only for one page).
 * Review mode is not sequenced: it only shows what was done.
 */
import { Op } from 'sequelize';
import { Attempt } from './tracking-models';
import type { PlayerRuntime } from './player-settings';
import { globalObjectiveSnapshotOf, summarizeSequencingState } from '../scorm';
import type { AttemptRef } from './attempts';

export interface SequencingPageData {
  settings: unknown;
  rootId: string;
  activities: Record<string, { scoId: number; title: string; href: string; type: 'sco' | 'asset' }>;
  state: string | null;
  begin: 'current' | 'resumeAll' | 'start';
  currentActivityId: string | null;
  seedGlobalObjectives: Record<string, unknown> | null;
  stateUrl: string;
}

export async function sequencingPageData(
  rt: PlayerRuntime,
  attempt: AttemptRef,
  review: boolean,
): Promise<SequencingPageData | null> {
  if (review) return null;
  const sequencing = await rt.sequencing(attempt.versionId);
  if (!sequencing) return null;
  const row = await Attempt.findByPk(attempt.id, { attributes: ['id', 'sequencingState'] });
  const state = row?.sequencingState ?? null;
  const summary = state ? summarizeSequencingState(state, sequencing.rootId) : undefined;
  let begin: SequencingPageData['begin'] = 'start';
  if (summary?.currentActivityId) begin = 'current';
  else if (summary?.suspendedActivityId) begin = 'resumeAll';

  let seed: Record<string, unknown> | null = null;
  if (!state && sequencing.definition.objectivesGlobalToSystem) {
    const previous = await Attempt.findOne({
      where: {
        userId: attempt.userId,
        packageId: attempt.packageId,
        number: { [Op.lt]: attempt.number },
        sequencingState: { [Op.ne]: null },
      },
      order: [['number', 'DESC']],
      attributes: ['sequencingState'],
    });
    seed = globalObjectiveSnapshotOf(previous?.sequencingState) ?? null;
  }
  return {
    settings: sequencing.definition.settings,
    rootId: sequencing.rootId,
    activities: sequencing.activities,
    state: summary ? state : null,
    begin,
    currentActivityId: summary?.currentActivityId ?? null,
    seedGlobalObjectives: seed,
    stateUrl: `/api/v1/attempts/${attempt.id}/sequencing`,
  };
}
