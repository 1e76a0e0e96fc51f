import type { ReportFilter } from './report-filter';
import type { Role } from '../shared/regions';

/** Who is looking: tutors see their region, their cohorts and their LTI courses' learners; admins everyone. */
export interface Viewer {
  id: number;
  role: Role;
  region: string | null;
}

export type Replacements = Record<string, unknown>;
export interface SqlPart {
  sql: string;
  replacements: Replacements;
}

/** Enrolments that tie a Lotse to a cohort (a waiting list counts: the tutor will meet them). */
const ACTIVE_ENROLMENT = "('enrolled', 'waitlisted')";

/**
 * The WHERE clause on `users <alias>` that limits rows to the Lotsen this viewer may see, plus the
 * person-level filters (region, cohort, search). Everything visible on a page, in a CSV or in the
 * JSON goes through this one function, so the rule "a tutor sees their region and cohorts" lives
 * in one place and is enforced in the database query itself.
 */
export function lotseScope(
  viewer: Viewer,
  f: Partial<Pick<ReportFilter, 'region' | 'cohort' | 'q'>>,
  alias = 'u',
): SqlPart {
  const where = [`${alias}.role = 'lotse'`];
  const replacements: Replacements = {};
  if (viewer.role !== 'admin') {
    const mine: string[] = [];
    if (viewer.role === 'tutor' && viewer.region) {
      mine.push(`${alias}.region = :viewerRegion`);
      replacements.viewerRegion = viewer.region;
    }
    if (viewer.role === 'tutor') {
      mine.push(
        `${alias}.id IN (SELECT ce_v.user_id FROM cohort_enrolments ce_v JOIN cohort_tutors ct_v ON ct_v.cohort_id = ce_v.cohort_id WHERE ct_v.user_id = :viewerId AND ce_v.status IN ${ACTIVE_ENROLMENT})`,
        // LTI: the learners of a platform course (context) this tutor launched in as Instructor (src/lti).
        `${alias}.id IN (SELECT lm_v.user_id FROM lti_context_members lm_v JOIN lti_context_members li_v ON li_v.lti_context_id = lm_v.lti_context_id WHERE li_v.user_id = :viewerId AND li_v.role = 'instructor' AND lm_v.role = 'learner')`,
      );
    }
    replacements.viewerId = viewer.id;
    // A Lotse (or any other role) sees nobody here: the routes refuse them before, this is the backstop.
    where.push(mine.length ? `(${mine.join(' OR ')})` : '1 = 0');
  }
  if (f.region) {
    where.push(`${alias}.region = :region`);
    replacements.region = f.region;
  }
  if (f.cohort) {
    where.push(
      `${alias}.id IN (SELECT ce_f.user_id FROM cohort_enrolments ce_f WHERE ce_f.cohort_id = :cohortId AND ce_f.status IN ${ACTIVE_ENROLMENT})`,
    );
    replacements.cohortId = f.cohort;
  }
  // Every word must appear in the first name, last name or email ("anna müller" finds Anna Müller).
  const words = (f.q ?? '').toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  words.forEach((w, i) => {
    const key = `q${i}`;
    replacements[key] = `%${w.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    where.push(
      `(LOWER(${alias}.first_name) LIKE :${key} ESCAPE '!' OR LOWER(${alias}.last_name) LIKE :${key} ESCAPE '!' OR LOWER(${alias}.email) LIKE :${key} ESCAPE '!')`,
    );
  });
  return { sql: where.join(' AND '), replacements };
}

/** Cohorts a viewer may filter by: all for admins; for tutors those of their region or assigned to them. */
export function cohortScope(viewer: Viewer): SqlPart {
  if (viewer.role === 'admin') return { sql: '1 = 1', replacements: {} };
  const parts = ['c.id IN (SELECT ct.cohort_id FROM cohort_tutors ct WHERE ct.user_id = :viewerId)'];
  if (viewer.region) parts.push('c.region = :viewerRegion');
  return { sql: `(${parts.join(' OR ')})`, replacements: { viewerId: viewer.id, viewerRegion: viewer.region } };
}
