import ICAL from 'ical.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { AuditEntry } from '../../src/shared/audit';
import { ConsultationHour } from '../../src/exchange/exchange-models';
import { toBerlinLocal } from '../../src/shared/berlin-time';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Agent = Awaited<ReturnType<typeof loginAs>>;
const inDays = (d: number) => toBerlinLocal(new Date(Date.now() + d * 86400_000));

async function create(agent: Agent, fields: Record<string, string>, status: number) {
  const token = await tokenFor(agent, '/austausch/sprechstunden');
  return agent
    .post('/austausch/sprechstunden')
    .type('form')
    .send({ _csrf: token, region: 'saarland', minutes: '60', ...fields })
    .expect(status);
}

describe('consultation hours (Klassenzimmer)', () => {
  it('when a tutor creates one for the region, then Lotsen of the region see it with link and calendar file, others do not', async () => {
    const tutorUser = await makeUser('tutor', { region: 'saarland' });
    const tutor = await loginAs(t.app, tutorUser);
    const title = 'Sprechstunde; Tools, Methoden <script>x</script>';
    await create(
      tutor,
      { title, startsAt: inDays(3), meetingUrl: 'https://meet.example.org/raum?a=1&b=2', note: 'Bitte\nvorher lesen' },
      303,
    );
    const row = await ConsultationHour.findOne({ order: [['id', 'DESC']] });
    expect(row!.endsAt.getTime() - row!.startsAt.getTime()).toBe(3600_000);
    expect(await AuditEntry.count({ where: { action: 'exchange.consultation_created', subjectId: row!.id } })).toBe(1);

    const lotse = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    const page = await lotse.get('/austausch/sprechstunden').expect(200);
    expect(page.text).toContain('Sprechstunde; Tools, Methoden &lt;script&gt;x&lt;/script&gt;');
    expect(page.text).toContain('href="https://meet.example.org/raum?a&#x3D;1&amp;b&#x3D;2"');
    expect(page.text).toContain('In Kalender eintragen');
    expect(page.text).not.toContain('Neue Sprechstunde anlegen');
    const space = await lotse.get('/austausch/region:saarland').expect(200);
    expect(space.text).toContain('Nächste Sprechstunden');

    const ics = await lotse.get(`/austausch/sprechstunden/${row!.id}/kalender.ics`).buffer(true).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.headers['content-disposition']).toMatch(/^attachment;/);
    const text = Buffer.isBuffer(ics.body) ? ics.body.toString('utf8') : ics.text;
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    const e = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(e.summary).toBe(title);
    expect(e.startDate.toJSDate().getTime()).toBe(row!.startsAt.getTime());
    expect(e.endDate.toJSDate().getTime()).toBe(row!.endsAt.getTime());
    expect(e.uid).toMatch(new RegExp(`^consultation-${row!.id}@`));
    expect(e.description).toContain('Bitte\nvorher lesen');

    const ruhr = await loginAs(t.app, await makeUser('lotse', { region: 'rhein-ruhr' }));
    expect((await ruhr.get('/austausch/sprechstunden').expect(200)).text).not.toContain('Sprechstunde; Tools');
    await ruhr.get(`/austausch/sprechstunden/${row!.id}/kalender.ics`).expect(403);
    // People from firms of the same region: Q1 consultation hours are not theirs.
    const firm = await loginAs(t.app, await makeUser('teilnehmer', { region: 'saarland' }));
    await firm.get(`/austausch/sprechstunden/${row!.id}/kalender.ics`).expect(403);
  });

  it('when the input is wrong, then 422 with field errors; a Lotse may not create; a tutor only for the own region; without CSRF 403', async () => {
    const tutor = await loginAs(t.app, await makeUser('tutor', { region: 'saarland' }));
    const before = await ConsultationHour.count();
    const bad = await create(tutor, { title: ' ', startsAt: 'morgen', meetingUrl: 'javascript:alert(1)' }, 422);
    expect(bad.text).toContain('Bitte geben Sie einen Titel ein.');
    expect(bad.text).toContain('Datum und Uhrzeit des Beginns');
    expect(bad.text).toContain('gültigen Link');
    const other = await create(
      tutor,
      { title: 'Fremd', region: 'rhein-ruhr', startsAt: inDays(2), meetingUrl: 'https://x.example' },
      422,
    );
    expect(other.text).toContain('nur für Ihre eigene Region');
    const lotse = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    await create(lotse, { title: 'Nein', startsAt: inDays(2), meetingUrl: 'https://x.example' }, 403);
    await tutor
      .post('/austausch/sprechstunden')
      .type('form')
      .send({ title: 'Ohne', region: 'saarland', minutes: '60', startsAt: inDays(2), meetingUrl: 'https://x.example' })
      .expect(403);
    expect(await ConsultationHour.count()).toBe(before);
  });
});
