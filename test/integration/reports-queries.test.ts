import type request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { loginAs, makeUser } from '../helpers/users';
import { checkCmi, complete, daysAgo, q1Setup, seedAttempt, type Q1Package } from './reports-fixtures';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let pkgs: Q1Package[];
let agent: Agent;
let sampleId = 0;

/** Lotsen with attempts in every module, a knowledge check each and one completion. */
async function addLotsen(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const u = await makeUser('lotse', { region: i % 2 ? 'saarland' : 'rhein-ruhr' });
    sampleId = u.id;
    for (const p of pkgs)
      await seedAttempt(u.id, p, {
        timeCs: 1000 * i,
        lastActivityAt: daysAgo(i),
        checkCmi: checkCmi([
          { id: 'f1', description: 'Frage', response: 'a', result: i % 3 ? 'correct' : 'incorrect' },
        ]),
      });
    await complete(u.id, pkgs[0], true, 0.9);
  }
}

/** Runs the request and counts the SQL statements it sent (sequelize's logging hook sees every one). */
async function queriesOf(run: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const options = (t.ctx.sequelize as unknown as { options: { logging?: unknown } }).options;
  const before = options.logging;
  options.logging = () => {
    count++;
  };
  try {
    await run();
  } finally {
    options.logging = before;
  }
  return count;
}

const URLS = () => [
  '/reports',
  '/reports?sort=activity&dir=desc&status=in_progress',
  '/api/v1/reports/matrix',
  `/reports/lotsen/${sampleId}`,
  '/reports/modules/technik',
  '/reports/export/matrix.csv',
  '/reports/export/interactions.csv',
];

beforeAll(async () => {
  t = await createTestApp();
  pkgs = await q1Setup();
  const admin = await makeUser('admin');
  agent = await loginAs(t.app, admin);
});
afterAll(() => t.close());

it('when ten times as many Lotsen are stored, then every report page sends the same number of queries', async () => {
  await addLotsen(3);
  for (const url of URLS()) await agent.get(url).expect(200); // warm-up: session and catalogue caches
  const few: Record<string, number> = {};
  for (const url of URLS())
    few[url.replace(String(sampleId), ':id')] = await queriesOf(() => agent.get(url).expect(200));
  await addLotsen(27);
  // Warm up again: seeding can take over a minute under load, and the session store's once-a-minute
  // expiry touch would otherwise land in the first counted request.
  for (const url of URLS()) await agent.get(url).expect(200);
  const many: Record<string, number> = {};
  for (const url of URLS())
    many[url.replace(String(sampleId), ':id')] = await queriesOf(() => agent.get(url).expect(200));
  expect(many).toEqual(few);
  // And the count is small: the dashboard: page ids, matrix rows, counts, two charts, cohorts, gate and Q2 reads, session.
  expect(few['/reports']).toBeLessThanOrEqual(20);
  expect(few['/reports']).toBeGreaterThan(2);
}, 120_000);
