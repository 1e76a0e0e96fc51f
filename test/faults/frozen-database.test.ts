/**
 * A frozen database (issue #15): the test's own mariadbd gets SIGSTOP for 15 s while 40 simulated
 * learners commit through the load balancer over two app processes, then SIGCONT. A stopped server
 * still accepts TCP connections but never answers, so only the app's own timeouts end the waits
 * (DB_CONNECT_TIMEOUT_SECONDS, DB_ACQUIRE_TIMEOUT_SECONDS, DB_QUERY_TIMEOUT_SECONDS; docs/operations.md):
 * - no request hangs: every commit and /healthz during the freeze is answered within seconds (503);
 * - the learners keep their unacknowledged commits and send them again, as the player's queue does;
 * - after SIGCONT every acknowledged commit is stored, none twice, and the processes recover without a
 *   restart: every later request succeeds (no pooled connection still waits for an answer of the freeze).
 */
import http from 'node:http';
import { startStack, type Stack } from './helpers/stack';
import { makeLearners, postCommit, countStored, type SimLearner } from './helpers/learners';
import { getStatus } from './helpers/app-process';
import { addToTally } from './helpers/tally';
import { sleep } from './helpers/mariadb';

const FREEZE_MS = 15_000;
let stack: Stack;
let learners: SimLearner[];

beforeAll(async () => {
  stack = await startStack('frozen', 2, {
    DB_CONNECT_TIMEOUT_SECONDS: '2',
    DB_ACQUIRE_TIMEOUT_SECONDS: '3',
    DB_QUERY_TIMEOUT_SECONDS: '3',
  });
  learners = await makeLearners(stack.ctx, 40, 'frozen');
  await stack.closeSetup();
}, 240_000);
afterAll(async () => {
  await stack?.close();
});

/** /healthz of a URL with how long the answer took (status 0: no answer within the client's 20 s). */
async function timedHealth(url: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const status = await getStatus(`${url}/healthz`, 20_000);
  return { status, ms: Date.now() - started };
}

describe('when the database freezes (SIGSTOP) under load', () => {
  it('then requests end in seconds, health says 503, and after SIGCONT every acknowledged commit is stored once and the processes work on', async () => {
    const pid = stack.db.pid!;
    expect(pid).toBeGreaterThan(0);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
    const hardStop = Date.now() + 50_000;
    let frozenAt = 0;
    let thawedAt = 0;
    const duringFreeze: { ms: number; ok: boolean }[] = [];
    const ackedAfterThaw = new Set<number>();
    const health: { status: number; ms: number }[] = [];

    const freezer = (async () => {
      const warmBy = Date.now() + 20_000;
      while (Date.now() < warmBy && learners.some((l) => l.acked.length < 2)) await sleep(100);
      process.kill(pid, 'SIGSTOP');
      frozenAt = Date.now();
      try {
        await sleep(1_000);
        health.push(...(await Promise.all(stack.apps.map((a) => timedHealth(a.url)))));
        health.push(await timedHealth(stack.appProxy.url));
        await sleep(Math.max(0, FREEZE_MS - (Date.now() - frozenAt)));
      } finally {
        process.kill(pid, 'SIGCONT');
        thawedAt = Date.now();
      }
    })();

    const done = (l: SimLearner) =>
      Date.now() >= hardStop || (thawedAt > 0 && Date.now() > thawedAt + 4_000 && ackedAfterThaw.has(l.index));
    await Promise.all(
      learners.map(async (l) => {
        let seq = 0;
        await sleep(l.index * 20);
        while (!done(l)) {
          seq += 1;
          // Like the player: an unacknowledged commit is kept and sent again (same sequence) until it is.
          while (!done(l)) {
            const started = Date.now();
            const frozen = frozenAt > 0 && thawedAt === 0;
            const ok = await postCommit(agent, stack.appProxy.url, l, seq);
            if (frozen) duringFreeze.push({ ms: Date.now() - started, ok });
            if (ok) {
              l.acked.push(seq);
              if (thawedAt > 0 && started > thawedAt) ackedAfterThaw.add(l.index);
              break;
            }
            await sleep(500);
          }
          await sleep(200);
        }
      }),
    );
    await freezer;

    // Health during the freeze: 503 within a few seconds, from each process and through the balancer.
    expect(health.map((h) => h.status)).toEqual([503, 503, 503]);
    for (const h of health) expect(h.ms).toBeLessThan(5_000);
    // No commit request hung: each was answered (or refused) well within the freeze.
    const slowest = Math.max(...duringFreeze.map((d) => d.ms));
    expect(duringFreeze.length).toBeGreaterThan(20);
    expect(slowest).toBeLessThan(10_000);
    const refusedStatuses = stack.appProxy.commits.filter((c) => c.status >= 500).map((c) => c.status);
    expect(refusedStatuses.length).toBeGreaterThan(0);
    expect(new Set(refusedStatuses)).toEqual(new Set([503]));

    // Recovery without a restart: both processes are the same ones, healthy, and every learner had a
    // commit acknowledged after the thaw.
    for (const a of stack.apps) expect({ app: a.name, exit: a.child.exitCode }).toEqual({ app: a.name, exit: null });
    for (const a of stack.apps) expect(await getStatus(`${a.url}/healthz`, 5_000)).toBe(200);
    expect(ackedAfterThaw.size).toBe(learners.length);
    // No poisoned pool connection: a burst of commits after recovery all succeed on both processes.
    const burst = await Promise.all(
      learners.flatMap((l) =>
        stack.apps.map(async (a, i) => {
          const seq = 1_000 + i; // newer than anything sent before
          const ok = await postCommit(agent, a.url, l, seq);
          if (ok) l.acked.push(seq);
          return ok;
        }),
      ),
    );
    agent.destroy();
    expect(burst.filter((ok) => !ok)).toHaveLength(0);

    const rows = await stack.rows<{ attempt_id: number; seq: number; location: string | null }>(
      `SELECT attempt_id, seq, location FROM sco_attempts WHERE attempt_id IN (${learners.map(() => '?').join(',')})`,
      learners.map((l) => l.attemptId),
    );
    expect(rows).toHaveLength(learners.length); // one row per attempt: nothing doubled
    const counts = countStored(learners, rows);
    addToTally(counts);
    console.log(
      `frozen database: ${duringFreeze.length} commits during the freeze (slowest answer ${slowest} ms, ${refusedStatuses.length} refused with 503), health ${JSON.stringify(health)}; acknowledged=${counts.acknowledged} stored=${counts.stored}`,
    );
    expect(counts.inconsistent).toBe(0);
    expect(counts.stored).toBe(counts.acknowledged);
  }, 120_000);
});
