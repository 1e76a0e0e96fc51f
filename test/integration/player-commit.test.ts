import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { Attempt, ScoAttempt } from '../../src/player/tracking-models';
import type { CommitSqlTx } from '../../src/player/commit-sql';
import { commitWrites } from '../../src/player/commit-store';
import {
  importSample,
  openPlayer,
  launchSco,
  commit,
  body12,
  body2004,
  type Agent,
  type PlayerData,
} from './player-helpers';

let t: TestApp;
let pkg12: number;
let pkg2004: number;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await makeUser('admin');
  pkg12 = (await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id)).id;
  pkg2004 = (await importSample(t, 'scorm2004/RuntimeBasicCalls_SCORM20043rdEdition', admin.id)).id;
}, 60_000);
afterAll(() => t?.close());

async function learnerOn(
  packageId: number,
): Promise<{ agent: Agent; data: PlayerData; scoId: number; launch: number }> {
  const user = await makeUser('lotse', { firstName: 'Greta', lastName: 'Golf' });
  const agent = await loginAs(t.app, user);
  const data = await openPlayer(agent, packageId);
  const scoId = data.startScoId;
  const { launch } = await launchSco(agent, data, scoId);
  return { agent, data, scoId, launch };
}

const row = (data: PlayerData, scoId: number) =>
  ScoAttempt.findOne({ where: { attemptId: data.attemptId, scoId } }).then((r) => r!);

