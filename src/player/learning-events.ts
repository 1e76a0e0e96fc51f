/**
 * Learning events for an outside record store (xAPI, src/xapi): a SCO launched, interactions
 * answered, an attempt completed or passed. The composition root hands the player an implementation
 * (or none: then nothing is recorded and the commit pays nothing); the player calls it inside the
 * transaction of the launch, commit or sequencing save, so a recorder that writes outbox messages
 * writes them exactly when the change is committed. Only credited attempts are reported (staff
 * previews and review launches are not learning).
 */
import type { Transaction } from 'sequelize';
import type { AnsweredInteraction } from '../scorm';

export interface LearnerActivity {
  userId: number;
  packageId: number;
  attemptId: number;
}

export interface LaunchedEvent extends LearnerActivity {
  /** The tracking row (attempt × SCO). */
  scoAttemptId: number;
  scoIdentifier: string;
  scoTitle: string;
  /** The SCO's session_count after this launch (1, 2, …): one event per launch. */
  launch: number;
  at: Date;
}

export interface AnsweredEvent extends LearnerActivity {
  scoIdentifier: string;
  scoTitle: string;
  /** The tracking row (attempt × SCO): with the interaction's index it names one answer. */
  scoAttemptId: number;
  /** Every answered interaction of the commit; the recorder keeps each one once. */
  interactions: AnsweredInteraction[];
  at: Date;
}

export interface ResultEvent extends LearnerActivity {
  scoreScaled: number | null;
  at: Date;
}

export interface LearningEvents {
  launched(transaction: Transaction, e: LaunchedEvent): Promise<void>;
  answered(transaction: Transaction, e: AnsweredEvent): Promise<void>;
  completed(transaction: Transaction, e: ResultEvent): Promise<void>;
  passed(transaction: Transaction, e: ResultEvent): Promise<void>;
}

/** Reports an attempt's step to completed and to passed (each once: only on the change). */
export async function reportResultChange(
  events: LearningEvents | null,
  transaction: Transaction,
  e: ResultEvent & { credit: string },
  before: { completion: string; success: string },
  after: { completion: string; success: string },
): Promise<void> {
  if (!events || e.credit === 'no-credit') return;
  const { credit: _credit, ...event } = e;
  if (after.completion === 'completed' && before.completion !== 'completed') await events.completed(transaction, event);
  if (after.success === 'passed' && before.success !== 'passed') await events.passed(transaction, event);
}
