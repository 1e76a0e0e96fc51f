import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm, tokenFor } from '../helpers/users';
import { importSample, openPlayer, launchSco, commit, body12 } from './player-helpers';
import { AuditEntry } from '../../src/shared/audit';
import { createOffering } from '../../src/offerings';
import { pdfText } from '../unit/certificates/pdf-tools';
import type { UserView } from '../../src/auth/user-model';

// Many real logins (bcrypt) and player commits per test: generous on a loaded CI machine.
jest.setTimeout(120_000);

let t: TestApp;
let admin: UserView;
let pkgA: number;
let pkgB: number;
let q1Pkg: number;
beforeAll(async () => {
  t = await createTestApp({ BASE_URL: 'http://lms.gezu.example' });
  admin = await makeUser('admin');
  pkgA = (await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id)).id;
  pkgB = (await importSample(t, 'scorm12/ContentPackagingSingleSCO_SCORM12', admin.id)).id;
  q1Pkg = (await importSample(t, 'scorm12/RuntimeMinimumCalls_SCORM12', admin.id, { moduleKey: 'technik' })).id;
});
afterAll(async () => t?.close());

const base = {
  description: 'Eine Weiterbildung zum Ausprobieren.',
  regions: [] as string[],
  enrolment: 'open',
  startsOn: '',
  endsOn: '',
};
const offer = (fields: Record<string, unknown>) =>
  createOffering({ ...base, packageId: pkgA, audiences: ['lotsen'], ...fields }, admin.id);

/** Completes the one SCO of a package as the agent's user, through the real player routes. */
async function completePackage(agent: ReturnType<typeof request.agent>, packageId: number) {
  const data = await openPlayer(agent, packageId);
  const scoId = data.items.find((i) => i.type === 'sco')!.id;
  const { launch } = await launchSco(agent, data, scoId);
  await commit(agent, data, scoId, launch, body12(1, { lesson_status: 'completed', exit: '' })).expect(200);
}

describe('admin pages', () => {
  it('when an admin publishes a package through the form, then it is listed and the change is in the audit log', async () => {
    const agent = await loginAs(t.app, admin);
    const page = await agent.get('/admin/offerings/new').expect(200);
    expect(page.text).toContain('Neues Angebot veröffentlichen');
    expect(page.text).not.toContain(`<option value="${q1Pkg}"`);
    const res = await submitForm(
      agent,
      '/admin/offerings/new',
      '/admin/offerings',
      {
        ...base,
        packageId: pkgA,
        title: 'Moderation kompakt',
        audiences: ['lotsen', 'unternehmen'],
        regions: ['saarland'],
      },
      303,
    );
    const id = Number(/\/admin\/offerings\/(\d+)/.exec(res.headers.location)![1]);
    const list = await agent.get('/admin/offerings').expect(200);
    expect(list.text).toContain('Moderation kompakt');
    expect(list.text).toContain('Lotsen, Unternehmen');
    expect(list.text).toContain('Saarland');
    const audit = await AuditEntry.findOne({ where: { action: 'offering.create', subjectId: id } });
    expect(audit).not.toBeNull();
  });

  it('when the form is incomplete or names a Q1 module, then it comes back (422) with German errors per field', async () => {
    const agent = await loginAs(t.app, admin);
    const empty = await submitForm(
      agent,
      '/admin/offerings/new',
      '/admin/offerings',
      { ...base, packageId: '', title: '', description: '' },
      422,
    );
    expect(empty.text).toContain('Bitte wählen Sie ein SCORM-Paket.');
    expect(empty.text).toContain('Bitte geben Sie einen Titel ein.');
    expect(empty.text).toContain('Bitte wählen Sie mindestens eine Zielgruppe.');
    const q1 = await submitForm(
      agent,
      '/admin/offerings/new',
      '/admin/offerings',
      { ...base, packageId: q1Pkg, title: 'Q1 als Angebot', audiences: ['lotsen'] },
      422,
    );
    expect(q1.text).toContain('ist ein Q1-Modul');
    const dates = await submitForm(
      agent,
      '/admin/offerings/new',
      '/admin/offerings',
      {
        ...base,
        packageId: pkgA,
        title: 'Falsch herum',
        audiences: ['lotsen'],
        startsOn: '2026-05-10',
        endsOn: '2026-05-01',
      },
      422,
    );
    expect(dates.text).toContain('Das Ende darf nicht vor dem Beginn liegen.');
  });

  it('when the form is posted without the CSRF token, then nothing is created (403)', async () => {
    const agent = await loginAs(t.app, admin);
    await agent
      .post('/admin/offerings')
      .type('form')
      .send({ ...base, packageId: pkgA, title: 'Ohne Token', audiences: 'lotsen' })
      .expect(403);
  });

  it('when an admin archives an offering, then learners no longer see it; a Lotse or tutor cannot reach the admin pages', async () => {
    const o = await offer({ title: 'Bald archiviert' });
    const lotse = await makeUser('lotse');
    const la = await loginAs(t.app, lotse);
    expect((await la.get('/angebote').expect(200)).text).toContain('Bald archiviert');
    const agent = await loginAs(t.app, admin);
    await submitForm(agent, `/admin/offerings/${o.id}`, `/admin/offerings/${o.id}/archive`, {}, 303);
    expect((await la.get('/angebote').expect(200)).text).not.toContain('Bald archiviert');
    await la.get(`/angebote/${o.id}`).expect(404);
    await la.get('/admin/offerings').expect(403);
    const tutor = await loginAs(t.app, await makeUser('tutor'));
    await tutor.get(`/admin/offerings/${o.id}`).expect(403);
  });
});

