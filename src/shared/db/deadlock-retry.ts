/**
 * MariaDB/InnoDB may pick a transaction as the victim of a deadlock (ER_LOCK_DEADLOCK, 1213) and roll
 * it back — seen under many concurrent commits between the commit's row lock and the outbox INSERT's
 * gap lock. The rolled-back transaction changed nothing, so running it again is safe and is what the
 * server manual advises; answering the learner with a 500 is not.
 */
const DEADLOCK = 1213;
const LOCK_WAIT_TIMEOUT = 1205;

export function isDeadlockOrLockWait(err: unknown): boolean {
  const e = err as { parent?: { errno?: number }; original?: { errno?: number }; errno?: number };
  const errno = e?.parent?.errno ?? e?.original?.errno ?? e?.errno;
  return errno === DEADLOCK || errno === LOCK_WAIT_TIMEOUT;
}

export async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !isDeadlockOrLockWait(err)) throw err;
      // A short, growing, jittered pause so the two transactions do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 * i + Math.random() * 10 * i));
    }
  }
}
