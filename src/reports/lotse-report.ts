import { Q1_MODULES } from '../shared/q1-modules';
import { NotFoundError } from '../shared/errors';
import type { ReportDb } from './db-values';
import { lotseRecords, visibleLotse, type AttemptRow, type AuditRow, type LotseHead } from './lotse-repository';
import { gateColumns, type GateColumns } from './gate-columns';
import {
  parseCmi,
  readInteractions,
  readObjectives,
  readSharedJournal,
  type InteractionView,
  type JournalEntryView,
  type ObjectiveView,
} from './cmi-read';
import type { CellStatus } from './report-filter';
import type { Viewer } from './report-scope';

/** One Lotse in depth: per module, per attempt, per SCO, with the knowledge check and the audit trail. */
export interface ScoReport {
  scoId: number;
  title: string;
  identifier: string;
  completion: string;
  success: string;
  scoreScaled: number | null;
  scoreRaw: number | null;
  totalTimeCs: number;
  sessions: number;
  location: string | null;
  firstLaunchAt: Date | null;
  lastLaunchAt: Date | null;
  lastCommitAt: Date | null;
  interactions: InteractionView[];
  objectives: ObjectiveView[];
  /** journal entries the Lotse shared with the Reflecting Team (issue 17) */
  journal: JournalEntryView[];
}
export interface AttemptReport extends AttemptRow {
  scos: ScoReport[];
}
export interface ModuleReport {
  packageId: number;
  key: string | null;
  title: string;
  status: CellStatus;
  completion: { passed: boolean | null; scoreScaled: number | null; completedAt: Date | null } | null;
  attempts: AttemptReport[];
}
export interface LotseReport {
  lotse: LotseHead;
  gate: GateColumns | null;
  modules: ModuleReport[];
  audit: AuditRow[];
}

/** Same cell rule as the matrix (matrix-sql.ts): an earned completion wins, then the newest credit attempt. */
function moduleStatus(completion: ModuleReport['completion'], newest: AttemptRow | undefined): CellStatus {
  if (completion) return completion.passed === true ? 'passed' : completion.passed === false ? 'failed' : 'completed';
  if (!newest) return 'not_started';
  return newest.success === 'failed' ? 'failed' : 'in_progress';
}

export async function loadLotseReport(rdb: ReportDb, viewer: Viewer, userId: number): Promise<LotseReport> {
  const lotse = Number.isSafeInteger(userId) && userId > 0 ? await visibleLotse(rdb, viewer, userId) : null;
  // Someone the viewer may not see looks exactly like someone who does not exist: nothing leaks.
  if (!lotse) throw new NotFoundError('reports.error.lotse_not_found', 'LOTSE_NOT_FOUND');
  const [records, gates] = await Promise.all([lotseRecords(rdb, userId), gateColumns([userId])]);
  const rank = (key: string | null) => {
    const i = Q1_MODULES.findIndex((m) => m.key === key);
    return i < 0 ? Q1_MODULES.length : i;
  };
  const modules = records.packages
    .sort((a, b) => rank(a.moduleKey) - rank(b.moduleKey) || a.title.localeCompare(b.title, 'de'))
    .map((p): ModuleReport => {
      const c = records.completions.find((x) => x.packageId === p.id);
      const completion = c ? { passed: c.passed, scoreScaled: c.scoreScaled, completedAt: c.completedAt } : null;
      const attempts = records.attempts
        .filter((a) => a.packageId === p.id)
        .map((a): AttemptReport => ({
          ...a,
          scos: records.scos
            .filter((s) => s.attemptId === a.id)
            .map(({ cmiJson, attemptId: _a, position: _p, ...s }) => {
              const cmi = parseCmi(cmiJson);
              return {
                ...s,
                interactions: readInteractions(cmi),
                objectives: readObjectives(cmi),
                journal: readSharedJournal(cmi),
              };
            }),
        }));
      const newestCredit = attempts.find((a) => a.credit === 'credit');
      return {
        packageId: p.id,
        key: p.moduleKey,
        title: Q1_MODULES.find((m) => m.key === p.moduleKey)?.title ?? p.title,
        status: moduleStatus(completion, newestCredit),
        completion,
        attempts,
      };
    });
  return { lotse, gate: gates.get(userId) ?? null, modules, audit: records.audit };
}
