import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm } from '../helpers/users';
import { outboxRow } from '../helpers/outbox';
import { createOutbox, enqueue } from '../../src/outbox';
import { AuditEntry } from '../../src/shared/audit';
import { createLogger } from '../../src/shared/logger';

let t: TestApp;
beforeAll(async () => {
  // No back-off between tries here, so a failing handler reaches its last try within the test.
  t = await createTestApp({ OUTBOX_RETRY_SECONDS: '0', OUTBOX_MAX_ATTEMPTS: '3' });
});
afterAll(async () => t?.close());

const settings = { maxAttempts: 3, retrySeconds: 0, pollSeconds: 60, claimSeconds: 60 };
const quietLogger = createLogger('silent');
let n = 0;
const uniqueType = () => `test.kind_${process.pid}_${++n}`;

describe('the outbox', () => {
  it('when the enqueuing transaction rolls back, then no message exists; when it commits, then the handler runs once', async () => {
    const type = uniqueType();
    const seen: unknown[] = [];
    t.ctx.services.outbox.register<{ n: number }>(type, async (p) => {
      seen.push(p);
    });
    await expect(
      t.ctx.sequelize.transaction(async (tx) => {
        await enqueue(tx, type, { n: 1 }, { dedupeKey: `${type}:1` });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await outboxRow(t.ctx.sequelize, `${type}:1`)).toBeUndefined();

    await t.ctx.sequelize.transaction((tx) => enqueue(tx, type, { n: 2 }, { dedupeKey: `${type}:2` }));
    // A second enqueue with the same key adds nothing.
    await t.ctx.sequelize.transaction((tx) => enqueue(tx, type, { n: 2 }, { dedupeKey: `${type}:2` }));
    await t.ctx.services.outbox.drain();
    expect(seen).toEqual([{ n: 2 }]);
    expect(await outboxRow(t.ctx.sequelize, `${type}:2`)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('when a handler keeps failing, then it is tried again and dead after the last try; an admin sees the error and sends it again (CSRF, audit)', async () => {
    const type = uniqueType();
    let failing = true;
    let runs = 0;
    t.ctx.services.outbox.register(type, async () => {
      runs++;
      if (failing) throw new Error('Mailserver antwortet nicht');
    });
    await t.ctx.sequelize.transaction((tx) => enqueue(tx, type, { userId: 7 }, { dedupeKey: `${type}:x` }));
    await t.ctx.services.outbox.drain();
    expect(runs).toBe(3);
    const dead = (await outboxRow(t.ctx.sequelize, `${type}:x`))!;
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead.last_error).toContain('Mailserver antwortet nicht');

    const admin = await makeUser('admin');
    const agent = await loginAs(t.app, admin);
    const page = await agent.get('/admin/outbox').expect(200);
    expect(page.text).toContain('Hintergrundaufträge');
    expect(page.text).toContain('Aufgegeben');
    expect(page.text).toContain('Mailserver antwortet nicht');
    // Without the CSRF token the retry is refused.
    await agent.post(`/admin/outbox/${dead.id}/retry`).type('form').send({}).expect(403);
    failing = false;
    await submitForm(agent, '/admin/outbox', `/admin/outbox/${dead.id}/retry`, {}, 303);
    expect(await AuditEntry.count({ where: { action: 'outbox.retried', subjectId: String(dead.id) } })).toBe(1);
    await t.ctx.services.outbox.drain();
    expect(await outboxRow(t.ctx.sequelize, `${type}:x`)).toMatchObject({ status: 'done', attempts: 1 });
    expect(runs).toBe(4);
    // A done message cannot be sent again: a clear message, no 500.
    const again = await submitForm(agent, '/admin/outbox', `/admin/outbox/${dead.id}/retry`, {}, 303);
    expect(again.headers.location).toBe('/admin/outbox');
  });

  it('when a Lotse or a stranger asks for the outbox page, then they are refused', async () => {
    const lotse = await loginAs(t.app, await makeUser('lotse'));
    await lotse.get('/admin/outbox').expect(403);
    await submitForm(lotse, '/', '/admin/outbox/1/retry', {}, 403);
  });

  it('when two workers work off the same messages at once, then each message is handled exactly once', async () => {
    const type = uniqueType();
    const handled: number[] = [];
    const workers = [0, 1].map(() => {
      const w = createOutbox({ sequelize: t.ctx.sequelize, logger: quietLogger, settings });
      w.register<{ i: number }>(type, async (p) => {
        handled.push(p.i);
        await new Promise((r) => setTimeout(r, 2));
      });
      return w;
    });
    await t.ctx.sequelize.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) await enqueue(tx, type, { i });
    });
    await Promise.all(workers.map((w) => w.drain()));
    await Promise.all(workers.map((w) => w.stop()));
    expect(handled.sort((a, b) => a - b)).toEqual([...Array(60).keys()]);
  });

  it('when a process died while it held a message, then another worker takes it once the claim expired', async () => {
    const type = uniqueType();
    const seen: number[] = [];
    const worker = createOutbox({ sequelize: t.ctx.sequelize, logger: quietLogger, settings });
    worker.register<{ i: number }>(type, async (p) => {
      seen.push(p.i);
    });
    await t.ctx.sequelize.transaction((tx) => enqueue(tx, type, { i: 1 }, { dedupeKey: `${type}:dead-holder` }));
    // What a killed process leaves behind: the row running under its claim, expired a moment ago.
    await t.ctx.sequelize.query(
      `UPDATE outbox SET status = 'running', attempts = 1, locked_by = 'gone:1', locked_until = ? WHERE dedupe_key = ?`,
      { replacements: [Date.now() - 1000, `${type}:dead-holder`], type: QueryTypes.UPDATE },
    );
    await worker.drain();
    await worker.stop();
    expect(seen).toEqual([1]);
    expect(await outboxRow(t.ctx.sequelize, `${type}:dead-holder`)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('when a message waits, then the stats count it and give the age of the oldest', async () => {
    const type = uniqueType();
    await t.ctx.sequelize.transaction((tx) => enqueue(tx, type, {}, { delayMs: 60_000 }));
    await t.ctx.sequelize.query(`UPDATE outbox SET created_at = ? WHERE type = ?`, {
      replacements: [Date.now() - 90_000, type],
    });
    const stats = await t.ctx.services.outbox.stats();
    expect(stats.pending).toBeGreaterThanOrEqual(1);
    expect(stats.oldestAgeSeconds).toBeGreaterThanOrEqual(89);
  });
});