describe('the commit route', () => {
  it('when a 1.2 SCO commits JSON, then location, status, score and the CMI are stored', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    const res = await commit(
      agent,
      data,
      scoId,
      launch,
      body12(
        1,
        { lesson_location: '7', lesson_status: 'passed', score: { raw: '85', min: '0', max: '100' } },
        { suspend_data: 'page=7' },
      ),
    ).expect(200);
    expect(res.body).toMatchObject({
      result: true,
      errorCode: 0,
      sco: { completion: 'completed', success: 'passed' },
      attempt: { completion: 'completed', progress: 1 },
    });
    const r = await row(data, scoId);
    expect(r.location).toBe('7');
    expect(r.completionStatus).toBe('completed');
    expect(r.successStatus).toBe('passed');
    expect(r.scoreRaw).toBe(85);
    expect(JSON.parse(r.cmiJson!).suspend_data).toBe('page=7');
    expect(r.seq).toBe(launch * 1_000_000 + 1);
  });

  it('when the final commit arrives as a text/plain beacon, then it is stored like JSON', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    const res = await commit(
      agent,
      data,
      scoId,
      launch,
      body12(1, { lesson_location: '3', exit: 'suspend' }),
      'text/plain;charset=UTF-8',
    ).expect(200);
    expect(res.body).toEqual({
      result: true,
      errorCode: 0,
      sco: { id: scoId, completion: 'incomplete', success: 'unknown' },
      attempt: { completion: 'incomplete', success: 'unknown', progress: 0, scoreScaled: null },
      // MariaDB: the optimistic commit's signed basis for the next commit (commit-basis.ts).
      ...(t.ctx.sequelize.getDialect() !== 'sqlite' ? { basis: expect.any(String) } : {}),
    });
    const r = await row(data, scoId);
    expect(r.location).toBe('3');
    expect(r.exitMode).toBe('suspend');
  });

  it('when a commit arrives late or twice, then it does not overwrite newer data', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(2, { lesson_location: '5' })).expect(200);
    const late = await commit(agent, data, scoId, launch, body12(1, { lesson_location: '1' })).expect(200);
    expect(late.body).toEqual({ result: true, errorCode: 0, stale: true });
    const replay = await commit(agent, data, scoId, launch, body12(2, { lesson_location: '2' })).expect(200);
    expect(replay.body.stale).toBe(true);
    let r = await row(data, scoId);
    expect(r.location).toBe('5');
    expect(r.staleCommits).toBe(2);

    // A second launch restarts the page's counter at 1, yet its commits are newer than launch 1's
    // — and a late commit of launch 1 arriving afterwards is stale.
    const second = await launchSco(agent, data, scoId);
    expect(second.launch).toBe(launch + 1);
    await commit(agent, data, scoId, second.launch, body12(1, { lesson_location: '9' })).expect(200);
    const old = await commit(agent, data, scoId, launch, body12(3, { lesson_location: '6' })).expect(200);
    expect(old.body.stale).toBe(true);
    r = await row(data, scoId);
    expect(r.location).toBe('9');
  });

  it('when the body is not JSON, then the answer is 400 and nothing changes', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(1, { lesson_location: '4' })).expect(200);
    const before = await row(data, scoId);
    for (const [bad, type] of [
      ['cmi.core.lesson_location=8', 'text/plain'],
      ['{"cmi": {"core": ', 'application/json'],
      ['"just a string"', 'application/json'],
    ]) {
      const res = await commit(agent, data, scoId, launch, bad, type).expect(400);
      expect(res.body).toMatchObject({ result: false, errorCode: 101, code: 'COMMIT_BODY_NOT_JSON' });
    }
    const after = await row(data, scoId);
    expect(after.seq).toBe(before.seq);
    expect(after.cmiJson).toBe(before.cmiJson);
    expect(after.location).toBe('4');
  });

  it('when element values break the 1.2 data model, then the commit is refused with 405 and the stored values stay', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(
      agent,
      data,
      scoId,
      launch,
      body12(1, { lesson_location: '1', lesson_status: 'passed', score: { raw: '90', min: '0', max: '100' } }),
    ).expect(200);
    const res = await commit(
      agent,
      data,
      scoId,
      launch,
      body12(2, { lesson_location: '2', lesson_status: 'great', score: { raw: 'lots', min: '0', max: '100' } }),
    ).expect(400);
    expect(res.body).toMatchObject({ result: false, errorCode: 405, code: 'CMI_INVALID' });
    const codes = Object.fromEntries(
      res.body.problems.map((p: { element: string; errorCode: number }) => [p.element, p.errorCode]),
    );
    expect(codes).toEqual({ 'cmi.core.lesson_status': 405, 'cmi.core.score.raw': 405 });
    const r = await row(data, scoId);
    expect([r.location, r.completionStatus, r.successStatus, r.scoreRaw]).toEqual(['1', 'completed', 'passed', 90]);
    expect(JSON.parse(r.cmiJson!).core.lesson_status).toBe('passed');
  });

  it('when element values break the 2004 data model, then the commit is refused with 406 (type) / 407 (range) and nothing is stored', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    const res = await commit(
      agent,
      data,
      scoId,
      launch,
      body2004(1, {
        location: '3',
        completion_status: 'done',
        score: { scaled: '2', raw: '50', min: '0', max: '100' },
      }),
    ).expect(400);
    expect(res.body).toMatchObject({ result: false, errorCode: 406, code: 'CMI_INVALID' });
    const codes = Object.fromEntries(
      res.body.problems.map((p: { element: string; errorCode: number }) => [p.element, p.errorCode]),
    );
    expect(codes).toEqual({ 'cmi.completion_status': 406, 'cmi.score.scaled': 407 });
    const r = await row(data, scoId);
    expect([r.location, r.scoreRaw, r.seq, r.cmiJson]).toEqual([null, null, 0, null]);
  });

  it('when suspend_data exceeds the 4,096 characters of SCORM 1.2 but stays within the cap, then all of it is kept', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    const big = 'x'.repeat(60 * 1024) + 'END';
    await commit(agent, data, scoId, launch, body12(1, { lesson_location: '12' }, { suspend_data: big })).expect(200);
    const again = await launchSco(agent, data, scoId);
    expect(again.cmi.suspend_data).toHaveLength(big.length);
    expect(again.cmi.suspend_data.endsWith('END')).toBe(true);
  });

  it('when suspend_data or another element exceeds its cap, then the commit is refused (405 / 407) and the stored data stays', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    await commit(agent, data, scoId, launch, body2004(1, { suspend_data: 'kept', location: 'p1' })).expect(200);
    const tooBig = await commit(
      agent,
      data,
      scoId,
      launch,
      body2004(2, { suspend_data: 'x'.repeat(64 * 1024 + 1), location: 'p2' }),
    ).expect(400);
    expect(tooBig.body).toMatchObject({
      result: false,
      errorCode: 407,
      code: 'CMI_INVALID',
      problems: [{ element: 'cmi.suspend_data', errorCode: 407 }],
    });
    const longLocation = await commit(
      agent,
      data,
      scoId,
      launch,
      body2004(3, { location: 'y'.repeat(16 * 1024 + 1) }),
    ).expect(400);
    expect(longLocation.body.problems).toEqual([expect.objectContaining({ element: 'cmi.location', errorCode: 407 })]);
    const r = await row(data, scoId);
    expect([r.location, JSON.parse(r.cmiJson!).suspend_data]).toEqual(['p1', 'kept']);

    const learner12 = await learnerOn(pkg12);
    const refused12 = await commit(
      learner12.agent,
      learner12.data,
      learner12.scoId,
      learner12.launch,
      body12(1, {}, { suspend_data: 'x'.repeat(64 * 1024 + 1) }),
    ).expect(400);
    expect(refused12.body).toMatchObject({
      errorCode: 405,
      problems: [{ element: 'cmi.suspend_data', errorCode: 405 }],
    });
  });

  it('when session_time grows over several commits of a session, then total_time counts each session once', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg12);
    await commit(agent, data, scoId, launch, body12(1, { session_time: '00:01:00' })).expect(200);
    await commit(agent, data, scoId, launch, body12(2, { session_time: '00:02:00', exit: 'suspend' })).expect(200);
    expect((await row(data, scoId)).totalTimeCs).toBe(120 * 100);
    const second = await launchSco(agent, data, scoId);
    expect(second.cmi.core.total_time).toBe('00:02:00');
    expect(second.cmi.core.entry).toBe('resume');
    await commit(agent, data, scoId, second.launch, body12(1, { session_time: '00:00:30' })).expect(200);
    await commit(agent, data, scoId, second.launch, body12(2, { session_time: '00:00:45' })).expect(200);
    expect((await row(data, scoId)).totalTimeCs).toBe(165 * 100);
    const third = await launchSco(agent, data, scoId);
    expect(third.cmi.core.total_time).toBe('00:02:45');
    expect(third.cmi.core.entry).toBe('');
  });
});