describe('who sees which offering', () => {
  it('when offerings differ in audience, region, dates and enrolment, then each person sees exactly theirs', async () => {
    const tag = `S${Date.now()}`;
    const forLotsenSaar = await offer({ title: `${tag} Lotsen Saarland`, regions: ['saarland'] });
    const forLotsenRuhr = await offer({ title: `${tag} Lotsen Rhein-Ruhr`, regions: ['rhein-ruhr'] });
    const forFirms = await offer({ title: `${tag} Unternehmen`, audiences: ['unternehmen'] });
    const forOm = await offer({ title: `${tag} OM-Berater`, audiences: ['om_berater'] });
    const invitation = await offer({ title: `${tag} Einladung`, enrolment: 'invitation' });
    const ended = await offer({ title: `${tag} Vorbei`, startsOn: '2020-01-01', endsOn: '2020-02-01' });
    const upcoming = await offer({ title: `${tag} Kommt noch`, startsOn: '2099-01-01' });
    const lotse = await makeUser('lotse', { region: 'saarland' });
    const invited = await makeUser('lotse', { region: 'rhein-ruhr' });
    const firm = await makeUser('teilnehmer', { region: 'saarland' });

    const agent = await loginAs(t.app, admin);
    await submitForm(
      agent,
      `/admin/offerings/${invitation.id}`,
      `/admin/offerings/${invitation.id}/invitations`,
      { emails: `${invited.email}\n${firm.email}\nniemand@example.org` },
      303,
    );
    const flashPage = await agent.get(`/admin/offerings/${invitation.id}`).expect(200);
    expect(flashPage.text).toContain('Eingeladen: Test');
    expect(flashPage.text).toContain('Nicht in der Zielgruppe des Angebots');
    expect(flashPage.text).toContain('Kein aktives Konto für: niemand@example.org');

    const seen = async (u: UserView) => {
      const html = (await (await loginAs(t.app, u)).get('/angebote').expect(200)).text;
      return [forLotsenSaar, forLotsenRuhr, forFirms, forOm, invitation, ended, upcoming]
        .filter((o) => html.includes(o.title))
        .map((o) => o.title.replace(`${tag} `, ''));
    };
    expect(await seen(lotse)).toEqual(['Lotsen Saarland', 'Kommt noch']);
    expect(await seen(invited)).toEqual(['Lotsen Rhein-Ruhr', 'Einladung', 'Kommt noch']);
    expect(await seen(firm)).toEqual(['Unternehmen']);

    // Another's offering answers 404, and enrolling in one not yet started is refused with a reason.
    const la = await loginAs(t.app, lotse);
    await la.get(`/angebote/${forFirms.id}`).expect(404);
    await la
      .post(`/angebote/${forFirms.id}/enrol`)
      .set('x-csrf-token', await tokenFor(la, '/angebote'))
      .expect(404);
    await submitForm(la, `/angebote/${upcoming.id}`, `/angebote/${upcoming.id}/enrol`, {}, 303);
    expect((await la.get(`/angebote/${upcoming.id}`).expect(200)).text).toContain(
      'Die Anmeldung zu diesem Angebot ist noch nicht geöffnet.',
    );
  });
});

