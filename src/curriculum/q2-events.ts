/**
 * `onQ2Completed`: other components (certificates) learn when a Lotse's Q2 becomes completed.
 * Listeners are registered at boot by code, so every app process has the same ones; they run after
 * the completing transaction has committed, and one failing listener does not stop the others.
 */
export interface Q2CompletedEvent { userId: number; cohortId: number; completedAt: Date; byAdmin: boolean }
type Listener = (event: Q2CompletedEvent) => Promise<void> | void;

const listeners: Listener[] = [];

export function onQ2Completed(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

export async function emitQ2Completed(events: Q2CompletedEvent[], logError: (err: unknown) => void = () => {}): Promise<void> {
  for (const event of events) {
    for (const listener of [...listeners]) {
      try {
        await listener(event);
      } catch (err) {
        logError(err);
      }
    }
  }
}
