import { Op } from 'sequelize';
import { Cohort, CohortEnrolment, CohortTutor } from './cohort-models';

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

/** Read by the exchange to decide which cohort spaces someone sees (one query per kind). */
export async function cohortTies(userId: number): Promise<CohortTies> {
  const [places, tutorRows] = await Promise.all([
    CohortEnrolment.findAll({ where: { userId, status: 'enrolled' }, attributes: ['cohortId'] }),
    CohortTutor.findAll({ where: { userId }, attributes: ['cohortId'] }),
  ]);
  const [member, tutoring] = await Promise.all([
    cohortBriefs(places.map((p) => p.cohortId)),
    cohortBriefs(tutorRows.map((t) => t.cohortId)),
  ]);
  return { member, tutoring };
}
