import { z } from 'zod';
import { Op } from 'sequelize';
import { NoPermissionError, NotFoundError, ValidationError } from '../shared/errors';
import { writeAudit } from '../shared/audit';
import { parseInput } from '../shared/web/input';
import { parseBerlinLocal } from '../shared/berlin-time';
import { REGION_KEYS } from '../shared/regions';
import { ConsultationHour } from './exchange-models';
import { calendarFile } from '../shared/ics';
import type { Person } from './spaces';

export const DURATIONS = [30, 45, 60, 90, 120];

const trimmed = (max: number, emptyKey: string, longKey: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().min(1, emptyKey).max(max, longKey));
const consultationInput = z.object({
  region: z.enum(REGION_KEYS, { message: 'exchange.consult.error.region' }),
  title: trimmed(200, 'exchange.error.title_empty', 'exchange.error.title_long'),
  startsAt: z.preprocess((v) => parseBerlinLocal(v), z.date({ message: 'exchange.consult.error.starts_at' })),
  minutes: z.coerce
    .number({ message: 'exchange.consult.error.minutes' })
    .refine((n) => DURATIONS.includes(n), 'exchange.consult.error.minutes'),
  meetingUrl: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z
      .string()
      .max(500, 'exchange.consult.error.url')
      .refine((u) => /^https?:\/\/[^\s"<>]+$/i.test(u) && URL.canParse(u), 'exchange.consult.error.url'),
  ),
  note: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : ''),
    z.string().max(2000, 'exchange.consult.error.note_long'),
  ),
});

export interface ConsultationView {
  id: number;
  region: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** "20:15", Berlin time (the page shows "05.12.2026, 19:15–20:15 Uhr"). */
  endTime: string;
  meetingUrl: string;
  note: string | null;
  icsUrl: string;
}

const timeOfDay = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });

const isStaff = (p: Person) => p.role === 'tutor' || p.role === 'admin';

/**
 * Regions whose consultation hours a person sees: admins all, Lotsen and tutors their own. They are
 * part of Q1, so people from firms (`teilnehmer`) see none.
 */
function regionsOf(person: Person): string[] {
  if (person.role === 'admin') return [...REGION_KEYS];
  if (person.role !== 'lotse' && person.role !== 'tutor') return [];
  return person.region ? [person.region] : [];
}

const view = (r: ConsultationHour): ConsultationView => ({
  id: r.id,
  region: r.region,
  title: r.title,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  endTime: timeOfDay.format(r.endsAt),
  meetingUrl: r.meetingUrl,
  note: r.note,
  icsUrl: `/austausch/sprechstunden/${r.id}/kalender.ics`,
});

/** Upcoming (not yet ended) consultation hours of these regions, soonest first. */
export async function upcomingConsultations(regions: string[], now = new Date()): Promise<ConsultationView[]> {
  if (!regions.length) return [];
  const rows = await ConsultationHour.findAll({
    where: { region: { [Op.in]: regions }, endsAt: { [Op.gt]: now } },
    order: [['startsAt', 'ASC']],
    limit: 100,
  });
  return rows.map(view);
}

export async function consultationsFor(person: Person): Promise<ConsultationView[]> {
  return upcomingConsultations(regionsOf(person));
}

/**
 * Tutors create them for their own region, admins for any; audited. A Lotse gets 403.
 */
export async function createConsultation(person: Person, input: unknown): Promise<ConsultationView> {
  if (!isStaff(person)) throw new NoPermissionError();
  const data = parseInput(consultationInput, input);
  if (person.role !== 'admin' && data.region !== person.region)
    throw new ValidationError('error.check_input', { region: 'exchange.consult.error.own_region' });
  const row = await ConsultationHour.sequelize!.transaction(async (transaction) => {
    const made = await ConsultationHour.create(
      {
        region: data.region,
        title: data.title,
        startsAt: data.startsAt,
        endsAt: new Date(data.startsAt.getTime() + data.minutes * 60_000),
        meetingUrl: data.meetingUrl,
        note: data.note || null,
        createdBy: person.id,
      },
      { transaction },
    );
    await writeAudit(
      {
        actorId: person.id,
        action: 'exchange.consultation_created',
        subjectType: 'consultation_hour',
        subjectId: made.id,
        after: { region: data.region, title: data.title, startsAt: data.startsAt.toISOString(), minutes: data.minutes },
      },
      transaction,
    );
    return made;
  });
  return view(row);
}

/** The calendar file of one consultation hour, for who sees its region (403 otherwise). */
export async function consultationCalendar(id: number, person: Person, host: string): Promise<string> {
  const row = await ConsultationHour.findByPk(id);
  if (!row) throw new NotFoundError('exchange.consult.error.not_found', 'CONSULTATION_NOT_FOUND');
  if (!regionsOf(person).includes(row.region)) throw new NoPermissionError();
  return calendarFile({
    uid: `consultation-${row.id}@${host}`,
    start: row.startsAt,
    end: row.endsAt,
    summary: row.title,
    description: [row.note, `Teilnahme: ${row.meetingUrl}`].filter(Boolean).join('\n\n'),
    location: row.meetingUrl,
    url: row.meetingUrl,
    stamp: row.updatedAt,
  });
}