describe('learning in an offering', () => {
  it('when a Lotse enrols, completes the package and asks for the confirmation, then the PDF names the offering and verifies', async () => {
    const o = await offer({ title: 'Netzwerke moderieren', packageId: pkgB });
    const lotse = await makeUser('lotse', { firstName: 'Jürgen', lastName: 'Weiß' });
    const agent = await loginAs(t.app, lotse);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Weitere Angebote');
    expect(home.text).toContain('Netzwerke moderieren');
    await submitForm(agent, `/angebote/${o.id}`, `/angebote/${o.id}/enrol`, {}, 303);
    let detail = (await agent.get(`/angebote/${o.id}`).expect(200)).text;
    expect(detail).toContain('Sie sind für „Netzwerke moderieren“ angemeldet.');
    expect(detail).toContain('aria-valuenow="0"');
    expect(detail).toContain('Sobald Sie das Angebot abgeschlossen haben');
    // Before completion the confirmation is refused with a reason.
    await submitForm(agent, `/angebote/${o.id}`, `/angebote/${o.id}/confirmation`, {}, 303);
    expect((await agent.get(`/angebote/${o.id}`).expect(200)).text).toContain(
      'erst, wenn Sie das Angebot abgeschlossen haben',
    );

    await completePackage(agent, pkgB);
    detail = (await agent.get(`/angebote/${o.id}`).expect(200)).text;
    expect(detail).toContain('aria-valuenow="100"');
    await submitForm(agent, `/angebote/${o.id}`, `/angebote/${o.id}/confirmation`, {}, 303);
    detail = (await agent.get(`/angebote/${o.id}`).expect(200)).text;
    expect(detail).toContain('Ihre Teilnahmebestätigung ist erstellt.');
    const pdfUrl = /href="(\/certificates\/\d+\/pdf)"/.exec(detail)![1];
    const code = /<code class="nowrap">([^<]+)<\/code>/.exec(detail)![1];
    const pdf = await agent
      .get(pdfUrl)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-disposition']).toContain('Teilnahmebestaetigung-Weiterbildung');
    const { text, info } = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Teilnahmebestätigung');
    expect(text).toContain('Jürgen Weiß');
    expect(text).toContain('an der Weiterbildung „Netzwerke moderieren“ teilgenommen');
    expect(text).toContain(code);
    expect(info.Subject).toContain('Netzwerke moderieren');

    const verify = await request(t.app).get(`/verify/${code}`).expect(200);
    expect(verify.text).toContain('Teilnahmebestätigung Weiterbildung');
    expect(verify.text).toContain('Netzwerke moderieren');
    // Asking again issues nothing new.
    await submitForm(agent, `/angebote/${o.id}`, `/angebote/${o.id}/confirmation`, {}, 303);
    expect(await AuditEntry.count({ where: { action: 'certificate.issue', subjectUserId: lotse.id } })).toBe(1);
  });

  it('when a person from a firm is enrolled, then they play only that package; Q1 packages and /learning stay closed', async () => {
    const o = await offer({ title: 'Für Betriebe', audiences: ['unternehmen'], packageId: pkgA });
    const firm = await makeUser('teilnehmer', { region: 'saarland' });
    const agent = await loginAs(t.app, firm);
    await agent.get(`/play/${pkgA}`).expect(403);
    await submitForm(agent, `/angebote/${o.id}`, `/angebote/${o.id}/enrol`, {}, 303);
    await completePackage(agent, pkgA);
    expect((await agent.get('/angebote').expect(200)).text).toContain('aria-valuenow="100"');
    await agent.get(`/play/${q1Pkg}`).expect(403);
    await agent.get(`/play/${pkgB}`).expect(403);
    const learning = await agent.get('/learning').expect(303);
    expect(learning.headers.location).toBe('/angebote');
    const home = (await agent.get('/').expect(200)).text;
    expect(home).toContain('Für Betriebe');
    expect(home).not.toContain('href="/learning"');
    expect(home).not.toContain('href="/q2"');
    // Their own progress lists only their offering's package, no Q1 module.
    const progress = (await agent.get('/api/v1/me/progress').expect(200)).body as { packages: { id: number }[] };
    expect(progress.packages.map((p) => p.id)).toEqual([pkgA]);
    // A Lotse's list is unchanged: the Q1 module is there.
    const lotse = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const lotseProgress = (await lotse.get('/api/v1/me/progress').expect(200)).body as { packages: { id: number }[] };
    expect(lotseProgress.packages.map((p) => p.id)).toContain(q1Pkg);
  });
});

