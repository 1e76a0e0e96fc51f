/**
 * App processes that die or are stopped under load (issue #15), on the test's own MariaDB:
 * - SIGKILL of one of two processes while 100 simulated learners commit through the load balancer:
 *   every acknowledged commit is stored;
 * - SIGTERM lets requests in flight finish (a slow upload completes and is stored), refuses new
 *   connections, and the process exits 0.
 * SIGKILL during an import is covered by test/integration/packages-crash-safety.test.ts (a killed CLI
 * import leaves no package; the next start removes its leftovers), which runs on both databases.
 */
import http from 'node:http';
import net from 'node:net';
import { startStack, type Stack } from './helpers/stack';
import { makeLearners, postCommit, commitPath, commitBody, countStored, type SimLearner } from './helpers/learners';
import { addToTally } from './helpers/tally';
import { sleep } from './helpers/mariadb';

let stack: Stack;
let learners: SimLearner[];

beforeAll(async () => {
  stack = await startStack('processes', 2);
  learners = await makeLearners(stack.ctx, 105, 'proc');
  await stack.closeSetup();
}, 240_000);
afterAll(async () => {
  await stack?.close();
});

const scoRows = (ids: number[]) =>
  stack.rows<{ attempt_id: number; seq: number; location: string | null }>(
    `SELECT attempt_id, seq, location FROM sco_attempts WHERE attempt_id IN (${ids.map(() => '?').join(',')})`,
    ids,
  );

describe('when an app process dies or is stopped', () => {
  it('when one of two processes is SIGKILLed while 100 learners commit, then every acknowledged commit is stored', async () => {
    const crowd = learners.slice(0, 100);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const [victim] = stack.apps;
    // The kill comes once 90 % of the learners have had a commit acknowledged (both processes warm; at
    // most 30 s) and 1.5 s
    // more of load. Each learner goes on until it has had a commit acknowledged after the kill and 5 s
    // have passed since. Bounded: at most 90 s in all.
    const hardStop = Date.now() + 90_000;
    let killedAt = 0;
    const ackedAfterKill = new Set<number>();
    const killer = (async () => {
      const warmBy = Date.now() + 30_000;
      while (Date.now() < warmBy && crowd.filter((l) => l.acked.length > 0).length < crowd.length * 0.9)
        await sleep(100);
      await sleep(1_500);
      victim.child.kill('SIGKILL');
      killedAt = Date.now();
    })();
    const done = (l: SimLearner) =>
      Date.now() >= hardStop || (killedAt > 0 && Date.now() > killedAt + 5_000 && ackedAfterKill.has(l.index));
    await Promise.all(
      crowd.map(async (l) => {
        let seq = 0;
        await sleep(l.index * 10); // spread the starts
        while (!done(l)) {
          seq += 1;
          // Like the player: an unacknowledged commit is sent again (same sequence) until it is.
          while (!done(l)) {
            const sentAfterKill = killedAt > 0;
            if (await postCommit(agent, stack.appProxy.url, l, seq)) {
              l.acked.push(seq);
              if (sentAfterKill) ackedAfterKill.add(l.index);
              break;
            }
            await sleep(200);
          }
          await sleep(100);
        }
      }),
    );
    await killer;
    agent.destroy();
    expect(await victim.exited).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    const servedByVictim = stack.appProxy.served.get(victim.url) ?? 0;
    const servedBySurvivor = stack.appProxy.served.get(stack.apps[1].url) ?? 0;
    expect(servedByVictim).toBeGreaterThan(10); // it really took part before it died
    expect(servedBySurvivor).toBeGreaterThan(servedByVictim);

    const counts = countStored(crowd, await scoRows(crowd.map((l) => l.attemptId)));
    addToTally(counts);
    const statuses: Record<number, number> = {};
    for (const c of stack.appProxy.commits) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
    console.log(
      `SIGKILL under load: acknowledged=${counts.acknowledged} stored=${counts.stored} (victim answered ${servedByVictim}, survivor ${servedBySurvivor}; answers by status ${JSON.stringify(statuses)}; learners acknowledged after the kill ${ackedAfterKill.size})`,
    );
    expect(counts.acknowledged).toBeGreaterThan(200);
    expect(counts.inconsistent).toBe(0);
    expect(counts.stored).toBe(counts.acknowledged);
    // the learners went on after the kill: commits acknowledged by the survivor (all of them, unless
    // the machine is so loaded that some ran into the 90 s bound)
    expect(ackedAfterKill.size).toBeGreaterThanOrEqual(crowd.length * 0.9);
  }, 120_000);

  it('when a process gets SIGTERM with slow uploads in flight, then they complete and are stored, new connections are refused and it exits 0', async () => {
    const app = stack.apps[1];
    const slow = learners.slice(100, 105);
    // Each upload sends half its body, waits, and sends the rest after the SIGTERM.
    const uploads = slow.map((l) => {
      const body = commitBody(1);
      const half = Math.floor(body.length / 2);
      let resolveHalf!: () => void;
      const halfSent = new Promise<void>((r) => (resolveHalf = r));
      let finish!: () => void;
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: app.port,
            method: 'POST',
            path: commitPath(l),
            agent: false,
            headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, half), () => resolveHalf());
        finish = () => req.end(body.slice(half));
      });
      return { l, halfSent, answer, finish: () => finish() };
    });
    await Promise.all(uploads.map((u) => u.halfSent));
    await sleep(300); // the server has the requests and is waiting for the rest of the bodies
    app.child.kill('SIGTERM');
    await sleep(500);
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: app.port });
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(app.child.exitCode).toBeNull(); // still draining
    for (const u of uploads) u.finish();
    const answers = await Promise.all(uploads.map((u) => u.answer));
    for (const a of answers)
      expect({ status: a.status, result: JSON.parse(a.text).result }).toEqual({ status: 200, result: true });
    for (const u of uploads) u.l.acked.push(1);
    expect(await app.exited).toBe(0);
    const counts = countStored(slow, await scoRows(slow.map((l) => l.attemptId)));
    addToTally(counts);
    expect(counts).toEqual({ acknowledged: 5, stored: 5, inconsistent: 0 });
  }, 60_000);
});
