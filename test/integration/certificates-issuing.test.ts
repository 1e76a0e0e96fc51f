import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm } from '../helpers/users';
import { Certificate } from '../../src/certificates/certificate-model';
import { PACKAGE_COMPLETED } from '../../src/player';
import { enqueue } from '../../src/outbox';
import { completeModule, completeQ2 } from '../unit/certificates/seed-completions';
import { pdfText, decodeQrFromPdf, hasPdftoppm } from '../unit/certificates/pdf-tools';
import type { CertificateFacts } from '../../src/certificates';

// http: an https BASE_URL would make the session cookie Secure, which supertest does not send over http.
const BASE_URL = 'http://lms.gezu.example';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BASE_URL, CERTIFICATE_PLACE: 'Saarbrücken' });
});
afterAll(async () => t?.close());

const jurgen = () => makeUser('lotse', { firstName: 'Jürgen', lastName: 'Weiß-Öztürk' });

async function completeTwo(userId: number) {
  await completeModule(userId, 'tools-methoden', {
    completedAt: new Date('2026-03-02T09:15:00Z'),
    scoreScaled: 0.87,
    passed: true,
  });
  await completeModule(userId, 'technik', {
    completedAt: new Date('2026-03-09T14:00:00Z'),
    scoreScaled: null,
    passed: null,
  });
}

async function downloadPdf(agent: ReturnType<typeof request.agent>, url: string): Promise<Buffer> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .expect(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.body as Buffer;
}

