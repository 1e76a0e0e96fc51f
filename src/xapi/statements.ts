/**
 * xAPI 1.0.3 statements for the player's learning events (pure: no I/O). Actor: an account on this
 * platform (homePage = BASE_URL, name = the user's id — no email or name leaves the server). Verbs
 * from the ADL vocabulary. Objects: activity IRIs under BASE_URL for the package, the SCO and the
 * interaction. Every statement has an id fixed when it is made: a UUID derived from what the statement
 * stands for (one launch, one answer, one attempt's completion or pass), so a retried POST — or the same
 * event recorded again after the outbox forgot its dedupe key — carries the same id and the LRS keeps it once.
 */
import crypto from 'node:crypto';
import type { AnsweredEvent, LaunchedEvent, ResultEvent } from '../player';
import type { AnsweredInteraction } from '../scorm';

export const VERBS = {
  launched: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched', 'de-DE': 'gestartet' } },
  answered: {
    id: 'http://adlnet.gov/expapi/verbs/answered',
    display: { 'en-US': 'answered', 'de-DE': 'beantwortet' },
  },
  completed: {
    id: 'http://adlnet.gov/expapi/verbs/completed',
    display: { 'en-US': 'completed', 'de-DE': 'abgeschlossen' },
  },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed', 'de-DE': 'bestanden' } },
} as const;

const ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
};

/** SCORM interaction types → xAPI interactionType (1.2 "performance"/"numeric"… map alike). */
const INTERACTION_TYPES: Record<string, string> = {
  'true-false': 'true-false',
  choice: 'choice',
  'fill-in': 'fill-in',
  'long-fill-in': 'long-fill-in',
  matching: 'matching',
  performance: 'performance',
  sequencing: 'sequencing',
  likert: 'likert',
  numeric: 'numeric',
  other: 'other',
};

export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: Record<string, string> };
  object: {
    objectType: 'Activity';
    id: string;
    definition: { type: string; name?: Record<string, string>; interactionType?: string };
  };
  result?: { response?: string; success?: boolean; completion?: boolean; score?: { scaled: number } };
  context: {
    registration: string;
    platform: string;
    contextActivities?: { parent?: { id: string; objectType: 'Activity' }[] };
  };
  timestamp: string;
}

/** A name-based UUID (version 5 layout, SHA-256 instead of SHA-1 truncated alike): same input, same id. */
export function uuidFrom(text: string): string {
  const b = crypto.createHash('sha256').update(text).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function createStatementBuilder(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  const packageIri = (packageId: number) => `${base}/xapi/activities/packages/${packageId}`;
  const scoIri = (packageId: number, sco: string) => `${packageIri(packageId)}/scos/${encodeURIComponent(sco)}`;
  const actor = (userId: number) => ({
    objectType: 'Agent' as const,
    account: { homePage: base, name: String(userId) },
  });
  // One registration per attempt: an LRS groups the statements of one attempt by it.
  const context = (e: { attemptId: number }, parent?: string): XapiStatement['context'] => ({
    registration: uuidFrom(`${base}|attempt|${e.attemptId}`),
    platform: 'gezu-lms',
    ...(parent ? { contextActivities: { parent: [{ id: parent, objectType: 'Activity' as const }] } } : {}),
  });
  const statement = (key: string, rest: Omit<XapiStatement, 'id'>): XapiStatement => ({
    id: uuidFrom(`${base}|${key}`),
    ...rest,
  });

  return {
    launched(e: LaunchedEvent): { key: string; statement: XapiStatement } {
      const key = `launched:${e.scoAttemptId}:${e.launch}`;
      return {
        key,
        statement: statement(key, {
          actor: actor(e.userId),
          verb: VERBS.launched,
          object: {
            objectType: 'Activity',
            id: scoIri(e.packageId, e.scoIdentifier),
            definition: { type: ACTIVITY_TYPES.lesson, name: { 'de-DE': e.scoTitle } },
          },
          context: context(e, packageIri(e.packageId)),
          timestamp: e.at.toISOString(),
        }),
      };
    },

    /** One statement per answered interaction; the key names the answer (row, position, content). */
    answered(e: AnsweredEvent): { key: string; statement: XapiStatement }[] {
      return e.interactions.map((i: AnsweredInteraction) => {
        const digest = crypto
          .createHash('sha256')
          .update(JSON.stringify([i.id, i.response, i.result]))
          .digest('hex')
          .slice(0, 16);
        const key = `answered:${e.scoAttemptId}:${i.index}:${digest}`;
        const success =
          i.result === 'correct' ? true : i.result === 'incorrect' || i.result === 'wrong' ? false : undefined;
        return {
          key,
          statement: statement(key, {
            actor: actor(e.userId),
            verb: VERBS.answered,
            object: {
              objectType: 'Activity',
              id: `${scoIri(e.packageId, e.scoIdentifier)}/interactions/${encodeURIComponent(i.id)}`,
              definition: {
                type: ACTIVITY_TYPES.interaction,
                ...(i.description ? { name: { 'de-DE': i.description } } : {}),
                ...(i.type && INTERACTION_TYPES[i.type] ? { interactionType: INTERACTION_TYPES[i.type] } : {}),
              },
            },
            result: { response: i.response, ...(success === undefined ? {} : { success }) },
            context: context(e, scoIri(e.packageId, e.scoIdentifier)),
            timestamp: e.at.toISOString(),
          }),
        };
      });
    },

    result(verb: 'completed' | 'passed', e: ResultEvent): { key: string; statement: XapiStatement } {
      const key = `${verb}:${e.attemptId}`;
      const score =
        e.scoreScaled !== null && Number.isFinite(e.scoreScaled) ? { score: { scaled: e.scoreScaled } } : {};
      return {
        key,
        statement: statement(key, {
          actor: actor(e.userId),
          verb: VERBS[verb],
          object: { objectType: 'Activity', id: packageIri(e.packageId), definition: { type: ACTIVITY_TYPES.course } },
          result: verb === 'completed' ? { completion: true, ...score } : { success: true, ...score },
          context: context(e),
          timestamp: e.at.toISOString(),
        }),
      };
    },
  };
}
