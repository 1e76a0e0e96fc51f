/**
 * LTI Advantage NRPS (issue 16): a tutor who launched as Instructor in a platform course sees that course's
 * learners, previews the course's member list (read page by page from the platform emulator with an
 * NRPS-scoped token) and imports it into a region, a cohort or only the course.
 */
import request from 'supertest';
import { startServer, type RunningServer } from '../e2e/helpers/browser';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { importLtiTechnikModule } from '../helpers/lti-module';
import { makeUser, loginAs, csrfFrom } from '../helpers/users';
import { addPlatform } from '../../src/lti';
import { User } from '../../src/auth';
import { AuditEntry } from '../../src/shared/audit';
import { LtiAccountLink, LtiContext, LtiContextMember } from '../../src/lti/lti-models';
import { CohortEnrolment } from '../../src/curriculum/cohort-models';
import { completeQ1, verifiedAuthorisation, attendedWorkshop, makeCohort } from './q2-fixtures';

let srv: RunningServer;
let platform: LtiPlatformEmulator;
type Agent = ReturnType<typeof request.agent>;
const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

beforeAll(async () => {
  srv = await startServer({ LTI_JWKS_COOLDOWN_SECONDS: '0' });
  platform = await LtiPlatformEmulator.start();
  platform.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  await addPlatform(srv.ctx.sequelize, platform.registration({ name: 'Moodle Test' }), null);
  await importLtiTechnikModule(srv);
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await srv?.stop();
});

let seq = 0;
const uniq = (p: string) => `${p}-${process.pid}-${++seq}-${Date.now()}`;
const codeOf = (html: string) => /data-code="([A-Z_]+)"/.exec(html)?.[1];

/** A whole launch as a platform does it; returns the agent, now logged in as the launched account. */
async function launchAs(spec: { sub: string; roles?: string[]; contextId: string; email?: string }, agent?: Agent) {
  const a = agent ?? request.agent(srv.app);
  const res = await a
    .get('/lti/login')
    .query({
      iss: platform.issuer,
      login_hint: uniq('hint'),
      target_link_uri: `${srv.baseUrl}/lti/launch`,
      client_id: platform.clientId,
    })
    .expect(302);
  const q = new URL(res.headers.location).searchParams;
  const token = await platform.sign(
    platform.claimsFor(
      { familyName: `Nachname${spec.sub.replace(/\W/g, '')}`, ...spec, contextTitle: `Kurs ${spec.contextId}` },
      q.get('nonce')!,
      '',
    ),
  );
  await a
    .post('/lti/launch')
    .type('form')
    .send({ id_token: token, state: q.get('state') })
    .expect(200);
  const userId = (await a.get('/lti/session')).body.userId as number;
  return { agent: a, userId };
}

const contextRow = async (contextId: string) => (await LtiContext.findOne({ where: { contextId } }))!;

const member = (sub: string, roles: string[], extra: Record<string, unknown> = {}) => ({
  user_id: sub,
  roles,
  status: 'Active',
  given_name: 'Vor',
  family_name: `Name ${sub.slice(-6)}`,
  name: `Vor Name ${sub.slice(-6)}`,
  ...extra,
});

async function importInto(agent: Agent, id: number, target: string, status = 200) {
  const page = await agent.get(`/staff/lti/${id}`).expect(200);
  return agent
    .post(`/staff/lti/${id}/import`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), target })
    .expect(status);
}

const summaryOf = (html: string) => /id="import-summary">([^<]+)</.exec(html)?.[1];

describe('an Instructor from a platform is the tutor of that course', () => {
  it('when an Instructor launched in a course, then as tutor they see the learners who launched there and nobody else', async () => {
    const course = uniq('course');
    const other = uniq('course');
    const teacher = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: course });
    expect((await User.findByPk(teacher.userId))!.role).toBe('tutor');
    const mine = await launchAs({ sub: uniq('l'), roles: [LEARNER], contextId: course });
    const stranger = await launchAs({ sub: uniq('l'), roles: [LEARNER], contextId: other });
    const regionLotse = await makeUser('lotse', { region: 'saarland' });
    await teacher.agent.get(`/reports/lotsen/${mine.userId}`).expect(200);
    await teacher.agent.get(`/reports/lotsen/${stranger.userId}`).expect(404);
    await teacher.agent.get(`/reports/lotsen/${regionLotse.id}`).expect(404);
    const dashboard = await teacher.agent.get('/reports').expect(200);
    expect(dashboard.text).toContain((await User.findByPk(mine.userId))!.lastName);
    expect(dashboard.text).not.toContain((await User.findByPk(stranger.userId))!.lastName);
    // The learner of the course is no tutor and sees no reports.
    await mine.agent.get('/reports').expect(403);
    await mine.agent.get('/staff/lti').expect(403);
    const list = await teacher.agent.get('/staff/lti').expect(200);
    expect(list.text).toContain(`Kurs ${course}`);
    expect(list.text).not.toContain(`Kurs ${other}`);
  });
});

