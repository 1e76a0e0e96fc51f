/**
 * Grade pass-back: every change of score, completion or pass of an attempt whose package a platform
 * launched (an `lti_grade_links` row) becomes a score for that link's line item. The score is written
 * to the row first (`pending_json`), then posted; a platform that is down keeps it pending and the
 * catch-up job posts it later. A newer score replaces an undelivered older one, and a delivery only
 * clears the pending score it sent — so the platform never ends on a stale result.
 */
import { Op } from 'sequelize';
import type { Logger } from '../shared/logger';
import { writeAudit } from '../shared/audit';
import { LtiGradeLink, LtiPlatform } from './lti-models';
import type { AgsClient, ScoreBody } from './ags';

export interface AttemptResult {
  userId: number;
  packageId: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
}

export function scoreFor(result: AttemptResult, sub: string, at = new Date()): ScoreBody {
  const completed = result.completion === 'completed';
  let scoreGiven: number | undefined;
  if (result.scoreScaled !== null) scoreGiven = Math.round(Math.max(0, Math.min(1, result.scoreScaled)) * 10000) / 100;
  else if (completed) scoreGiven = result.success === 'failed' ? 0 : 100;
  return {
    userId: sub,
    ...(scoreGiven === undefined ? {} : { scoreGiven }),
    scoreMaximum: 100,
    activityProgress: completed ? 'Completed' : 'InProgress',
    gradingProgress: completed || result.success !== 'unknown' ? 'FullyGraded' : 'Pending',
    timestamp: at.toISOString(),
  };
}

export interface GradeSync {
  /** Listener for the player's result event. */
  onResult(result: AttemptResult): Promise<void>;
  /** Posts every pending score (catch-up job); returns how many were delivered. */
  retryPending(limit?: number): Promise<number>;
}

export function createGradeSync(ags: AgsClient, logger: Logger): GradeSync {
  async function deliver(link: LtiGradeLink): Promise<boolean> {
    const sent = link.pendingJson;
    if (!sent) return false;
    const platform = await LtiPlatform.findByPk(link.platformId);
    if (!platform) return false;
    try {
      await ags.postScore(platform, link.lineitemUrl, link.scopes.split(' '), JSON.parse(sent) as ScoreBody);
    } catch (err) {
      await LtiGradeLink.update(
        { tries: link.tries + 1, lastError: String((err as Error).message ?? err).slice(0, 500) },
        { where: { id: link.id } },
      );
      logger.warn({ err, gradeLink: link.id, platform: platform.issuer }, 'LTI score post failed; kept for retry');
      return false;
    }
    await LtiGradeLink.update(
      { pendingJson: null, tries: 0, lastError: null, postedAt: new Date() },
      { where: { id: link.id, pendingJson: sent } },
    );
    const score = JSON.parse(sent) as ScoreBody;
    await writeAudit({
      actorId: null,
      action: 'lti.grade.posted',
      subjectType: 'lti_platform',
      subjectId: platform.id,
      subjectUserId: link.userId,
      after: {
        lineitem: link.lineitemUrl,
        scoreGiven: score.scoreGiven ?? null,
        activityProgress: score.activityProgress,
        gradingProgress: score.gradingProgress,
      },
    });
    return true;
  }
  return {
    async onResult(result) {
      const links = await LtiGradeLink.findAll({ where: { userId: result.userId, packageId: result.packageId } });
      for (const link of links) {
        const pendingJson = JSON.stringify(scoreFor(result, link.sub));
        await LtiGradeLink.update({ pendingJson }, { where: { id: link.id } });
        link.pendingJson = pendingJson;
        await deliver(link);
      }
    },
    async retryPending(limit = 200) {
      const links = await LtiGradeLink.findAll({
        where: { pendingJson: { [Op.ne]: null } },
        order: [['updatedAt', 'ASC']],
        limit,
      });
      let delivered = 0;
      for (const link of links) if (await deliver(link)) delivered++;
      return delivered;
    },
  };
}
