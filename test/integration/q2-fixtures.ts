/** Rows the Q2 tests start from. Each test makes its own people; the Q1 packages are shared per database. */
import PDFDocument from 'pdfkit';
import { Package } from '../../src/packages/package-models';
import { PackageCompletion } from '../../src/player/tracking-models';
import { Q1_MODULES } from '../../src/shared/q1-modules';
import { Authorisation, Workshop, WorkshopRegistration } from '../../src/enrolment/enrolment-models';
import { Cohort, CohortSession, CohortTutor } from '../../src/curriculum/cohort-models';
import { makeUser } from '../helpers/users';
import type { Mailer, Mail } from '../../src/shared/mailer';

export async function q1Packages(): Promise<Package[]> {
  const result: Package[] = [];
  for (const m of Q1_MODULES) {
    const existing = await Package.findOne({ where: { moduleKey: m.key } });
    result.push(existing ?? (await Package.create({ title: m.title, moduleKey: m.key })));
  }
  return result;
}

/** Q1 complete for the given module keys (all three by default); `failed` ones completed but not passed. */
export async function completeQ1(
  userId: number,
  keys: string[] = Q1_MODULES.map((m) => m.key),
  failed: string[] = [],
): Promise<void> {
  for (const p of await q1Packages()) {
    if (!keys.includes(p.moduleKey!)) continue;
    await PackageCompletion.create({
      userId,
      packageId: p.id,
      passed: !failed.includes(p.moduleKey!),
      scoreScaled: 0.9,
      completedAt: new Date(),
    });
  }
}

export async function verifiedAuthorisation(
  userId: number,
  status: 'verified' | 'pending' | 'rejected' = 'verified',
): Promise<Authorisation> {
  return Authorisation.create({
    userId,
    number: `OM-${userId}`,
    issuedOn: '2024-05-02',
    documentFile: '00000000-0000-4000-8000-000000000000',
    documentName: 'nachweis.pdf',
    documentType: 'application/pdf',
    documentSize: 10,
    status,
    reason: status === 'rejected' ? 'unleserlich' : null,
  });
}

export async function pastWorkshop(region = 'saarland', capacity = 10): Promise<Workshop> {
  return Workshop.create({
    startsAt: new Date(Date.now() - 3 * 86400_000),
    online: false,
    place: 'Saarbrücken, IHK',
    region,
    capacity,
  });
}

export async function attendedWorkshop(userId: number): Promise<void> {
  const w = await pastWorkshop();
  await WorkshopRegistration.create({ workshopId: w.id, userId, status: 'attended', recordedAt: new Date() });
}

/** A Lotse who meets every Q2 prerequisite. */
export async function eligibleLotse(overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = await makeUser('lotse', overrides);
  await completeQ1(user.id);
  await verifiedAuthorisation(user.id);
  await attendedWorkshop(user.id);
  return user;
}

const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

export async function makeCohort(
  opts: {
    capacity?: number;
    startsIn?: number;
    endsIn?: number;
    sessions?: number;
    tutorIds?: number[];
    required?: number;
    region?: string;
  } = {},
): Promise<Cohort> {
  const c = await Cohort.create({
    title: `Kohorte ${Math.random().toString(36).slice(2, 7)}`,
    region: opts.region ?? 'saarland',
    format: 'praesenz',
    startsOn: day(opts.startsIn ?? 14),
    endsOn: day(opts.endsIn ?? 60),
    capacity: opts.capacity ?? 10,
    requiredAttendance: opts.required ?? 0.8,
  });
  for (let i = 0; i < (opts.sessions ?? 0); i++) {
    await CohortSession.create({ cohortId: c.id, startsAt: new Date(Date.now() - (10 - i) * 86400_000) });
  }
  for (const userId of opts.tutorIds ?? []) await CohortTutor.create({ cohortId: c.id, userId });
  return c;
}

/** A real PDF (pdfkit), as a Lotse would upload it. */
export function samplePdf(text = 'Autorisierung OM-Berater'): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(20).text(text);
    doc.end();
  });
}

/** Records the mails the app sends (it still logs them as without SMTP). */
export function recordMails(mailer: Mailer): Mail[] {
  const sent: Mail[] = [];
  const original = mailer.send.bind(mailer);
  mailer.send = async (mail: Mail) => {
    sent.push(mail);
    await original(mail);
  };
  return sent;
}