describe('NRPS member import', () => {
  it('when a tutor previews a course, then every page is read with an NRPS-scoped token and the members are listed', async () => {
    const course = uniq('course');
    const teacher = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: course });
    const subs = [1, 2, 3, 4, 5].map(() => uniq('m'));
    platform.membersByContext.set(
      course,
      subs.map((s, i) =>
        member(s, [LEARNER], { email: `${s}@schule.example`, status: i === 4 ? 'Inactive' : 'Active' }),
      ),
    );
    const before = platform.membershipRequests.length;
    const ctx = await contextRow(course);
    const page = await teacher.agent.get(`/staff/lti/${ctx.id}`).expect(200);
    const requests = platform.membershipRequests.slice(before);
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => new URL(r.url).searchParams.get('page'))).toEqual([null, '2', '3']);
    for (const r of requests) {
      expect(r.accept).toBe('application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
      expect(r.scope).toBe(NRPS_SCOPE);
    }
    for (const s of subs) expect(page.text).toContain(`${s}@schule.example`);
    expect(page.text).toContain('inaktiv');
    expect(page.text).toContain('4 aktive Lernende');
  });

  it('when a tutor imports a course into their region, then learners become Lotsen there, the rest is skipped with a reason, and again changes nothing', async () => {
    const course = uniq('course');
    const tutor = await makeUser('tutor', { region: 'saarland' });
    const tutorSub = uniq('t');
    await LtiAccountLink.create({ issuer: platform.issuer, sub: tutorSub, userId: tutor.id });
    const teacher = await launchAs({ sub: tutorSub, roles: [INSTRUCTOR], contextId: course });
    expect(teacher.userId).toBe(tutor.id);

    const s = {
      fresh: uniq('fresh'),
      there: uniq('there'),
      inactive: uniq('inactive'),
      deleted: uniq('deleted'),
      teacher2: uniq('teacher2'),
      emailOwner: uniq('owner'),
      mentor: uniq('mentor'),
      elsewhere: uniq('elsewhere'),
    };
    const there = await makeUser('lotse', { region: 'saarland' });
    await LtiAccountLink.create({ issuer: platform.issuer, sub: s.there, userId: there.id });
    const elsewhere = await makeUser('lotse', { region: 'rhein-ruhr' });
    await LtiAccountLink.create({ issuer: platform.issuer, sub: s.elsewhere, userId: elsewhere.id });
    const owner = await makeUser('lotse', { region: null });
    const leaver = await launchAs({ sub: s.inactive, roles: [LEARNER], contextId: course });
    platform.membersByContext.set(course, [
      member(s.fresh, [LEARNER], { email: `${s.fresh}@schule.example` }),
      member(s.there, [LEARNER]),
      member(s.inactive, [LEARNER], { status: 'Inactive' }),
      member(s.deleted, [LEARNER], { status: 'Deleted' }),
      member(s.teacher2, [INSTRUCTOR, 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator']),
      member(s.emailOwner, [LEARNER], { email: owner.email }),
      member(s.mentor, ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor']),
      member(s.elsewhere, [LEARNER]),
    ]);
    const ctx = await contextRow(course);
    // Before: the leaver launched, so the tutor sees them.
    await teacher.agent.get(`/reports/lotsen/${leaver.userId}`).expect(200);

    const res = await importInto(teacher.agent, ctx.id, 'region:saarland');
    expect(summaryOf(res.text)).toBe('2 neu · 1 bereits vorhanden · 5 übersprungen');
    const fresh = await User.findOne({ where: { email: `${s.fresh}@schule.example` } });
    expect(fresh).toMatchObject({ role: 'lotse', region: 'saarland' });
    const teacher2 = (await LtiAccountLink.findOne({ where: { issuer: platform.issuer, sub: s.teacher2 } }))!;
    expect((await User.findByPk(teacher2.userId!))!.role).toBe('tutor');
    expect((await User.findByPk(elsewhere.id))!.region).toBe('rhein-ruhr');
    expect((await User.findByPk(owner.id))!.region).toBeNull();
    expect(res.text).toContain('In der Lernplattform inaktiv.');
    expect(res.text).toContain('In der Lernplattform gelöscht.');
    expect(res.text).toContain('Weder Lernende:r noch Lehrende:r im Kurs.');
    expect(res.text).toContain('erst verknüpft, wenn die Person sich einmal selbst anmeldet');
    expect(res.text).toContain('Gehört zur Region Rhein-Ruhr');
    // The platform says the leaver left: the tutor no longer sees them through the course.
    await teacher.agent.get(`/reports/lotsen/${leaver.userId}`).expect(404);
    await teacher.agent.get(`/reports/lotsen/${fresh!.id}`).expect(200);
    // Audited: the import, the new account (by the tutor), the region given (by the tutor).
    const audit = await AuditEntry.findOne({ where: { action: 'lti.nrps.imported', subjectId: ctx.id } });
    expect(audit).toMatchObject({ actorId: tutor.id });
    expect(
      await AuditEntry.count({ where: { action: 'lti.account.created', subjectUserId: fresh!.id, actorId: tutor.id } }),
    ).toBe(1);
    expect(
      await AuditEntry.count({ where: { action: 'user.updated', subjectUserId: fresh!.id, actorId: tutor.id } }),
    ).toBe(1);

    const usersBefore = await User.count();
    const again = await importInto(teacher.agent, ctx.id, 'region:saarland');
    expect(summaryOf(again.text)).toBe('0 neu · 3 bereits vorhanden · 5 übersprungen');
    expect(await User.count()).toBe(usersBefore);
    expect(await LtiContextMember.count({ where: { ltiContextId: ctx.id, userId: fresh!.id } })).toBe(1);
  });

  it('when an admin imports a course into a cohort, then only learners who meet the Q2 gate are enrolled, the others are told why', async () => {
    const course = uniq('course');
    const admin = await makeUser('admin');
    const adminAgent = await loginAs(srv.app, admin);
    await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: course });
    const ready = await makeUser('lotse', { region: 'saarland' });
    await completeQ1(ready.id);
    await verifiedAuthorisation(ready.id);
    await attendedWorkshop(ready.id);
    const readySub = uniq('ready');
    await LtiAccountLink.create({ issuer: platform.issuer, sub: readySub, userId: ready.id });
    const newSub = uniq('new');
    platform.membersByContext.set(course, [member(readySub, [LEARNER]), member(newSub, [LEARNER])]);
    const cohort = await makeCohort();
    const ctx = await contextRow(course);
    const res = await importInto(adminAgent, ctx.id, `cohort:${cohort.id}`);
    expect(summaryOf(res.text)).toBe('1 neu · 0 bereits vorhanden · 1 übersprungen');
    expect(res.text).toContain('Die Q2-Voraussetzungen sind noch nicht erfüllt');
    expect(await CohortEnrolment.findOne({ where: { cohortId: cohort.id, userId: ready.id } })).toMatchObject({
      status: 'enrolled',
    });
    expect(await CohortEnrolment.count({ where: { cohortId: cohort.id } })).toBe(1);
    const again = await importInto(adminAgent, ctx.id, `cohort:${cohort.id}`);
    expect(summaryOf(again.text)).toBe('0 neu · 1 bereits vorhanden · 1 übersprungen');
  });
});

