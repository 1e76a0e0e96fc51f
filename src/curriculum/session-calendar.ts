/**
 * What an enrolled Lotse sees of their cohort's sessions ("Klassenzimmer"): the dates, the cohort's video
 * room and a calendar file per session. Only members with a place (enrolled) get them; anyone else is told
 * the session does not exist, so nothing about other cohorts leaks.
 */
import { Cohort, CohortEnrolment, CohortSession } from './cohort-models';
import { NotFoundError } from '../shared/errors';
import { calendarFile } from '../shared/ics';

/** Sessions have a start only; calendars need an end. A Q2 session is a half day. */
export const SESSION_LENGTH_MINUTES = 180;

export interface MemberSession {
  id: number;
  startsAt: Date;
  title: string | null;
  past: boolean;
  calendarHref: string;
}

async function memberCohort(cohortId: number, userId: number): Promise<Cohort | null> {
  const place = await CohortEnrolment.findOne({ where: { cohortId, userId, status: 'enrolled' }, attributes: ['id'] });
  return place ? Cohort.findByPk(cohortId) : null;
}

/** The cohort's sessions and video room for one of its members; null for anyone without a place. */
export async function sessionsForMember(
  cohortId: number,
  userId: number,
): Promise<{ meetingUrl: string | null; sessions: MemberSession[] } | null> {
  const cohort = await memberCohort(cohortId, userId);
  if (!cohort) return null;
  const rows = await CohortSession.findAll({
    where: { cohortId },
    order: [
      ['startsAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const now = Date.now();
  return {
    meetingUrl: cohort.meetingUrl ?? null,
    sessions: rows.map((s) => ({
      id: s.id,
      startsAt: s.startsAt,
      title: s.title,
      past: s.startsAt.getTime() + SESSION_LENGTH_MINUTES * 60_000 <= now,
      calendarHref: `/q2/cohorts/${cohortId}/sessions/${s.id}/kalender.ics`,
    })),
  };
}

/** One session as an .ics file (RFC 5545), with the video room as location and link. */
export async function sessionCalendar(
  cohortId: number,
  sessionId: number,
  userId: number,
  baseUrl: string,
): Promise<{ filename: string; body: string }> {
  const cohort = await memberCohort(cohortId, userId);
  const session = cohort ? await CohortSession.findOne({ where: { id: sessionId, cohortId } }) : null;
  if (!cohort || !session) throw new NotFoundError('q2.error.session_not_found', 'SESSION_NOT_FOUND');
  const meeting = cohort.meetingUrl ?? undefined;
  return {
    filename: `q2-termin-${session.id}.ics`,
    body: calendarFile({
      uid: `q2-session-${session.id}@${new URL(baseUrl).hostname}`,
      start: session.startsAt,
      end: new Date(session.startsAt.getTime() + SESSION_LENGTH_MINUTES * 60_000),
      summary: `Q2: ${cohort.title}${session.title ? ` – ${session.title}` : ''}`,
      description: [
        `Termin der Q2-Kohorte „${cohort.title}“ (OM-GeZu-Lotsen).`,
        meeting ? `Videoraum: ${meeting}` : '',
        `Übersicht: ${baseUrl.replace(/\/$/, '')}/q2`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      location: meeting,
      url: meeting,
    }),
  };
}
