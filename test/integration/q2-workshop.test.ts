import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm, tokenFor } from '../helpers/users';
import { Workshop, WorkshopRegistration } from '../../src/enrolment/enrolment-models';
import { AuditEntry } from '../../src/shared/audit';
import { evaluateGate } from '../../src/enrolment';
import { toBerlinLocal } from '../../src/shared/berlin-time';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const inDays = (d: number) => toBerlinLocal(new Date(Date.now() + d * 86400_000));
/** Time passes: the workshop took place yesterday. */
const happened = (id: number) => Workshop.update({ startsAt: new Date(Date.now() - 86400_000) }, { where: { id } });

async function createAsAdmin(fields: Record<string, string>) {
  const admin = await loginAs(t.app, await makeUser('admin'));
  const res = await submitForm(admin, '/staff/workshops', '/staff/workshops', fields, 303);
  return { admin, id: Number(/\/staff\/workshops\/(\d+)/.exec(res.headers.location)![1]) };
}

describe('workshop "Gemeinsames Beratungsverständnis"', () => {
  it('when an admin creates a date, then it is stored in Berlin time and Lotsen see it; bad input is refused', async () => {
    const { admin, id } = await createAsAdmin({
      startsAt: '2031-02-10T09:30',
      place: 'Saarbrücken, IHK',
      region: 'saarland',
      capacity: '12',
    });
    const w = (await Workshop.findByPk(id))!;
    expect(w.startsAt.toISOString()).toBe('2031-02-10T08:30:00.000Z');
    expect([w.place, w.region, w.capacity, w.online]).toEqual(['Saarbrücken, IHK', 'saarland', 12, false]);
    const bad = await submitForm(
      admin,
      '/staff/workshops',
      '/staff/workshops',
      { startsAt: 'morgen', region: '', capacity: '0' },
      422,
    );
    expect(bad.text).toContain('Bitte geben Sie Datum und Uhrzeit an.');
    expect(bad.text).toContain('Bitte geben Sie einen Ort an oder wählen Sie „online“.');
    const lotse = await loginAs(t.app, await makeUser('lotse'));
    const page = await lotse.get('/q2/workshop').expect(200);
    expect(page.text).toContain('Saarbrücken, IHK');
    expect(page.text).toContain('10.02.2031, 09:30');
  });

  it('when a tutor or a Lotse tries to create a date, then they may not', async () => {
    const tutor = await loginAs(t.app, await makeUser('tutor'));
    const token = await tokenFor(tutor, '/staff/workshops');
    await tutor
      .post('/staff/workshops')
      .type('form')
      .send({ _csrf: token, startsAt: inDays(5), online: 'on', region: 'saarland', capacity: '5' })
      .expect(403);
    const lotse = await loginAs(t.app, await makeUser('lotse'));
    await lotse.get('/staff/workshops').expect(403);
  });

  it('when the last place is taken, then the next Lotse is told it is full and not registered', async () => {
    const { id } = await createAsAdmin({ startsAt: inDays(7), online: 'on', region: 'rhein-ruhr', capacity: '1' });
    const first = await makeUser('lotse');
    const second = await makeUser('lotse');
    const a = await loginAs(t.app, first);
    const b = await loginAs(t.app, second);
    await submitForm(a, '/q2/workshop', `/q2/workshop/${id}/register`, {}, 303);
    await submitForm(b, '/q2/workshop', `/q2/workshop/${id}/register`, {}, 303);
    expect((await b.get('/q2/workshop')).text).toContain('Dieser Termin ist leider ausgebucht.');
    expect((await WorkshopRegistration.findAll({ where: { workshopId: id } })).map((r) => r.userId)).toEqual([
      first.id,
    ]);
    expect((await evaluateGate(first.id)).records.workshop.status).toBe('registered');
    // Unregistering frees the place.
    await submitForm(a, '/q2/workshop', `/q2/workshop/${id}/unregister`, {}, 303);
    await submitForm(b, '/q2/workshop', `/q2/workshop/${id}/register`, {}, 303);
    expect((await WorkshopRegistration.findAll({ where: { workshopId: id } })).map((r) => r.userId)).toEqual([
      second.id,
    ]);
  });

  it('when two Lotsen ask for the last place at the same moment, then only one gets it', async () => {
    const { id } = await createAsAdmin({ startsAt: inDays(9), online: 'on', region: 'saarland', capacity: '1' });
    const agents = await Promise.all([makeUser('lotse'), makeUser('lotse')].map(async (u) => loginAs(t.app, await u)));
    const tokens = await Promise.all(agents.map((a) => tokenFor(a, '/q2/workshop')));
    await Promise.all(
      agents.map((a, i) => a.post(`/q2/workshop/${id}/register`).type('form').send({ _csrf: tokens[i] }).expect(303)),
    );
    expect(await WorkshopRegistration.count({ where: { workshopId: id } })).toBe(1);
  });

  it('when a tutor of the region records attendance in one go, then ticked people attended and the others are absent', async () => {
    const { admin, id } = await createAsAdmin({
      startsAt: inDays(3),
      place: 'Bochum',
      region: 'rhein-ruhr',
      capacity: '5',
    });
    const present = await makeUser('lotse', { region: 'rhein-ruhr' });
    const away = await makeUser('lotse', { region: 'rhein-ruhr' });
    for (const u of [present, away])
      await submitForm(await loginAs(t.app, u), '/q2/workshop', `/q2/workshop/${id}/register`, {}, 303);
    const tutor = await loginAs(t.app, await makeUser('tutor', { region: 'rhein-ruhr' }));
    const sheet = await tutor.get(`/staff/workshops/${id}`).expect(200);
    expect(sheet.text).toContain('Der Termin hat noch nicht begonnen');
    const early = await submitForm(
      tutor,
      `/staff/workshops/${id}`,
      `/staff/workshops/${id}/attendance`,
      { listed: [present.id, away.id], present: [present.id] },
      303,
    );
    expect((await tutor.get(early.headers.location)).text).toContain('ab Beginn des Termins');
    await happened(id);
    await submitForm(
      tutor,
      `/staff/workshops/${id}`,
      `/staff/workshops/${id}/attendance`,
      { listed: [present.id, away.id], present: [present.id] },
      303,
    );
    const regs = await WorkshopRegistration.findAll({ where: { workshopId: id }, order: [['userId', 'ASC']] });
    expect(Object.fromEntries(regs.map((r) => [r.userId, r.status]))).toEqual({
      [present.id]: 'attended',
      [away.id]: 'absent',
    });
    expect(await AuditEntry.count({ where: { action: 'workshop.attendance', subjectId: String(id) } })).toBe(2);
    // Saving the same list again changes nothing and writes nothing.
    await submitForm(
      admin,
      `/staff/workshops/${id}`,
      `/staff/workshops/${id}/attendance`,
      { listed: [present.id, away.id], present: [present.id] },
      303,
    );
    expect(await AuditEntry.count({ where: { action: 'workshop.attendance', subjectId: String(id) } })).toBe(2);
    expect((await evaluateGate(present.id)).records.workshop.status).toBe('attended');
    expect((await evaluateGate(away.id)).missing.map((m) => m.code)).toContain('WORKSHOP_NOT_ATTENDED');
  });

  it('when a tutor of another region opens or records a workshop, then it is refused', async () => {
    const { id } = await createAsAdmin({
      startsAt: inDays(2),
      place: 'Lübeck',
      region: 'luebeck-westmecklenburg',
      capacity: '5',
    });
    const lotse = await makeUser('lotse');
    await submitForm(await loginAs(t.app, lotse), '/q2/workshop', `/q2/workshop/${id}/register`, {}, 303);
    await happened(id);
    const tutor = await loginAs(t.app, await makeUser('tutor', { region: 'saarland' }));
    await tutor.get(`/staff/workshops/${id}`).expect(403);
    const token = await tokenFor(tutor, '/staff/workshops');
    await tutor
      .post(`/staff/workshops/${id}/attendance`)
      .type('form')
      .send({ _csrf: token, listed: lotse.id, present: lotse.id })
      .expect(403);
    expect((await WorkshopRegistration.findOne({ where: { workshopId: id } }))!.status).toBe('registered');
    expect((await tutor.get('/staff/workshops')).text).not.toContain(`/staff/workshops/${id}"`);
  });
});