describe('the statements of the usual commit (issue 14: the fewest round trips)', () => {
  const mariadb = () => t.ctx.sequelize.getDialect() !== 'sqlite';
  type Seen = { reads: number; writes: number; transactions: number; unchanged: number };

  /**
   * Counts what the driver sends while `work` runs: reads, writes, transactions begun and writes that
   * changed no row. `between` runs once, right after the first read and before anything is written —
   * on MariaDB; SQLite's commit holds the database's one write lock from its read on (the request in
   * between would wait for it for ever), so there it runs before `work`: the same order of results.
   */
  async function counted(work: () => Promise<unknown>, between?: () => Promise<unknown>): Promise<Seen> {
    if (!mariadb() && between) {
      await between();
      between = undefined;
    }
    const commitSql = t.ctx.services.player.commitSql!;
    const seen: Seen = { reads: 0, writes: 0, transactions: 0, unchanged: 0 };
    const spy = (q: CommitSqlTx): CommitSqlTx => ({
      rows: async (sql, params) => {
        seen.reads += 1;
        const rows = await q.rows(sql, params);
        const run = between;
        between = undefined;
        if (run) await run();
        return rows;
      },
      run: async (sql, params) => {
        seen.writes += 1;
        const n = await q.run(sql, params);
        if (n === 0) seen.unchanged += 1;
        return n;
      },
    });
    const { transaction, autocommit } = commitSql;
    const tx = transaction.bind(commitSql);
    const auto = autocommit?.bind(commitSql);
    commitSql.transaction = <T>(fn: (q: CommitSqlTx) => Promise<T>) => {
      seen.transactions += 1;
      return tx((q) => fn(spy(q)));
    };
    if (auto) commitSql.autocommit = <T>(fn: (q: CommitSqlTx) => Promise<T>) => auto((q) => fn(spy(q)));
    try {
      await work();
    } finally {
      Object.assign(commitSql, { transaction, autocommit });
    }
    return seen;
  }

  it('when a one-SCO package commits on MariaDB, then one plain read and one guarded write store the SCO row and the attempt, without a transaction (SQLite: one transaction, a read and two writes)', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    await commit(agent, data, scoId, launch, body2004(1, { session_time: 'PT30S' })).expect(200);
    const seen = await counted(() =>
      commit(agent, data, scoId, launch, body2004(2, { session_time: 'PT90S', location: 'p2' })).expect(200),
    );
    expect(seen).toEqual(
      mariadb()
        ? { reads: 1, writes: 1, transactions: 0, unchanged: 0 }
        : { reads: 1, writes: 2, transactions: 1, unchanged: 0 },
    );
    const r = await row(data, scoId);
    expect(r.location).toBe('p2');
    expect(r.totalTimeCs).toBe(9000);
    expect((await Attempt.findByPk(data.attemptId))!.totalTimeCs).toBe(9000);
  });

  it('when the attempt has earned its completion, then a later commit still needs one plain read and one guarded write on MariaDB (the guard matches the stored completion)', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    await commit(
      agent,
      data,
      scoId,
      launch,
      body2004(1, { session_time: 'PT30S', completion_status: 'completed' }),
    ).expect(200);
    expect((await Attempt.findByPk(data.attemptId))!.completedAt).not.toBeNull();
    const seen = await counted(() =>
      commit(agent, data, scoId, launch, body2004(2, { session_time: 'PT50S', location: 'after' })).expect(200),
    );
    if (mariadb()) expect(seen).toEqual({ reads: 1, writes: 1, transactions: 0, unchanged: 0 });
    const attempt = (await Attempt.findByPk(data.attemptId))!;
    expect(attempt.completionStatus).toBe('completed');
    expect(attempt.totalTimeCs).toBe(5000);
    expect((await row(data, scoId)).location).toBe('after');
  });

  it("when a commit that earns the completion lands between a later commit's read and its write, then that write changes nothing, the later commit runs again under the lock and the completion stays", async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    await commit(agent, data, scoId, launch, body2004(1, { session_time: 'PT30S' })).expect(200);
    // Sequence 3 reads the row as sequence 1 left it; sequence 2 (completed) is stored before 3 writes.
    const seen = await counted(
      () =>
        commit(
          agent,
          data,
          scoId,
          launch,
          body2004(3, { session_time: 'PT120S', completion_status: 'incomplete', location: 'p3' }),
        ).expect(200),
      () =>
        commit(
          agent,
          data,
          scoId,
          launch,
          body2004(2, { session_time: 'PT60S', completion_status: 'completed' }),
        ).expect(200),
    );
    const r = await row(data, scoId);
    expect(r.completionStatus).toBe('completed');
    expect(r.location).toBe('p3');
    expect(r.seq).toBe(launch * 1_000_000 + 3);
    expect(r.totalTimeCs).toBe(12000);
    const attempt = (await Attempt.findByPk(data.attemptId))!;
    expect(attempt.completionStatus).toBe('completed');
    expect(attempt.completedAt).not.toBeNull();
    expect(attempt.totalTimeCs).toBe(12000);
    // MariaDB: the guarded write found the row changed (nothing written) and the locking commit followed.
    if (mariadb()) expect(seen).toMatchObject({ unchanged: 1, transactions: 1 });
  });

  it("when a new launch lands between a commit's read and its write, then the commit runs again under the lock and counts its time once", async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    await commit(agent, data, scoId, launch, body2004(1, { session_time: 'PT30S' })).expect(200);
    const seen = await counted(
      () => commit(agent, data, scoId, launch, body2004(2, { session_time: 'PT45S', location: 'late' })).expect(200),
      () => launchSco(agent, data, scoId),
    );
    const r = await row(data, scoId);
    expect(r.sessionCount).toBe(launch + 1);
    expect(r.location).toBe('late');
    expect(r.totalTimeCs).toBe(4500);
    if (mariadb()) expect(seen).toMatchObject({ unchanged: 1, transactions: 1 });
  });

  /** A 2004 commit that carries `basis` beside its cmi, as the player page sends it (commit-basis.ts). */
  const commitWithBasis = (
    l: { agent: Agent; data: PlayerData; scoId: number },
    launch: number,
    seq: number,
    cmi: Record<string, unknown>,
    basis: unknown,
  ) => commit(l.agent, l.data, l.scoId, launch, { ...body2004(seq, cmi), basis }).expect(200);

  it('when the page sends back the basis of its last reply, then the next commit on MariaDB is one guarded write and no read, also after the completion (SQLite offers no basis)', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    // A score in a FLOAT column: the basis must hold it as the read would (else every commit "changes" the result).
    const score = { scaled: '0.8', raw: '80', min: '0', max: '100' };
    const first = await commit(agent, data, scoId, launch, body2004(1, { session_time: 'PT30S', score })).expect(200);
    if (!mariadb()) {
      expect(first.body.basis).toBeUndefined();
      return;
    }
    expect(typeof first.body.basis).toBe('string');
    let basis = first.body.basis;
    const second = await counted(async () => {
      const res = await commitWithBasis(
        { agent, data, scoId },
        launch,
        2,
        { session_time: 'PT90S', location: 'p2', score },
        basis,
      );
      basis = res.body.basis;
    });
    expect(second).toEqual({ reads: 0, writes: 1, transactions: 0, unchanged: 0 });
    expect((await row(data, scoId)).totalTimeCs).toBe(9000);
    expect((await Attempt.findByPk(data.attemptId))!.totalTimeCs).toBe(9000);

    // The commit that earns the completion goes through the outbox and leaves no basis: the next one reads.
    const earning = await commitWithBasis(
      { agent, data, scoId },
      launch,
      3,
      { session_time: 'PT100S', completion_status: 'completed' },
      basis,
    );
    expect(earning.body.basis).toBeUndefined();
    const afterwards = await commit(agent, data, scoId, launch, body2004(4, { session_time: 'PT110S' })).expect(200);
    const seen = await counted(() =>
      commitWithBasis(
        { agent, data, scoId },
        launch,
        5,
        { session_time: 'PT120S', location: 'p5' },
        afterwards.body.basis,
      ),
    );
    // The basis holds completed_at as the database returned it: the guard matches.
    expect(seen).toEqual({ reads: 0, writes: 1, transactions: 0, unchanged: 0 });
    const r = await row(data, scoId);
    expect(r.location).toBe('p5');
    expect(r.completionStatus).toBe('completed');
    const attempt = (await Attempt.findByPk(data.attemptId))!;
    expect(attempt.completionStatus).toBe('completed');
    expect(attempt.completedAt).not.toBeNull();
    expect(attempt.totalTimeCs).toBe(12000);
  });

  it("when the basis is outdated (another tab's commit earned the completion, or a new launch came), then its write changes nothing, the commit reads and runs again, and nothing is lost", async () => {
    if (!mariadb()) return; // SQLite offers no basis (the test above checks that)
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    const first = await commit(agent, data, scoId, launch, body2004(1, { session_time: 'PT30S' })).expect(200);
    await commit(
      agent,
      data,
      scoId,
      launch,
      body2004(2, { session_time: 'PT60S', completion_status: 'completed' }),
    ).expect(200);
    const seen = await counted(() =>
      commitWithBasis({ agent, data, scoId }, launch, 3, { session_time: 'PT90S', location: 'p3' }, first.body.basis),
    );
    expect(seen).toEqual({ reads: 1, writes: 2, transactions: 0, unchanged: 1 });
    let r = await row(data, scoId);
    expect([r.location, r.completionStatus, r.totalTimeCs]).toEqual(['p3', 'completed', 9000]);
    let attempt = (await Attempt.findByPk(data.attemptId))!;
    expect([attempt.completionStatus, attempt.totalTimeCs]).toEqual(['completed', 9000]);
    expect(attempt.completedAt).not.toBeNull();

    // A launch after the basis: its launch number is unknown to the basis, so the commit reads (no refusal).
    const before = await commit(agent, data, scoId, launch, body2004(4, { session_time: 'PT100S' })).expect(200);
    const next = await launchSco(agent, data, scoId);
    const afterLaunch = await counted(() =>
      commitWithBasis(
        { agent, data, scoId },
        next.launch,
        1,
        { session_time: 'PT20S', location: 'second' },
        before.body.basis,
      ),
    );
    expect(afterLaunch).toEqual({ reads: 1, writes: 1, transactions: 0, unchanged: 0 });
    r = await row(data, scoId);
    expect([r.location, r.totalTimeCs, r.seq]).toEqual(['second', 12000, next.launch * 1_000_000 + 1]);
    attempt = (await Attempt.findByPk(data.attemptId))!;
    expect(attempt.totalTimeCs).toBe(12000);
  });

  it("when the basis is forged (a larger learning time under the old signature, another learner's basis, garbage), then it is not used: the commit reads, and nothing the forgery claims is stored", async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    const other = await learnerOn(pkg2004);
    const first = await commit(agent, data, scoId, launch, body2004(1, { session_time: 'PT30S' })).expect(200);
    const foreign = await commit(other.agent, other.data, other.scoId, other.launch, body2004(1, {})).expect(200);
    const genuine: string = first.body.basis ?? 'WzFd.c2ln'; // SQLite gives none: forge one from nothing
    const [payload, mac] = genuine.split('.');
    const fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    fields[9] = 36_000_000; // the attempt's learning time: 100 hours
    fields[22] = 36_000_000; // the SCO row's
    const inflated = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
    const forgeries = [inflated, foreign.body.basis ?? 'x.y', 'not a basis', { an: 'object' }, 'a'.repeat(5000)];
    let seq = 2;
    for (const forged of forgeries) {
      const seen = await counted(() =>
        commitWithBasis({ agent, data, scoId }, launch, seq, { session_time: `PT${30 + seq}S` }, forged),
      );
      if (mariadb()) expect(seen).toEqual({ reads: 1, writes: 1, transactions: 0, unchanged: 0 });
      const expected = (30 + seq) * 100;
      expect((await row(data, scoId)).totalTimeCs).toBe(expected);
      expect((await Attempt.findByPk(data.attemptId))!.totalTimeCs).toBe(expected);
      seq += 1;
    }
    expect((await row(other.data, other.scoId)).seq).toBe(other.launch * 1_000_000 + 1);
  });

  it('when the joined write carries an older sequence than the stored one, then neither the SCO row nor the attempt changes', async () => {
    const { agent, data, scoId, launch } = await learnerOn(pkg2004);
    await commit(agent, data, scoId, launch, body2004(5, { session_time: 'PT60S', location: 'p5' })).expect(200);
    const before = await row(data, scoId);
    const at = new Date();
    const statements = commitWrites(
      t.ctx.sequelize.getDialect(),
      before.id,
      {
        seq: before.seq, // not newer than the stored one: the guard must hold
        cmiJson: '{}',
        completionStatus: 'incomplete',
        successStatus: 'unknown',
        scoreRaw: null,
        scoreMin: null,
        scoreMax: null,
        scoreScaled: null,
        progressMeasure: null,
        location: 'old',
        exitMode: '',
        totalTimeCs: 1,
        sessionTimeCs: 1,
        lastCommitAt: at,
      },
      { id: data.attemptId, changes: { totalTimeCs: 1, lastActivityAt: at } },
    );
    const changed = await t.ctx.services.player.commitSql!.transaction(async (tx) => {
      let n = 0;
      // SQLite runs the attempt's UPDATE on its own: the guard is the SCO row's (commitIn never gets here stale).
      for (const { sql, params } of statements.slice(0, 1)) n += await tx.run(sql, params);
      return n;
    });
    expect(changed).toBe(0);
    expect((await row(data, scoId)).location).toBe('p5');
    expect((await Attempt.findByPk(data.attemptId))!.totalTimeCs).toBe(6000);
  });
});

