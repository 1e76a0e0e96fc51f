/**
 * Grade pass-back: the player writes an outbox message (`player.attempt_result_changed`) in the
 * transaction of every change of score, completion or pass; this handler (registered in the
 * composition root) posts it as a score to each line item a platform launched that package with
 * for that user (`lti_grade_links`). A platform that is down makes the handler fail: the outbox tries
 * again with back-off (src/outbox). A result older than the one a link last received is skipped, so a
 * late retry never puts a stale score over a newer one.
 */
import type { Logger } from '../shared/logger';
import { writeAudit } from '../shared/audit';
import { LtiGradeLink, LtiPlatform } from './lti-models';
import type { AgsClient, ScoreBody } from './ags';

export interface AttemptResult {
  /** When the change was committed (epoch ms). */
  at?: number;
  userId: number;
  packageId: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
}

export function scoreFor(result: AttemptResult, sub: string, at = new Date(result.at ?? Date.now())): ScoreBody {
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
  /** The outbox handler: posts the result to every line item of (user, package); throws when a platform failed. */
  onResult(result: AttemptResult): Promise<void>;
}

export function createGradeSync(ags: AgsClient, logger: Logger): GradeSync {
  return {
    async onResult(result) {
      const links = await LtiGradeLink.findAll({ where: { userId: result.userId, packageId: result.packageId } });
      const at = new Date(result.at ?? Date.now());
      const failures: string[] = [];
      for (const link of links) {
        if (link.postedAt && link.postedAt.getTime() > at.getTime()) continue;
        const platform = await LtiPlatform.findByPk(link.platformId);
        if (!platform) continue;
        const score = scoreFor(result, link.sub, at);
        try {
          await ags.postScore(platform, link.lineitemUrl, link.scopes.split(' '), score);
        } catch (err) {
          logger.warn(
            { err, gradeLink: link.id, platform: platform.issuer },
            'LTI score post failed; the outbox retries',
          );
          failures.push(`${platform.issuer}: ${(err as Error).message}`);
          continue;
        }
        await link.update({ postedAt: at });
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
      }
      // Posting the same score again is harmless (AGS keeps the newest by timestamp), so a retry may redo all.
      if (failures.length) throw new Error(`LTI score post failed: ${failures.join('; ')}`);
    },
  };
}
