/**
 * `onQ2Completed`: other components (certificates) learn when a Lotse's Q2 becomes completed, after
 * the completing transaction has committed (see src/shared/events.ts).
 */
import { createEvent } from '../shared/events';

export interface Q2CompletedEvent {
  userId: number;
  cohortId: number;
  completedAt: Date;
  byAdmin: boolean;
}

const q2Completed = createEvent<[Q2CompletedEvent]>();

export const onQ2Completed = q2Completed.on;

export async function emitQ2Completed(
  events: Q2CompletedEvent[],
  logError: (err: unknown) => void = () => {},
): Promise<void> {
  for (const event of events) await q2Completed.emit([event], logError);
}
