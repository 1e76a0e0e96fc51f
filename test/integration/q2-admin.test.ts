import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm } from '../helpers/users';
import { CohortEnrolment } from '../../src/curriculum/cohort-models';
import { AuditEntry } from '../../src/shared/audit';
import { eligibleLotse, makeCohort } from './q2-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ADMIN_PAGES = ['/admin/authorisations', '/admin/audit', '/admin/audit/export.csv'];

describe('admin bulk enrolment', () => {
  it('when some Lotsen do not meet the gate, then they are listed as refused and only the others are enrolled', async () => {
    const ok = await eligibleLotse();
    const notYet = await makeUser('lotse', { firstName: 'Nora', lastName: 'Nochnicht' });
    const cohort = await makeCohort();
    const admin = await loginAs(t.app, await makeUser('admin'));
    const res = await submitForm(
      admin,
      `/staff/cohorts/${cohort.id}/enrol`,
      `/staff/cohorts/${cohort.id}/enrol`,
      { emails: `${ok.email}\n${notYet.email.toUpperCase()}, unbekannt@example.org` },
      422,
    );
    expect(res.text).toContain('Ergebnis: 1 angemeldet oder auf der Warteliste, 1 abgelehnt');
    expect(res.text).toContain('Nora Nochnicht');
    expect(res.text).toContain('Reichen Sie Ihre OM-Berater-Autorisierung ein');
    expect(res.text).toContain('Kein Konto mit dieser E-Mail-Adresse.');
    const rows = await CohortEnrolment.findAll({ where: { cohortId: cohort.id } });
    expect(rows.map((r) => [r.userId, r.status])).toEqual([[ok.id, 'enrolled']]);
  });

  it('when the admin overrides, then a reason is required and the override is audited per person', async () => {
    const a = await makeUser('lotse');
    const b = await makeUser('lotse');
    const cohort = await makeCohort({ capacity: 1 });
    const admin = await loginAs(t.app, await makeUser('admin'));
    const url = `/staff/cohorts/${cohort.id}/enrol`;
    const noReason = await submitForm(admin, url, url, { userIds: [a.id, b.id], override: 'on', reason: ' ' }, 422);
    expect(noReason.text).toContain('Bitte geben Sie eine Begründung an.');
    expect(await CohortEnrolment.count({ where: { cohortId: cohort.id } })).toBe(0);
    await submitForm(
      admin,
      url,
      url,
      { userIds: [a.id, b.id], override: 'on', reason: 'Autorisierung liegt schriftlich vor.' },
      200,
    );
    const rows = await CohortEnrolment.findAll({ where: { cohortId: cohort.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => r.status)).toEqual(['enrolled', 'waitlisted']);
    expect(rows.every((r) => r.overrideReason === 'Autorisierung liegt schriftlich vor.')).toBe(true);
    const overrides = await AuditEntry.findAll({ where: { action: 'q2.override', subjectId: String(cohort.id) } });
    expect(overrides.map((o) => o.subjectUserId).sort()).toEqual([a.id, b.id].sort());
    expect(JSON.parse(overrides[0].beforeJson!).missing).toEqual([
      'Q1_INCOMPLETE',
      'AUTHORISATION_MISSING',
      'WORKSHOP_NOT_ATTENDED',
    ]);
    expect(overrides.every((o) => o.reason === 'Autorisierung liegt schriftlich vor.')).toBe(true);
  });
});

describe('audit log page', () => {
  it('when an admin filters by action, person and date, then only matching entries are shown', async () => {
    const lotse = await eligibleLotse({ firstName: 'Agathe', lastName: 'Auditfall' });
    const cohort = await makeCohort();
    const admin = await loginAs(t.app, await makeUser('admin'));
    await submitForm(
      admin,
      `/staff/cohorts/${cohort.id}/enrol`,
      `/staff/cohorts/${cohort.id}/enrol`,
      { userIds: [lotse.id] },
      200,
    );
    const byAction = await admin.get('/admin/audit?action=q2.enrolled&q=Auditfall').expect(200);
    expect(byAction.text).toContain('1 Einträge');
    expect(byAction.text).toContain('Q2: angemeldet');
    expect(byAction.text).toContain('Agathe Auditfall');
    const byPerson = await admin.get(`/admin/audit?q=${encodeURIComponent(lotse.email)}`).expect(200);
    expect(byPerson.text).toContain('Konto angelegt');
    expect(byPerson.text).toContain('Q2: angemeldet');
    const tomorrow = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    expect((await admin.get(`/admin/audit?q=Auditfall&from=${tomorrow}`).expect(200)).text).toContain(
      'Keine Einträge für diese Auswahl.',
    );
    expect((await admin.get('/admin/audit?q=niemand-heisst-so').expect(200)).text).toContain(
      'Keine Einträge für diese Auswahl.',
    );
  });

  it('when the log is exported, then the CSV has a BOM, semicolons and the filtered rows', async () => {
    const lotse = await makeUser('lotse', { lastName: 'Semikolon;"Test"' });
    const admin = await loginAs(t.app, await makeUser('admin'));
    const res = await admin
      .get(`/admin/audit/export.csv?q=${encodeURIComponent(lotse.email)}`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id;zeitpunkt;aktion;ausgefuehrt_von;ausgefuehrt_von_email;betroffen;betroffen_email;objekt;vorher;nachher;begruendung',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(';user.created;');
    expect(lines[1]).toContain('"Test Semikolon;""Test"""');
  });

  it('when a Lotse or a tutor opens admin pages of Q2, then they get 403', async () => {
    for (const role of ['lotse', 'tutor'] as const) {
      const agent = await loginAs(t.app, await makeUser(role));
      for (const url of ADMIN_PAGES) await agent.get(url).expect(403);
    }
  });
});
