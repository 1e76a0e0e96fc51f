import { Op } from 'sequelize';
import { User } from '../auth';

export interface Candidate {
  id: number;
  name: string;
  email: string;
  region: string | null;
}

/** Active Lotsen an admin may enrol: those of the cohort's region, or a search through every region. */
export async function enrolmentCandidates(q: string, region: string): Promise<Candidate[]> {
  const like = `%${q}%`;
  const where = q
    ? {
        role: 'lotse',
        active: true,
        [Op.or]: [
          { email: { [Op.like]: like } },
          { firstName: { [Op.like]: like } },
          { lastName: { [Op.like]: like } },
        ],
      }
    : { role: 'lotse', active: true, region };
  const users = await User.findAll({
    where,
    order: [
      ['lastName', 'ASC'],
      ['firstName', 'ASC'],
    ],
    limit: 100,
  });
  return users.map((u) => ({ id: u.id, name: `${u.lastName}, ${u.firstName}`, email: u.email, region: u.region }));
}
