/**
 * An in-process event for "something was committed": listeners are registered at boot by code, so every
 * app process has the same ones; `emit` runs them one after another after the caller's transaction has
 * committed, and a failing listener is reported to `onError` without stopping the others.
 */
export interface AppEvent<Args extends unknown[]> {
  /** Returns a function that removes the listener again (tests). */
  on(listener: (...args: Args) => Promise<void> | void): () => void;
  emit(args: Args, onError?: (err: unknown) => void): Promise<void>;
}

export function createEvent<Args extends unknown[]>(): AppEvent<Args> {
  const listeners: ((...args: Args) => Promise<void> | void)[] = [];
  return {
    on(listener) {
      listeners.push(listener);
      return () => {
        const i = listeners.indexOf(listener);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
    async emit(args, onError = () => {}) {
      for (const listener of [...listeners]) {
        try {
          await listener(...args);
        } catch (err) {
          onError(err);
        }
      }
    },
  };
}
