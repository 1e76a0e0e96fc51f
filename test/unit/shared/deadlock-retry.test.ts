import { retryOnDeadlock } from '../../../src/shared/db/deadlock-retry';

/** Sequelize wraps the driver's error: the errno sits on `parent` (and `original`). */
const dbError = (errno: number) => Object.assign(new Error(`db ${errno}`), { parent: { errno }, original: { errno } });

describe('retryOnDeadlock', () => {
  it('when the transaction is chosen as a deadlock victim, then it runs again and its result comes back', async () => {
    let runs = 0;
    const result = await retryOnDeadlock(async () => {
      runs += 1;
      if (runs < 3) throw dbError(1213);
      return 'stored';
    });
    expect(result).toBe('stored');
    expect(runs).toBe(3);
  });

  it('when the error is anything else, then it is thrown at once without a second run', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs += 1;
        throw dbError(1062); // duplicate key: running again would not help
      }),
    ).rejects.toThrow('db 1062');
    expect(runs).toBe(1);
  });

  it('when every run deadlocks, then it gives up after the given number of runs and throws the last error', async () => {
    let runs = 0;
    await expect(
      retryOnDeadlock(async () => {
        runs += 1;
        throw dbError(1213);
      }, 3),
    ).rejects.toThrow('db 1213');
    expect(runs).toBe(3);
  });
});