describe('issuing the Q1 certificate', () => {
  it('when the third Q1 module is completed, then the completion event issues one Q1 certificate with the frozen facts', async () => {
    const lotse = await jurgen();
    await completeTwo(lotse.id);
    expect(await t.ctx.services.certificates.issueQ1IfEligible(lotse.id)).toBeNull();
    expect(await Certificate.count({ where: { userId: lotse.id } })).toBe(0);

    const packageId = await completeModule(lotse.id, 'megatrends', {
      completedAt: new Date('2026-03-15T23:30:00Z'),
      scoreScaled: 0.925,
      passed: true,
    });
    // What the player writes in the commit's transaction; the outbox worker runs the certificate handler.
    await t.ctx.sequelize.transaction((tx) =>
      enqueue(tx, PACKAGE_COMPLETED, { userId: lotse.id, packageId, moduleKey: 'megatrends' }),
    );
    await t.ctx.services.outbox.drain();

    const rows = await Certificate.findAll({ where: { userId: lotse.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].kind).toBe('q1');
    expect(rows[0].code).toMatch(/^GZ-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const facts = JSON.parse(rows[0].factsJson) as CertificateFacts;
    expect(facts.holder.name).toBe('Jürgen Weiß-Öztürk');
    expect(facts.place).toBe('Saarbrücken');
    expect(facts.modules.map((m) => [m.key, m.title, m.completedAt, m.scoreScaled])).toEqual([
      ['tools-methoden', 'Tools & Methoden', '2026-03-02T09:15:00.000Z', 0.87],
      ['technik', 'Technik', '2026-03-09T14:00:00.000Z', null],
      ['megatrends', 'Megatrends', '2026-03-15T23:30:00.000Z', 0.925],
    ]);
    expect(facts.completedAt).toBe('2026-03-15T23:30:00.000Z');
  });

  it('when a module was failed, then no Q1 certificate is issued', async () => {
    const lotse = await makeUser('lotse');
    await completeTwo(lotse.id);
    await completeModule(lotse.id, 'megatrends', { completedAt: new Date(), scoreScaled: 0.3, passed: false });
    expect(await t.ctx.services.certificates.issueQ1IfEligible(lotse.id)).toBeNull();
    expect(await Certificate.count({ where: { userId: lotse.id } })).toBe(0);
  });

  it('when two processes see the completion at once, then exactly one certificate exists and both get its code', async () => {
    const lotse = await makeUser('lotse');
    await completeTwo(lotse.id);
    await completeModule(lotse.id, 'megatrends', { completedAt: new Date(), scoreScaled: 1, passed: true });
    const results = await Promise.all([1, 2, 3, 4].map(() => t.ctx.services.certificates.issueQ1IfEligible(lotse.id)));
    expect(await Certificate.count({ where: { userId: lotse.id, kind: 'q1' } })).toBe(1);
    expect(new Set(results.map((r) => r!.certificate.code)).size).toBe(1);
    expect(results.filter((r) => r!.created)).toHaveLength(1);
    // And a later repeat (completing a module twice) changes nothing either.
    const again = await t.ctx.services.certificates.issueQ1IfEligible(lotse.id);
    expect(again!.created).toBe(false);
    expect(again!.certificate.code).toBe(results[0]!.certificate.code);
  });
});

describe('the certificate PDF', () => {
  it('when the owner downloads it, then the PDF states name, modules, dates and code, and its QR code leads to the verification page', async () => {
    const lotse = await jurgen();
    await completeTwo(lotse.id);
    await completeModule(lotse.id, 'megatrends', {
      completedAt: new Date('2026-03-15T23:30:00Z'),
      scoreScaled: 0.925,
      passed: true,
    });
    const { certificate } = (await t.ctx.services.certificates.issueQ1IfEligible(lotse.id))!;
    const agent = await loginAs(t.app, lotse);
    const pdf = await downloadPdf(agent, `/certificates/${certificate.id}/pdf`);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');

    const { text, info } = await pdfText(pdf);
    expect(text).toContain('Jürgen Weiß-Öztürk');
    expect(text).toMatch(/Tools & Methoden 02\.03\.2026 87 %/);
    expect(text).toMatch(/Technik 09\.03\.2026/);
    expect(text).toMatch(/Megatrends 16\.03\.2026 93 %/);
    expect(text).toContain(certificate.code);
    expect(text).toContain(`Die Echtheit kann unter ${BASE_URL}/verify`);
    expect(text).toMatch(/Saarbrücken, \d\d\.\d\d\.\d{4}/);
    expect(info.Title).toBe('Zertifikat – Jürgen Weiß-Öztürk');

    if (!hasPdftoppm()) {
      console.warn('SKIPPED QR check: pdftoppm (poppler-utils) is not installed.');
      return;
    }
    expect(await decodeQrFromPdf(pdf)).toBe(`${BASE_URL}/verify/${certificate.code}`);
  });

  it('when another Lotse asks for it, then the answer is 403 — for existing and for guessed ids alike; an admin may download it', async () => {
    const owner = await makeUser('lotse');
    await completeTwo(owner.id);
    await completeModule(owner.id, 'megatrends', { completedAt: new Date(), passed: true });
    const { certificate } = (await t.ctx.services.certificates.issueQ1IfEligible(owner.id))!;
    const other = await loginAs(t.app, await makeUser('lotse'));
    await other.get(`/certificates/${certificate.id}/pdf`).expect(403);
    await other.get(`/certificates/${certificate.id + 100000}/pdf`).expect(403);
    await other.get('/certificates/abc/pdf').expect(403);
    const tutor = await loginAs(t.app, await makeUser('tutor'));
    await tutor.get(`/certificates/${certificate.id}/pdf`).expect(403);
    await request(t.app).get(`/certificates/${certificate.id}/pdf`).expect(303);
    const admin = await loginAs(t.app, await makeUser('admin'));
    const pdf = await downloadPdf(admin, `/certificates/${certificate.id}/pdf`);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});

describe('participation confirmations and the Lotse certificate', () => {
  it('when a Lotse requests a confirmation for a completed module, then one is issued (once); for an open module, none', async () => {
    const lotse = await makeUser('lotse', { firstName: 'Käthe', lastName: 'Groß' });
    await completeModule(lotse.id, 'technik', {
      completedAt: new Date('2026-02-10T10:00:00Z'),
      scoreScaled: 0.8,
      passed: true,
    });
    const agent = await loginAs(t.app, lotse);
    const page = await agent.get('/certificates').expect(200);
    expect(page.text).toContain('Teilnahmebestätigung anfordern');
    await submitForm(agent, '/certificates', '/certificates/participation', { moduleKey: 'technik' }, 303);
    await submitForm(agent, '/certificates', '/certificates/participation', { moduleKey: 'technik' }, 303);
    const after = await agent.get('/certificates').expect(200);
    expect(after.text).toContain('Die Teilnahmebestätigung für „Technik“ ist ausgestellt.');
    await submitForm(agent, '/certificates', '/certificates/participation', { moduleKey: 'megatrends' }, 303);
    const refused = await agent.get('/certificates').expect(200);
    expect(refused.text).toContain('erst, wenn Sie das Modul abgeschlossen haben');
    const rows = await Certificate.findAll({ where: { userId: lotse.id } });
    expect(rows.map((r) => [r.kind, r.moduleKey])).toEqual([['participation', 'technik']]);

    const pdf = await downloadPdf(agent, `/certificates/${rows[0].id}/pdf`);
    const { text } = await pdfText(pdf);
    expect(text).toContain('Teilnahmebestätigung');
    expect(text).toContain('Käthe Groß');
    expect(text).toContain('am Modul „Technik“ teilgenommen');
    expect(text).toMatch(/Technik 10\.02\.2026 80 %/);
  });

  it('when Q2 is completed after Q1, then the Lotse certificate lists all three modules and Baustein 2', async () => {
    const lotse = await jurgen();
    await completeTwo(lotse.id);
    await completeModule(lotse.id, 'megatrends', {
      completedAt: new Date('2026-03-15T10:00:00Z'),
      passed: true,
      scoreScaled: 0.9,
    });
    expect(await t.ctx.services.certificates.issueLotseIfEligible(lotse.id)).toBeNull();
    await completeQ2(lotse.id, new Date('2026-09-30T15:00:00Z'));
    const result = (await t.ctx.services.certificates.issueLotseIfEligible(lotse.id))!;
    expect(result.created).toBe(true);
    const facts = JSON.parse(result.certificate.factsJson) as CertificateFacts;
    expect(facts.kind).toBe('lotse');
    expect(facts.modules.map((m) => m.key)).toEqual(['tools-methoden', 'technik', 'megatrends', 'q2']);
    const agent = await loginAs(t.app, lotse);
    const { text } = await pdfText(await downloadPdf(agent, `/certificates/${result.certificate.id}/pdf`));
    expect(text).toContain('Qualifizierung OM-GeZu Lotse');
    expect(text).toMatch(/Baustein 2 \(Q2\).*30\.09\.2026/);
  });
});
