/**
 * Issue #12, "Accessibility": every page type, as the role that sees it, checked by axe-core in
 * Chromium against WCAG 2.1 A/AA. Serious or critical findings fail; moderate/minor ones are listed
 * in A11Y_REPORT when that is set. The SCO inside the player's iframe is the package author's page,
 * not ours: its content is left out of the scan (the iframe element and its title are checked).
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, screenshot, startServer, type RunningServer } from './helpers/browser';
import { FindingLog, isBlocking, scan } from './helpers/axe';
import { makeUser, PASSWORD } from '../helpers/users';
import { SAMPLES } from '../helpers/samples';
import { importPackage } from '../../src/packages';
import { addPlatform } from '../../src/lti';
import { LtiPlatformEmulator } from '../helpers/lti-platform';
import { PackageSco } from '../../src/packages/package-models';
import { Workshop, WorkshopRegistration } from '../../src/enrolment/enrolment-models';
import { Cohort, CohortEnrolment, CohortSession } from '../../src/curriculum/cohort-models';
import { Certificate } from '../../src/certificates/certificate-model';
import { createInvitation } from '../../src/auth/users';
import { checkCmi, complete, daysAgo, seedAttempt, type Q1Package } from '../integration/reports-fixtures';
import { attendedWorkshop, makeCohort, verifiedAuthorisation } from '../integration/q2-fixtures';
import type { UserView } from '../../src/auth/user-model';
import { createOffering, enrol } from '../../src/offerings';
import { LtiAccountLink, LtiContext, LtiContextMember } from '../../src/lti/lti-models';
import {
  ConsultationHour,
  ExchangeAttachment,
  ExchangePost,
  ExchangeReport,
  ExchangeThread,
} from '../../src/exchange/exchange-models';

const MULTI_SCO = path.join(SAMPLES, 'scorm2004/ContentPackagingOneFilePerSCO_SCORM20043rdEdition');
const SINGLE_SCO = path.join(SAMPLES, 'scorm12/RuntimeBasicCalls_SCORM12');
const MODULES = ['tools-methoden', 'technik', 'megatrends'];

/** `lti`: a browser of its own, not logged in, that LTI launches log in (so `anon` stays anonymous). */
type Who = 'anon' | 'lti' | 'lotse' | 'graduate' | 'member' | 'tutor' | 'admin' | 'firm';

let srv: RunningServer;
let browser: Browser;
const people = {} as Record<Exclude<Who, 'anon' | 'lti'>, UserView>;
let platform: LtiPlatformEmulator;
const contexts = new Map<Who, BrowserContext>();
const ids = {} as {
  packages: number[];
  extra: number;
  cohort: number;
  session: number;
  workshop: number;
  authorisation: number;
  certificate: number;
  certificateCode: string;
  invitation: string;
  offering: number;
  thread: number;
  ltiCourse: number;
  ltiCourseDown: number;
};
const log = new FindingLog();

beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  people.admin = await makeUser('admin', { firstName: 'Ada', lastName: 'Admin' });
  people.tutor = await makeUser('tutor', { firstName: 'Theo', lastName: 'Tutor', region: 'saarland' });
  people.lotse = await makeUser('lotse', { firstName: 'Lena', lastName: 'Lotse', region: 'saarland' });
  people.graduate = await makeUser('lotse', { firstName: 'Jonas', lastName: 'Fertig', region: 'saarland' });
  people.firm = await makeUser('teilnehmer', { firstName: 'Frieda', lastName: 'Firma', region: 'saarland' });
  people.member = await makeUser('lotse', { firstName: 'Mia', lastName: 'Mitglied', region: 'saarland' });

  // Q1 modules: a multi-SCO golf package each (the player shows its table of contents), and one more package.
  ids.packages = [];
  const q1: Q1Package[] = [];
  for (const moduleKey of MODULES) {
    const pkg = await importPackage(srv.ctx.services.packages, MULTI_SCO, { actorId: people.admin.id, moduleKey });
    ids.packages.push(pkg.id);
    const scos = await PackageSco.findAll({ where: { versionId: pkg.versionId }, order: [['position', 'ASC']] });
    q1.push({ key: moduleKey, packageId: pkg.id, versionId: pkg.versionId, scoIds: scos.map((s) => s.id) });
  }
  ids.extra = (await importPackage(srv.ctx.services.packages, SINGLE_SCO, { actorId: people.admin.id })).id;
  // An offering (Weiterbildung) for Lotsen and firms; the Lotse and the person from a firm are enrolled.
  ids.offering = (
    await createOffering(
      {
        packageId: ids.extra,
        title: 'Golfregeln für Einsteiger',
        description: 'Eine kurze Weiterbildung: die wichtigsten Regeln, mit einem Wissenstest am Ende.',
        audiences: ['lotsen', 'unternehmen'],
        regions: [],
        enrolment: 'open',
        startsOn: '',
        endsOn: '',
      },
      people.admin.id,
    )
  ).id;
  await enrol({ id: people.lotse.id, role: 'lotse', region: 'saarland' }, ids.offering);
  await enrol({ id: people.firm.id, role: 'teilnehmer', region: 'saarland' }, ids.offering);

  // The graduate finished Q1 with a knowledge check on record (drill-down, completed page, certificate).
  for (const p of q1) {
    await seedAttempt(people.graduate.id, p, {
      completion: 'completed',
      success: 'passed',
      scoreScaled: 0.9,
      progress: 1,
      timeCs: 180000,
      lastActivityAt: daysAgo(3),
      checkCmi: checkCmi([
        { id: 'frage-1', description: 'Was beschreibt „New Work“?', response: 'b', result: 'correct' },
        { id: 'frage-2', description: 'Was heißt Konnektivität?', response: 'a', result: 'incorrect' },
      ]),
    });
    await complete(people.graduate.id, p, true, 0.9, daysAgo(3));
  }
  await srv.ctx.services.certificates.issueQ1IfEligible(people.graduate.id);
  const cert = (await Certificate.findOne({ where: { userId: people.graduate.id } }))!;
  ids.certificate = cert.id;
  ids.certificateCode = cert.code;
  await verifiedAuthorisation(people.graduate.id);
  await attendedWorkshop(people.graduate.id);

  // The learner has submitted an authorisation and registered for an upcoming workshop.
  ids.authorisation = (await verifiedAuthorisation(people.lotse.id, 'pending')).id;
  const workshop = await Workshop.create({
    startsAt: new Date(Date.now() + 7 * 86400_000),
    online: false,
    place: 'Saarbrücken, Haus der Beratung',
    region: 'saarland',
    capacity: 12,
  });
  await WorkshopRegistration.create({ workshopId: workshop.id, userId: people.lotse.id, status: 'registered' });
  ids.workshop = workshop.id;

  const cohort: Cohort = await makeCohort({ sessions: 2, tutorIds: [people.tutor.id] });
  ids.cohort = cohort.id;
  ids.session = (await CohortSession.findOne({ where: { cohortId: cohort.id } }))!.id;
  // Klassenzimmer: a cohort member sees past and coming sessions with the video room and calendar files.
  await cohort.update({ meetingUrl: 'https://meet.example.org/q2-saarland' });
  await CohortSession.create({
    cohortId: cohort.id,
    startsAt: new Date(Date.now() + 9 * 86400_000),
    title: 'Fallarbeit',
  });
  await CohortEnrolment.create({
    cohortId: cohort.id,
    userId: people.member.id,
    status: 'enrolled',
    requestedAt: new Date(),
    enrolledAt: new Date(),
  });
  // A reported post with an attachment in the region's Reflecting Team space (thread page, moderators' page).
  const thread = await ExchangeThread.create({
    spaceKey: 'reflecting:saarland',
    title: 'Folien vom Netzwerktreffen',
    authorId: people.lotse.id,
    lastPostAt: new Date(),
    postCount: 1,
  });
  const post = await ExchangePost.create({
    threadId: thread.id,
    authorId: people.lotse.id,
    body: 'Hier die Folien, wie besprochen. **Fragen** gern hier.',
  });
  await thread.update({ lastPostId: post.id });
  await ExchangeAttachment.create({
    postId: post.id,
    fileKey: 'a11y',
    name: 'Folien Netzwerktreffen.pdf',
    type: 'application/pdf',
    size: 348_000,
  });
  await ExchangeReport.create({
    postId: post.id,
    reporterId: people.graduate.id,
    reason: 'Enthält private Telefonnummern.',
  });
  ids.thread = thread.id;
  await ConsultationHour.create({
    region: 'saarland',
    title: 'Offene Sprechstunde zu Tools & Methoden',
    startsAt: new Date(Date.now() + 3 * 86400_000),
    endsAt: new Date(Date.now() + 3 * 86400_000 + 3600_000),
    meetingUrl: 'https://meet.example.org/gezu-saarland',
    note: 'Bringen Sie gern Ihre Fragen zu Modul 1 mit.',
    createdBy: people.tutor.id,
  });
  ids.invitation = (
    await createInvitation(
      {
        email: `eingeladen-${Date.now()}@example.org`,
        firstName: 'Ina',
        lastName: 'Eingeladen',
        role: 'lotse',
        region: 'saarland',
      },
      people.admin.id,
    )
  ).token;
  // A platform course the tutor taught (launched as Instructor), its NRPS member list at the emulator, and one
  // whose platform cannot be reached (the page's error state).
  platform = await LtiPlatformEmulator.start();
  platform.toolJwksUrl = `${srv.baseUrl}/lti/jwks`;
  const lti = await addPlatform(srv.ctx.sequelize, platform.registration({ name: 'Moodle der Hochschule' }), null);
  const course = await LtiContext.create({
    platformId: lti.id,
    contextId: 'wise-2026',
    title: 'Moderation im Experimentierraum (WiSe 2026)',
    label: 'MOD-26',
    membershipsUrl: platform.membershipsUrl('wise-2026'),
  });
  const down = await LtiContext.create({
    platformId: lti.id,
    contextId: 'alt',
    title: 'Alter Kurs',
    membershipsUrl: 'http://127.0.0.1:9/contexts/alt/memberships',
  });
  for (const c of [course, down])
    await LtiContextMember.create({
      ltiContextId: c.id,
      userId: people.tutor.id,
      role: 'instructor',
      source: 'launch',
    });
  await LtiAccountLink.create({ issuer: platform.issuer, sub: 'lms-lena', userId: people.lotse.id });
  const learner = (sub: string, given: string, family: string, extra: object = {}) => ({
    user_id: sub,
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    status: 'Active',
    given_name: given,
    family_name: family,
    name: `${given} ${family}`,
    email: `${given.toLowerCase()}.${family.toLowerCase()}@hochschule-saar.example`,
    ...extra,
  });
  platform.membersByContext.set('wise-2026', [
    learner('lms-lena', 'Lena', 'Lotse'),
    learner('lms-karl', 'Karl', 'Kursmitglied'),
    learner('lms-olga', 'Olga', 'Ausgetreten', { status: 'Inactive' }),
    {
      ...learner('lms-dora', 'Dora', 'Dozentin'),
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
    },
  ]);
  ids.ltiCourse = course.id;
  ids.ltiCourseDown = down.id;
}, 120_000);