describe('inviting people from firms', () => {
  it('when a tutor invites a person from a firm, then the account is a teilnehmer of the tutor’s region', async () => {
    const tutor = await makeUser('tutor', { region: 'rhein-ruhr' });
    const agent = await loginAs(t.app, tutor);
    const email = `firma-${Date.now()}@example.org`;
    const res = await submitForm(
      agent,
      '/staff/teilnehmer/invite',
      '/staff/teilnehmer/invite',
      { firstName: 'Petra', lastName: 'Betrieb', email, region: 'saarland', role: 'admin' },
      201,
    );
    expect(res.text).toContain('/invitation/');
    const { User } = await import('../../src/auth/user-model');
    const row = await User.findOne({ where: { email } });
    expect(row).toMatchObject({ role: 'teilnehmer', region: 'rhein-ruhr' });
  });

  it('when an admin invites a teilnehmer without a region, then the form asks for one (422)', async () => {
    const agent = await loginAs(t.app, admin);
    const res = await submitForm(
      agent,
      '/staff/teilnehmer/invite',
      '/staff/teilnehmer/invite',
      { firstName: 'Ohne', lastName: 'Region', email: `ohne-${Date.now()}@example.org`, region: '' },
      422,
    );
    expect(res.text).toContain('field-error');
  });
});

describe('offerings in the tutor reports', () => {
  it('when a tutor opens the Weiterbildung report and its CSV, then they see their region’s participants with progress, filtered', async () => {
    const o = await offer({ title: 'Bericht-Angebot', audiences: ['lotsen', 'unternehmen'], packageId: pkgB });
    const saar = await makeUser('lotse', { region: 'saarland', lastName: 'Saarländer' });
    const ruhr = await makeUser('lotse', { region: 'rhein-ruhr', lastName: 'Ruhrpott' });
    const firm = await makeUser('teilnehmer', { region: 'saarland', lastName: 'Firmenmensch' });
    for (const u of [saar, ruhr, firm]) {
      const agent = await loginAs(t.app, u);
      await submitForm(agent, `/angebote/${o.id}`, `/angebote/${o.id}/enrol`, {}, 303);
      if (u === saar) await completePackage(agent, pkgB);
    }
    const tutor = await loginAs(t.app, await makeUser('tutor', { region: 'saarland' }));
    const page = (await tutor.get(`/reports/angebote?offering=${o.id}`).expect(200)).text;
    expect(page).toContain('Saarländer');
    expect(page).toContain('Firmenmensch');
    expect(page).not.toContain('Ruhrpott');
    expect(page).toContain('aria-valuenow="100"');
    // Without filters, and with filters that mean nothing, the report still answers (all, unfiltered).
    expect((await tutor.get('/reports/angebote').expect(200)).text).toContain('Saarländer');
    await tutor.get('/reports/angebote?offering=abc&region=mond&state=x').expect(200);
    await tutor.get('/reports/export/offerings.csv').expect(200);
    const done = (await tutor.get(`/reports/angebote?offering=${o.id}&state=done`).expect(200)).text;
    expect(done).toContain('Saarländer');
    expect(done).not.toContain('Firmenmensch');
    const csv = await tutor.get(`/reports/export/offerings.csv?offering=${o.id}`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('"Angebot";"Nachname"');
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes('Saarländer'))).toContain('"100"');
    expect(lines.find((l) => l.includes('Firmenmensch'))).toContain('"Teilnehmer/in (Unternehmen)"');
    const admin2 = await loginAs(t.app, admin);
    const all = (await admin2.get(`/reports/angebote?offering=${o.id}&region=rhein-ruhr`).expect(200)).text;
    expect(all).toContain('Ruhrpott');
    expect(all).not.toContain('Saarländer');
    const lotse = await loginAs(t.app, saar);
    await lotse.get('/reports/angebote').expect(403);

    // The Lotsen × Q1 matrix and its CSV carry a "Weitere Angebote" column per Lotse.
    const matrix = (await tutor.get(`/reports?q=${encodeURIComponent('Saarländer')}`).expect(200)).text;
    expect(matrix).toContain('>Angebote</a>');
    const saarRow = new RegExp(`<tr data-lotse="${saar.id}">[\\s\\S]*?</tr>`).exec(matrix)![0];
    expect(saarRow).toMatch(/1 von 1 <span class="muted block">abgeschlossen<\/span>/);
    const matrixCsv = (
      await tutor.get(`/reports/export/matrix.csv?q=${encodeURIComponent('Saarländer')}`).expect(200)
    ).text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(matrixCsv[0]).toMatch(/"Weitere Angebote"$/);
    expect(matrixCsv.find((l) => l.includes('Saarländer'))).toMatch(/"1 von 1 abgeschlossen"$/);
  });
});
