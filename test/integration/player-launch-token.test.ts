/**
 * Signed launch tokens on the runtime routes: expiry, revocation by the user's token epoch
 * (logout everywhere, deactivation), and the commit rate limit per attempt. On SQLite and MariaDB.
 */
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';
import { updateUser } from '../../src/auth/users';
import { ScoAttempt } from '../../src/player/tracking-models';
import { importSample, openPlayer, launchSco, commit, body12, type Agent, type PlayerData } from './player-helpers';
import type { UserView } from '../../src/auth/user-model';

let t: TestApp;
let pkg: number;
let admin: UserView;
beforeAll(async () => {
  t = await createTestApp({ COMMIT_RATE_BURST: '5', COMMIT_RATE_PER_SECOND: '0.2' });
  admin = await makeUser('admin');
  pkg = (await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id)).id;
}, 60_000);
afterAll(() => t?.close());

async function learner(): Promise<{ user: UserView; agent: Agent; data: PlayerData; scoId: number; launch: number }> {
  const user = await makeUser('lotse');
  const agent = await loginAs(t.app, user);
  const data = await openPlayer(agent, pkg);
  const { launch } = await launchSco(agent, data, data.startScoId);
  return { user, agent, data, scoId: data.startScoId, launch };
}

const location = async (data: PlayerData, scoId: number) =>
  (await ScoAttempt.findOne({ where: { attemptId: data.attemptId, scoId } }))!.location;
const keepalive = (l: { agent: Agent; data: PlayerData }, token: string) =>
  l.agent.post(`/api/v1/attempts/${l.data.attemptId}/keepalive?token=${encodeURIComponent(token)}`);

describe('launch tokens', () => {
  it('when the token has expired, then commits and keep-alives are refused with 401 LAUNCH_TOKEN_EXPIRED', async () => {
    const l = await learner();
    const { tokens } = t.ctx.services.player;
    const claims = tokens.read(l.data.launchTokens![l.scoId]);
    const { token } = tokens.sign({ ...claims, expiresAt: Math.floor(Date.now() / 1000) - 1 });
    const res = await commit(
      l.agent,
      l.data,
      l.scoId,
      l.launch,
      body12(1, { lesson_location: 'late' }),
      'application/json',
      token,
    ).expect(401);
    expect(res.body).toMatchObject({ result: false, code: 'LAUNCH_TOKEN_EXPIRED' });
    expect((await keepalive(l, token).expect(401)).body.code).toBe('LAUNCH_TOKEN_EXPIRED');
    expect(await location(l.data, l.scoId)).toBeNull();
  });

  it('when the user logs out everywhere (epoch bumped), then every token of theirs is refused at once; a new launch works again', async () => {
    const l = await learner();
    await commit(l.agent, l.data, l.scoId, l.launch, body12(1, { lesson_location: 'one' })).expect(200);
    await t.ctx.services.standings.bump(l.user.id);
    expect(
      (await commit(l.agent, l.data, l.scoId, l.launch, body12(2, { lesson_location: 'two' })).expect(401)).body.code,
    ).toBe('LAUNCH_TOKEN_REVOKED');
    expect((await keepalive(l, l.data.runtimeToken!).expect(401)).body.code).toBe('LAUNCH_TOKEN_REVOKED');
    expect(await location(l.data, l.scoId)).toBe('one');
    const again = await launchSco(l.agent, l.data, l.scoId);
    await commit(l.agent, l.data, l.scoId, again.launch, body12(1, { lesson_location: 'three' })).expect(200);
    expect(await location(l.data, l.scoId)).toBe('three');
  });

  it('when an admin deactivates the account, then its open player can no longer commit', async () => {
    const l = await learner();
    await updateUser(
      l.user.id,
      { firstName: l.user.firstName, lastName: l.user.lastName, role: 'lotse', region: l.user.region, active: false },
      admin.id,
      t.ctx.services.standings,
    );
    expect(
      (await commit(l.agent, l.data, l.scoId, l.launch, body12(1, { lesson_location: 'gone' })).expect(401)).body.code,
    ).toBe('LAUNCH_TOKEN_REVOKED');
    expect(await location(l.data, l.scoId)).toBeNull();
  });

  it('when the review page opens, then it carries no runtime token and its launch none either', async () => {
    const l = await learner();
    const review = await openPlayer(l.agent, pkg, '?mode=review');
    expect(review.runtimeToken).toBeNull();
    expect((await launchSco(l.agent, review, review.startScoId, true)).token).toBeUndefined();
  });
});

describe('commit rate per attempt', () => {
  it('when an attempt commits faster than its bucket allows, then 429 with Retry-After, and the stored data is that of the last accepted commit', async () => {
    const l = await learner();
    for (let i = 1; i <= 5; i++)
      await commit(l.agent, l.data, l.scoId, l.launch, body12(i, { lesson_location: `p${i}` })).expect(200);
    const res = await commit(l.agent, l.data, l.scoId, l.launch, body12(6, { lesson_location: 'p6' })).expect(429);
    expect(res.body).toMatchObject({ result: false, errorCode: 101, code: 'COMMIT_RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await location(l.data, l.scoId)).toBe('p5');
    // Another attempt has its own bucket.
    const other = await learner();
    await commit(other.agent, other.data, other.scoId, other.launch, body12(1, { lesson_location: 'o1' })).expect(200);
  });
});
