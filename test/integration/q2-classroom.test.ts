/**
 * Klassenzimmer (issue 18): a Q2 cohort carries a video room; its enrolled Lotsen see the sessions with
 * the link and download a calendar file per session (parsed back with ical.js). Nobody else gets them.
 */
import ICAL from 'ical.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm } from '../helpers/users';
import { Cohort, CohortEnrolment, CohortSession } from '../../src/curriculum/cohort-models';
import { AuditEntry } from '../../src/shared/audit';
import { SESSION_LENGTH_MINUTES } from '../../src/curriculum';
import { makeCohort } from './q2-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ROOM = 'https://meet.example.org/q2-saar?raum=1&pin=2';

async function editFields(c: Cohort, extra: Record<string, string>) {
  return {
    title: c.title,
    region: c.region,
    format: c.format,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    capacity: String(c.capacity),
    ...extra,
  };
}

describe('Q2 Klassenzimmer: video room and calendar files of a cohort', () => {
  it('when an admin sets the video room, then enrolled Lotsen see it with each session and get an .ics per session', async () => {
    const admin = await loginAs(t.app, await makeUser('admin'));
    const cohort = await makeCohort();
    const session = await CohortSession.create({
      cohortId: cohort.id,
      // Calendar times have whole seconds: the session starts on the minute, as the form makes them.
      startsAt: new Date(Math.floor(Date.now() / 60_000) * 60_000 + 7 * 86400_000),
      title: 'Fallarbeit; Teil 1',
    });
    await submitForm(
      admin,
      `/staff/cohorts/${cohort.id}/edit`,
      `/staff/cohorts/${cohort.id}/edit`,
      await editFields(cohort, { meetingUrl: ROOM }),
      303,
    );
    expect((await Cohort.findByPk(cohort.id))!.meetingUrl).toBe(ROOM);
    const audit = await AuditEntry.findOne({ where: { action: 'cohort.updated', subjectId: String(cohort.id) } });
    expect(audit!.afterJson).toContain(ROOM);
    expect((await admin.get(`/staff/cohorts/${cohort.id}`).expect(200)).text).toContain(
      'href="https://meet.example.org/q2-saar?raum&#x3D;1&amp;pin&#x3D;2"',
    );

    const member = await makeUser('lotse', { region: 'saarland' });
    await CohortEnrolment.create({
      cohortId: cohort.id,
      userId: member.id,
      status: 'enrolled',
      requestedAt: new Date(),
      enrolledAt: new Date(),
    });
    const agent = await loginAs(t.app, member);
    const page = await agent.get('/q2').expect(200);
    expect(page.text).toContain('Klassenzimmer: Ihre Termine');
    expect(page.text).toContain('Zum Videoraum der Kohorte');
    expect(page.text).toContain('Fallarbeit; Teil 1');
    const href = `/q2/cohorts/${cohort.id}/sessions/${session.id}/kalender.ics`;
    expect(page.text).toContain(`href="${href}"`);

    const ics = await agent.get(href).buffer(true).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.headers['content-disposition']).toMatch(/^attachment; filename="q2-termin-\d+\.ics"$/);
    const text = Buffer.isBuffer(ics.body) ? ics.body.toString('utf8') : ics.text;
    expect(text.endsWith('\r\n')).toBe(true);
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(`Q2: ${cohort.title} – Fallarbeit; Teil 1`);
    expect(event.location).toBe(ROOM);
    expect(event.uid).toMatch(new RegExp(`^q2-session-${session.id}@`));
    expect(event.startDate.toJSDate().getTime()).toBe(session.startsAt.getTime());
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(
      SESSION_LENGTH_MINUTES * 60_000,
    );
    expect(event.description).toContain(`Videoraum: ${ROOM}`);
  });

  it('when someone has no place in the cohort, then they see no sessions and the calendar file is not found', async () => {
    const cohort = await makeCohort();
    await cohort.update({ meetingUrl: ROOM });
    const session = await CohortSession.create({ cohortId: cohort.id, startsAt: new Date(Date.now() + 86400_000) });
    const href = `/q2/cohorts/${cohort.id}/sessions/${session.id}/kalender.ics`;

    const waiting = await makeUser('lotse', { region: 'saarland' });
    await CohortEnrolment.create({
      cohortId: cohort.id,
      userId: waiting.id,
      status: 'waitlisted',
      requestedAt: new Date(),
    });
    const waitingAgent = await loginAs(t.app, waiting);
    expect((await waitingAgent.get('/q2').expect(200)).text).not.toContain('meet.example.org');
    await waitingAgent.get(href).expect(404);

    const stranger = await loginAs(t.app, await makeUser('lotse', { region: 'saarland' }));
    expect((await stranger.get('/q2').expect(200)).text).not.toContain('Klassenzimmer');
    await stranger.get(href).expect(404);

    // A session of another cohort through a cohort one does belong to: not found either.
    const other = await makeCohort();
    const member = await makeUser('lotse', { region: 'saarland' });
    await CohortEnrolment.create({
      cohortId: other.id,
      userId: member.id,
      status: 'enrolled',
      requestedAt: new Date(),
      enrolledAt: new Date(),
    });
    await (await loginAs(t.app, member)).get(`/q2/cohorts/${other.id}/sessions/${session.id}/kalender.ics`).expect(404);

    const firm = await loginAs(t.app, await makeUser('teilnehmer', { region: 'saarland' }));
    const refused = await firm.get(href);
    expect([403, 404]).toContain(refused.status);
  });

  it('when the video room is not an http(s) address, then the form says so and nothing changes', async () => {
    const admin = await loginAs(t.app, await makeUser('admin'));
    const cohort = await makeCohort();
    await cohort.update({ meetingUrl: ROOM });
    for (const bad of [
      'javascript:alert(1)',
      'meet.example.org/raum',
      'https://x.org/"><script>',
      `https://x.org/${'a'.repeat(500)}`,
    ]) {
      const res = await submitForm(
        admin,
        `/staff/cohorts/${cohort.id}/edit`,
        `/staff/cohorts/${cohort.id}/edit`,
        await editFields(cohort, { meetingUrl: bad }),
        422,
      );
      expect(res.text).toContain('Bitte eine vollständige Adresse angeben, die mit https:// beginnt.');
      expect(res.text).not.toContain('<script>');
      expect((await Cohort.findByPk(cohort.id))!.meetingUrl).toBe(ROOM);
    }
  });
});
