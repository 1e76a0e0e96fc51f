import { Op, QueryTypes } from 'sequelize';
import { Cohort } from './cohort-models';

export interface CohortBrief {
  id: number;
  title: string;
  region: string;
}

/** The cohorts a person belongs to (an enrolled place) and those they accompany as a tutor. */
export interface CohortTies {
  member: CohortBrief[];
  tutoring: CohortBrief[];
}

const brief = (c: Cohort): CohortBrief => ({ id: c.id, title: c.title, region: c.region });

export async function cohortBriefs(ids?: number[]): Promise<CohortBrief[]> {
  if (ids && ids.length === 0) return [];
  const rows = await Cohort.findAll({
    where: ids ? { id: { [Op.in]: ids } } : {},
    attributes: ['id', 'title', 'region'],
    order: [['id', 'ASC']],
  });
  return rows.map(brief);
}

/**
 * Read by the exchange to decide which cohort spaces someone sees — on every page view, for the
 * header's unread counter: so one query, whatever the person's ties (a constant number of queries
 * per page, which the reports' query-count test holds every page to).
 */
export async function cohortTies(userId: number): Promise<CohortTies> {
  const rows = await Cohort.sequelize!.query<CohortBrief & { tie: 'member' | 'tutor' }>(
    `SELECT c.id AS id, c.title AS title, c.region AS region, 'member' AS tie
       FROM cohorts c JOIN cohort_enrolments e ON e.cohort_id = c.id
      WHERE e.user_id = :userId AND e.status = 'enrolled'
     UNION ALL
     SELECT c.id AS id, c.title AS title, c.region AS region, 'tutor' AS tie
       FROM cohorts c JOIN cohort_tutors t ON t.cohort_id = c.id
      WHERE t.user_id = :userId
      ORDER BY id`,
    { replacements: { userId }, type: QueryTypes.SELECT },
  );
  const pick = (tie: string) =>
    rows.filter((r) => r.tie === tie).map((r) => ({ id: Number(r.id), title: r.title, region: r.region }));
  return { member: pick('member'), tutoring: pick('tutor') };
}