/** The LTI login URL of a launch the emulator will answer (technik module). */
function ltiLogin(extra: Record<string, string> = {}): string {
  const hint = `a11y-${Date.now()}-${Math.random()}`;
  platform.launches.set(hint, { sub: hint, givenName: 'Lia', familyName: 'Launch' });
  const q = new URLSearchParams({
    iss: platform.issuer,
    login_hint: hint,
    target_link_uri: `${srv.baseUrl}/lti/launch`,
    ...extra,
  });
  return `/lti/login?${q}`;
}

/**
 * A launch posted by this browser without the state cookie, after a storage login made elsewhere: the
 * storage page finds no platform frame (it is the top window) and shows its refusal.
 */
async function storageCheckWithoutFrame(page: Page): Promise<void> {
  const login = await fetch(`${srv.baseUrl}${ltiLogin({ lti_storage_target: '_parent' })}`);
  const next = /data-next="([^"]+)"/
    .exec(await login.text())![1]
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&');
  const auth = await fetch(next);
  const html = await auth.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)![1];
  await page.evaluate(
    ({ action, idToken, state }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [name, value] of Object.entries({ id_token: idToken, state })) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    { action: `${srv.baseUrl}/lti/launch`, idToken: field('id_token'), state: field('state') },
  );
  await page.locator('#lti-storage-failed').waitFor();
}

