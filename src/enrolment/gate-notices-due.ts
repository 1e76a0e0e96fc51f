import { Op } from 'sequelize';
import { User } from '../auth';
import { GateNotice } from './enrolment-models';
import { getGateRecords } from './gate-records';
import { checkQ2Gate } from './q2-gate';
import { notifyIfGateMet, type NoticeDeps } from './gate-notice';

const BATCH = 500;

/**
 * The catch-up half of the "gate met" mail: every Lotse who meets all three Q2 prerequisites but was
 * never told (a change that no listener saw, e.g. a verification while the mailer failed). Checks the
 * gate in batches with a fixed number of queries each; `notifyIfGateMet` tells each person once, also
 * when two processes run this at the same time. Returns how many were told now.
 */
export async function sendDueGateNotices(deps: NoticeDeps): Promise<number> {
  const told = (await GateNotice.findAll({ attributes: ['userId'] })).map((n) => n.userId);
  const lotsen = await User.findAll({
    where: { role: 'lotse', active: true, ...(told.length ? { id: { [Op.notIn]: told } } : {}) },
    attributes: ['id'],
    order: [['id', 'ASC']],
  });
  let sent = 0;
  for (let i = 0; i < lotsen.length; i += BATCH) {
    const ids = lotsen.slice(i, i + BATCH).map((u) => u.id);
    const records = await getGateRecords(ids);
    for (const id of ids) {
      if (checkQ2Gate(records.get(id)!).ok && (await notifyIfGateMet(deps, id))) sent++;
    }
  }
  return sent;
}