describe('NRPS import refusals', () => {
  it('when a tutor opens another tutor’s course, a region or cohort not theirs, or posts without CSRF, then it is refused and nothing is imported', async () => {
    const courseA = uniq('course');
    const teacherA = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: courseA });
    const teacherB = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: uniq('course') });
    const sub = uniq('m');
    platform.membersByContext.set(courseA, [member(sub, [LEARNER])]);
    const ctx = await contextRow(courseA);
    const pageB = await teacherB.agent.get('/staff/lti').expect(200);
    expect(pageB.text).not.toContain(`Kurs ${courseA}`);
    await teacherB.agent.get(`/staff/lti/${ctx.id}`).expect(403);
    await teacherB.agent
      .post(`/staff/lti/${ctx.id}/import`)
      .type('form')
      .send({ _csrf: csrfFrom(pageB.text), target: 'context' })
      .expect(403);
    // A tutor without a region may not import into one; nor into a cohort they do not tutor.
    const res = await importInto(teacherA.agent, ctx.id, 'region:saarland', 403);
    expect(codeOf(res.text)).toBe('LTI_IMPORT_TARGET_FORBIDDEN');
    const cohort = await makeCohort();
    expect(codeOf((await importInto(teacherA.agent, ctx.id, `cohort:${cohort.id}`, 403)).text)).toBe(
      'LTI_IMPORT_TARGET_FORBIDDEN',
    );
    expect(codeOf((await importInto(teacherA.agent, ctx.id, 'irgendwohin', 422)).text)).toBe(
      'LTI_IMPORT_TARGET_INVALID',
    );
    // No CSRF token: refused by the app's check.
    await teacherA.agent.post(`/staff/lti/${ctx.id}/import`).type('form').send({ target: 'context' }).expect(403);
    // A Lotse of the region and an unknown course.
    const lotse = await loginAs(srv.app, await makeUser('lotse'));
    await lotse.get(`/staff/lti/${ctx.id}`).expect(403);
    await teacherA.agent.get('/staff/lti/999999').expect(404);
    expect(await LtiAccountLink.count({ where: { issuer: platform.issuer, sub } })).toBe(0);
    // Only the course is fine for a tutor without a region.
    const ok = await importInto(teacherA.agent, ctx.id, 'context');
    expect(summaryOf(ok.text)).toBe('1 neu · 0 bereits vorhanden · 0 übersprungen');
  });

  it.each([
    ['no JSON', () => ({ body: '<html>Wartung</html>' }), 'LTI_NRPS_MALFORMED'],
    ['no members array', () => ({ body: JSON.stringify({ id: 'x', members: 'alle' }) }), 'LTI_NRPS_MALFORMED'],
    [
      'a member without user_id',
      () => ({ body: JSON.stringify({ members: [{ roles: [LEARNER] }] }) }),
      'LTI_NRPS_MALFORMED',
    ],
    [
      'an unknown status',
      () => ({ body: JSON.stringify({ members: [member('x', [LEARNER], { status: 'Gone' })] }) }),
      'LTI_NRPS_MALFORMED',
    ],
    [
      'another context',
      () => ({ body: JSON.stringify({ context: { id: 'fremd' }, members: [] }) }),
      'LTI_NRPS_MALFORMED',
    ],
    [
      'a next page on another origin',
      (page: number) =>
        page === 1
          ? {
              body: JSON.stringify({ members: [member(uniq('ok'), [LEARNER])] }),
              link: '<http://evil.example/m?page=2>; rel="next"',
            }
          : undefined,
      'LTI_NRPS_MALFORMED',
    ],
    [
      'a paging loop',
      () => ({ body: JSON.stringify({ members: [] }), link: '<?page=1>; rel="next"' }),
      'LTI_NRPS_MALFORMED',
    ],
    ['a server error', () => ({ status: 500, body: 'kaputt' }), 'LTI_NRPS_UNREACHABLE'],
  ] as const)(
    'when the platform answers %s, then the page shows the refusal with its code (no 500) and nothing is imported',
    async (_name, answer, code) => {
      const course = uniq('course');
      const teacher = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: course });
      const ctx = await contextRow(course);
      platform.membershipsAnswer = answer as (
        page: number,
      ) => { status?: number; body: string; link?: string } | undefined;
      try {
        const page = await teacher.agent.get(`/staff/lti/${ctx.id}`);
        expect(page.status).toBe(502);
        expect(codeOf(page.text)).toBe(code);
        expect(page.text).toContain('Die Mitgliederliste konnte nicht gelesen werden.');
        const usersBefore = await User.count();
        const res = await teacher.agent
          .post(`/staff/lti/${ctx.id}/import`)
          .type('form')
          .send({ _csrf: csrfFrom(page.text), target: 'context' })
          .expect(502);
        expect(codeOf(res.text)).toBe(code);
        expect(await User.count()).toBe(usersBefore);
      } finally {
        platform.membershipsAnswer = undefined;
      }
    },
  );

  it('when the course came without the NRPS claim, then LTI_NRPS_NOT_OFFERED (409) and the platform is not asked', async () => {
    const course = uniq('course');
    const teacher = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: course });
    const ctx = await contextRow(course);
    await ctx.update({ membershipsUrl: null });
    const before = platform.membershipRequests.length;
    const list = await teacher.agent.get('/staff/lti').expect(200);
    expect(list.text).toContain('keine Mitgliederliste');
    const page = await teacher.agent.get(`/staff/lti/${ctx.id}`).expect(409);
    expect(codeOf(page.text)).toBe('LTI_NRPS_NOT_OFFERED');
    expect(platform.membershipRequests.length).toBe(before);
  });

  it('when the platform does not grant the NRPS scope, then LTI_NRPS_REFUSED', async () => {
    const course = uniq('course');
    const teacher = await launchAs({ sub: uniq('t'), roles: [INSTRUCTOR], contextId: course });
    const ctx = await contextRow(course);
    platform.grantedScopes = ['https://purl.imsglobal.org/spec/lti-ags/scope/score'];
    platform.revokeTokens();
    try {
      const page = await teacher.agent.get(`/staff/lti/${ctx.id}`).expect(502);
      expect(codeOf(page.text)).toBe('LTI_NRPS_REFUSED');
    } finally {
      platform.grantedScopes = undefined;
      platform.revokeTokens();
    }
  });
});