describe('who may write an attempt (signed launch tokens, no session needed)', () => {
  it('when the launch token is missing, tampered, for another attempt or SCO, or from a later launch, then the answer is 401/403 and nothing changes', async () => {
    const owner = await learnerOn(pkg12);
    await commit(owner.agent, owner.data, owner.scoId, owner.launch, body12(1, { lesson_location: '1' })).expect(200);
    const other = await learnerOn(pkg12);
    const token = owner.data.launchTokens![owner.scoId];
    const [payload, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, a: other.data.attemptId })).toString('base64url')}.${mac}`;
    const cases: [string, number, string][] = [
      ['', 401, 'LAUNCH_TOKEN_MISSING'],
      ['not-the-token', 403, 'LAUNCH_TOKEN_INVALID'],
      [`${token.slice(0, -2)}xx`, 403, 'LAUNCH_TOKEN_INVALID'],
      [other.data.launchTokens![other.scoId], 403, 'LAUNCH_TOKEN_WRONG_ATTEMPT'],
      [owner.data.runtimeToken!, 403, 'LAUNCH_TOKEN_WRONG_ATTEMPT'],
    ];
    for (const [given, status, code] of cases) {
      const res = await commit(
        owner.agent,
        owner.data,
        owner.scoId,
        owner.launch,
        body12(5, { lesson_location: '66' }),
        'application/json',
        given,
      ).expect(status);
      expect(res.body).toMatchObject({ result: false, errorCode: 101, code });
    }
    // Another learner's own valid token, or a forged one, cannot write the owner's attempt.
    await commit(
      other.agent,
      { ...other.data, attemptId: owner.data.attemptId },
      other.scoId,
      1,
      body12(6, { lesson_location: '66' }),
      'application/json',
      other.data.launchTokens![other.scoId],
    ).expect(403);
    await commit(
      other.agent,
      other.data,
      other.scoId,
      1,
      body12(6, { lesson_location: '66' }),
      'application/json',
      forged,
    ).expect(403);
    // The token covers its own launch and older ones, never a later one.
    await commit(owner.agent, owner.data, owner.scoId, owner.launch + 1, body12(7, { lesson_location: '77' })).expect(
      403,
    );
    expect((await row(owner.data, owner.scoId)).location).toBe('1');
  });

  it('when the page commits without any session (a beacon after logout of this tab), then its launch token alone is enough', async () => {
    const owner = await learnerOn(pkg12);
    const request = (await import('supertest')).default;
    await request(t.app)
      .post(
        `/api/v1/attempts/${owner.data.attemptId}/scos/${owner.scoId}/commit?token=${encodeURIComponent(owner.data.launchTokens![owner.scoId])}&launch=${owner.launch}`,
      )
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(body12(1, { lesson_location: 'b' })))
      .expect(200);
    expect((await row(owner.data, owner.scoId)).location).toBe('b');
    // The launch API itself still needs the learner's session.
    await request(t.app)
      .get(`/api/v1/attempts/${owner.data.attemptId}/scos/${owner.scoId}/launch`)
      .query({ token: owner.data.token })
      .expect(401);
  });

  it('when the page asks for keep-alive with a token, then it gets the same token renewed; a wrong one is refused', async () => {
    const owner = await learnerOn(pkg12);
    const renewed = await owner.agent
      .post(
        `/api/v1/attempts/${owner.data.attemptId}/keepalive?token=${encodeURIComponent(owner.data.launchTokens![owner.scoId])}`,
      )
      .expect(200);
    expect(renewed.body.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3600);
    await commit(
      owner.agent,
      owner.data,
      owner.scoId,
      owner.launch,
      body12(1, { lesson_location: 'r' }),
      'application/json',
      renewed.body.token,
    ).expect(200);
    await owner.agent
      .post(`/api/v1/attempts/${owner.data.attemptId}/keepalive?token=${encodeURIComponent(owner.data.runtimeToken!)}`)
      .expect(200);
    await owner.agent.post(`/api/v1/attempts/${owner.data.attemptId}/keepalive?token=nope`).expect(403);
  });
});