afterAll(async () => {
  log.write();
  await platform?.stop();
  await browser?.close();
  await srv?.stop();
});

async function pageAs(who: Who): Promise<Page> {
  let context = contexts.get(who);
  if (!context) {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.set(who, context);
    if (who !== 'anon' && who !== 'lti') await login(await context.newPage(), srv.baseUrl, people[who].email, PASSWORD);
  }
  return context.newPage();
}

interface PageCase {
  name: string;
  as: Who;
  url: () => string;
  status?: number;
  /** Brings the page into the state to check (e.g. a form sent with errors). */
  then?: (page: Page) => Promise<void>;
  skipFrameContent?: boolean;
  /** Screenshot at 1280 and 390 px when SCREENSHOT_DIR is set (to see that the colour fixes kept the look). */
  shot?: string;
}

const PAGES: PageCase[] = [
  { name: 'login', as: 'anon', url: () => '/login', shot: 'a11y-login' },
  {
    name: 'login with a wrong password',
    as: 'anon',
    url: () => '/login',
    then: async (page) => {
      await page.getByLabel('E-Mail-Adresse').fill('niemand@example.org');
      await page.getByLabel(/^Passwort/).fill('falsch-falsch-falsch');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.locator('[role=alert]').waitFor();
    },
  },
  { name: 'register', as: 'anon', url: () => '/register' },
  {
    name: 'register sent empty',
    as: 'anon',
    url: () => '/register',
    then: async (page) => {
      await page.locator('main form button[type=submit]').click();
      await page.locator('.field--invalid').first().waitFor();
    },
  },
  { name: 'forgotten password', as: 'anon', url: () => '/password/forgot' },
  { name: 'invitation', as: 'anon', url: () => `/invitation/${ids.invitation}` },
  { name: 'verify form', as: 'anon', url: () => '/verify' },
  { name: 'verify result', as: 'anon', url: () => `/verify/${ids.certificateCode}` },
  { name: '404', as: 'anon', url: () => '/gibt-es-nicht', status: 404, shot: 'a11y-404' },
  { name: '403', as: 'lotse', url: () => '/admin/users', status: 403 },
  { name: 'expired link', as: 'anon', url: () => '/invitation/abgelaufen', status: 410 },

  { name: 'lotse home', as: 'lotse', url: () => '/' },
  { name: 'learning list', as: 'lotse', url: () => '/learning' },
  {
    name: 'player',
    as: 'lotse',
    url: () => `/play/${ids.packages[0]}`,
    skipFrameContent: true,
    then: (page) => page.locator('#player-frame[src*="/"]').waitFor({ state: 'attached' }),
  },
  { name: 'player of a single-SCO package', as: 'lotse', url: () => `/play/${ids.extra}`, skipFrameContent: true },
  {
    name: 'LTI launch in a frame without cookies ("In neuem Fenster öffnen")',
    as: 'lti',
    url: () => '/lti/session',
    then: async (page) => {
      // The session cookie "did not come back": what the launch page sees when third-party cookies are blocked.
      await page.route('**/lti/session', (r) => r.fulfill({ json: { userId: null } }));
      await page.goto(`${srv.baseUrl}${ltiLogin()}`);
      await page.getByRole('link', { name: 'In neuem Fenster öffnen' }).waitFor();
    },
    shot: 'a11y-lti-new-window',
  },
  {
    name: 'LTI platform storage check failed',
    as: 'lti',
    url: () => '/lti/session',
    then: storageCheckWithoutFrame,
    shot: 'a11y-lti-storage-failed',
  },
  { name: 'Q2 overview', as: 'lotse', url: () => '/q2' },
  { name: 'Q2 authorisation', as: 'lotse', url: () => '/q2/authorisation' },
  { name: 'Q2 workshop', as: 'lotse', url: () => '/q2/workshop' },
  { name: 'certificates (none yet)', as: 'lotse', url: () => '/certificates' },
  { name: 'account', as: 'lotse', url: () => '/account', shot: 'a11y-account' },
  {
    name: 'account: password change sent empty',
    as: 'lotse',
    url: () => '/account',
    then: async (page) => {
      await page.locator('main form:has(input[type=password]) button[type=submit]').first().click();
      await page.locator('[role=alert], .field--invalid').first().waitFor();
    },
  },
  { name: 'graduate home', as: 'graduate', url: () => '/', shot: 'a11y-home-lotse' },
  { name: 'completed module page', as: 'graduate', url: () => `/play/${ids.packages[1]}` },
  { name: 'Q2 overview with open cohorts', as: 'graduate', url: () => '/q2' },
  { name: 'Q2 overview of a cohort member (Klassenzimmer)', as: 'member', url: () => '/q2', shot: 'a11y-q2-classroom' },
  { name: 'certificates', as: 'graduate', url: () => '/certificates' },

  { name: 'tutor home', as: 'tutor', url: () => '/' },
  { name: 'reports dashboard', as: 'tutor', url: () => '/reports', shot: 'a11y-reports-dashboard' },
  {
    name: 'reports: one Lotse',
    as: 'tutor',
    url: () => `/reports/lotsen/${people.graduate.id}`,
    shot: 'a11y-reports-lotse',
  },
  { name: 'reports: one module', as: 'tutor', url: () => '/reports/modules/technik' },
  { name: 'workshops', as: 'tutor', url: () => '/staff/workshops' },
  { name: 'workshop attendance', as: 'tutor', url: () => `/staff/workshops/${ids.workshop}` },
  { name: 'cohorts', as: 'tutor', url: () => '/staff/cohorts' },
  { name: 'cohort', as: 'tutor', url: () => `/staff/cohorts/${ids.cohort}` },
  { name: 'session attendance', as: 'tutor', url: () => `/staff/cohorts/${ids.cohort}/sessions/${ids.session}` },

  {
    name: 'exchange: thread with an attachment',
    as: 'lotse',
    url: () => `/austausch/threads/${ids.thread}`,
    shot: 'a11y-exchange-thread',
  },
  {
    name: 'exchange: new thread with a refused attachment',
    as: 'lotse',
    url: () => '/austausch/reflecting:saarland',
    then: async (page) => {
      await page
        .locator('#f-attachment')
        .setInputFiles({ name: 'x.html', mimeType: 'text/html', buffer: Buffer.from('<b>x</b>') });
      await page.locator('.exchange-form form button[type=submit]').click();
      await page.locator('.field--invalid').first().waitFor();
    },
    shot: 'a11y-exchange-refused',
  },
  {
    name: 'exchange: reported posts (moderators)',
    as: 'tutor',
    url: () => '/austausch/moderation',
    shot: 'a11y-exchange-moderation',
  },
  {
    name: 'exchange: consultation hours',
    as: 'lotse',
    url: () => '/austausch/sprechstunden',
    shot: 'a11y-exchange-consultations',
  },
  { name: 'exchange: region space with consultation hours', as: 'lotse', url: () => '/austausch/region:saarland' },
  {
    name: 'exchange: new consultation hour sent empty',
    as: 'tutor',
    url: () => '/austausch/sprechstunden',
    then: async (page) => {
      await page.locator('.exchange-form form button[type=submit]').click();
      await page.locator('.field--invalid').first().waitFor();
    },
    shot: 'a11y-exchange-consultation-form',
  },
  { name: 'exchange: reported posts (admin)', as: 'admin', url: () => '/austausch/moderation' },

  { name: 'admin home', as: 'admin', url: () => '/' },
  { name: 'users', as: 'admin', url: () => '/admin/users' },
  { name: 'invite a user', as: 'admin', url: () => '/admin/users/invite' },
  { name: 'edit a user', as: 'admin', url: () => `/admin/users/${people.lotse.id}` },
  { name: 'packages', as: 'admin', url: () => '/admin/packages' },
  { name: 'package upload', as: 'admin', url: () => '/admin/packages/upload' },
  { name: 'one package', as: 'admin', url: () => `/admin/packages/${ids.packages[0]}`, shot: 'a11y-admin-package' },
  { name: 'authorisations', as: 'admin', url: () => '/admin/authorisations', shot: 'a11y-admin-authorisations' },
  { name: 'one authorisation', as: 'admin', url: () => `/admin/authorisations/${ids.authorisation}` },
  { name: 'workshops (admin)', as: 'admin', url: () => '/staff/workshops' },
  { name: 'cohorts (admin)', as: 'admin', url: () => '/staff/cohorts' },
  { name: 'new cohort', as: 'admin', url: () => '/staff/cohorts/new' },
  { name: 'edit cohort', as: 'admin', url: () => `/staff/cohorts/${ids.cohort}/edit` },
  { name: 'enrol into a cohort', as: 'admin', url: () => `/staff/cohorts/${ids.cohort}/enrol` },
  { name: 'audit log', as: 'admin', url: () => '/admin/audit' },
  {
    name: 'LTI Dynamic Registration (confirm)',
    as: 'admin',
    url: () =>
      `/lti/register?openid_configuration=${encodeURIComponent(`${platform.url}/.well-known/openid-configuration`)}&registration_token=t`,
    shot: 'a11y-lti-register',
  },
  { name: 'certificates (admin)', as: 'admin', url: () => '/admin/certificates' },
  // Offerings (Weiterbildung) and the pages of people from firms.
  { name: 'offerings (Lotse)', as: 'lotse', url: () => '/angebote', shot: 'a11y-offerings' },
  { name: 'one offering (Lotse)', as: 'lotse', url: () => `/angebote/${ids.offering}`, shot: 'a11y-offering' },
  { name: 'firm home', as: 'firm', url: () => '/', shot: 'a11y-home-firm' },
  { name: 'offerings (firm)', as: 'firm', url: () => '/angebote', shot: 'a11y-offerings-firm' },
  { name: 'offerings (admin)', as: 'admin', url: () => '/admin/offerings', shot: 'a11y-admin-offerings' },
  { name: 'new offering', as: 'admin', url: () => '/admin/offerings/new', shot: 'a11y-admin-offering-new' },
  { name: 'edit offering', as: 'admin', url: () => `/admin/offerings/${ids.offering}`, shot: 'a11y-admin-offering' },
  { name: 'offerings report', as: 'tutor', url: () => '/reports/angebote', shot: 'a11y-reports-offerings' },
  { name: 'invite a person from a firm', as: 'tutor', url: () => '/staff/teilnehmer/invite', shot: 'a11y-invite-firm' },
  { name: 'one certificate (admin)', as: 'admin', url: () => `/admin/certificates/${ids.certificate}` },
  // LTI: the courses a tutor taught, one course's NRPS members, a platform that cannot be reached, the import result.
  { name: 'LTI platform courses', as: 'tutor', url: () => '/staff/lti', shot: 'a11y-lti-courses' },
  { name: 'LTI course members', as: 'tutor', url: () => `/staff/lti/${ids.ltiCourse}`, shot: 'a11y-lti-members' },
  {
    name: 'LTI course whose platform is unreachable',
    as: 'tutor',
    url: () => `/staff/lti/${ids.ltiCourseDown}`,
    status: 502,
    shot: 'a11y-lti-unreachable',
  },
  {
    name: 'LTI import result',
    as: 'tutor',
    url: () => `/staff/lti/${ids.ltiCourse}`,
    then: async (page) => {
      await page.getByLabel('Region Saarland').check();
      await page.getByRole('button', { name: 'Mitglieder übernehmen' }).click();
      await page.locator('#import-summary').waitFor();
    },
    shot: 'a11y-lti-import-result',
  },
];

describe('every page type meets WCAG 2.1 AA as axe-core checks it', () => {
  it.each(PAGES.map((p) => [p.name, p.as, p] as const))(
    'when %s is opened as %s, then axe finds no serious or critical violation',
    async (_name, _as, p) => {
      const page = await pageAs(p.as);
      const res = await page.goto(`${srv.baseUrl}${p.url()}`);
      expect(res?.status()).toBe(p.status ?? 200);
      if (p.then) await p.then(page);
      const findings = await scan(page, { skipFrameContent: p.skipFrameContent });
      log.add(p.name, findings);
      expect(findings.filter(isBlocking)).toEqual([]);
      if (p.shot) {
        await screenshot(page, `${p.shot}-desktop`);
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, `${p.shot}-phone`);
      }
      await page.close();
    },
    60_000,
  );
});
