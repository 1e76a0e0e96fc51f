import fs from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, tokenFor } from '../helpers/users';
import { Authorisation } from '../../src/enrolment/enrolment-models';
import { AuditEntry } from '../../src/shared/audit';
import { samplePdf, completeQ1, attendedWorkshop, recordMails } from './q2-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ DOCUMENT_MAX_BYTES: String(200 * 1024) });
});
afterAll(() => t.close());

type Agent = Awaited<ReturnType<typeof loginAs>>;
const documentsDir = () => path.join(t.dataDir, 'documents');
const storedFiles = () => (fs.existsSync(documentsDir()) ? fs.readdirSync(documentsDir()) : []);

async function submit(
  agent: Agent,
  file: Buffer,
  name: string,
  fields = { number: 'OM-2024-0815', issuedOn: '2024-03-01' },
  mime = 'application/pdf',
) {
  const token = await tokenFor(agent, '/q2/authorisation');
  return agent
    .post(`/q2/authorisation?_csrf=${encodeURIComponent(token)}`)
    .field('number', fields.number)
    .field('issuedOn', fields.issuedOn)
    .attach('document', file, { filename: name, contentType: mime });
}

async function adminPost(agent: Agent, id: number, action: 'verify' | 'reject', reason?: string) {
  const token = await tokenFor(agent, `/admin/authorisations/${id}`);
  return agent
    .post(`/admin/authorisations/${id}/${action}`)
    .type('form')
    .send({ _csrf: token, ...(reason === undefined ? {} : { reason }) });
}

describe('OM-Berater authorisation', () => {
  it('when a Lotse uploads a real PDF, then it is stored under documents/ as pending and audited', async () => {
    const lotse = await makeUser('lotse');
    const agent = await loginAs(t.app, lotse);
    const before = storedFiles().length;
    const res = await submit(agent, await samplePdf(), 'Nachweis.pdf');
    expect(res.status).toBe(303);
    const row = await Authorisation.findOne({ where: { userId: lotse.id } });
    expect([row!.status, row!.number, row!.issuedOn, row!.documentType]).toEqual([
      'pending',
      'OM-2024-0815',
      '2024-03-01',
      'application/pdf',
    ]);
    expect(storedFiles()).toHaveLength(before + 1);
    expect(fs.readFileSync(path.join(documentsDir(), row!.documentFile)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await AuditEntry.count({ where: { action: 'authorisation.submitted', subjectUserId: lotse.id } })).toBe(1);
    const page = await agent.get('/q2/authorisation').expect(200);
    expect(page.text).toContain('eingereicht – in Prüfung');
    // Never served statically: the documents folder is not under /static.
    await agent.get(`/static/../documents/${row!.documentFile}`).expect(404);
  });

  it('when a file named .pdf holds HTML, then it is refused with a clear message and nothing is stored', async () => {
    const lotse = await makeUser('lotse');
    const agent = await loginAs(t.app, lotse);
    const before = storedFiles().length;
    const res = await submit(agent, Buffer.from('<html><script>alert(1)</script></html>'), 'nachweis.pdf');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Diese Datei ist kein PDF, PNG oder JPEG');
    expect(res.text).toContain('value="OM-2024-0815"');
    expect(await Authorisation.count({ where: { userId: lotse.id } })).toBe(0);
    expect(storedFiles()).toHaveLength(before);
  });

  it('when the file is larger than DOCUMENT_MAX_BYTES or fields are missing, then it is refused', async () => {
    const agent = await loginAs(t.app, await makeUser('lotse'));
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300 * 1024, 32)]);
    const tooBig = await submit(agent, big, 'gross.pdf');
    expect(tooBig.status).toBe(422);
    expect(tooBig.text).toContain('Die Datei ist zu groß. Erlaubt sind höchstens');
    const missing = await submit(agent, await samplePdf(), 'a.pdf', { number: '', issuedOn: '2999-01-01' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Bitte geben Sie die Nummer Ihrer Autorisierung ein.');
    expect(missing.text).toContain('Das Datum darf nicht in der Zukunft liegen.');
  });

  it('when an admin verifies, then the Lotse sees "bestätigt"; verifying twice changes nothing and writes one audit entry', async () => {
    const lotse = await makeUser('lotse');
    const lotseAgent = await loginAs(t.app, lotse);
    expect((await submit(lotseAgent, await samplePdf(), 'n.pdf')).status).toBe(303);
    const row = (await Authorisation.findOne({ where: { userId: lotse.id } }))!;
    const admin = await loginAs(t.app, await makeUser('admin'));
    const queue = await admin.get('/admin/authorisations').expect(200);
    expect(queue.text).toContain(`/admin/authorisations/${row.id}`);
    const detail = await admin.get(`/admin/authorisations/${row.id}`).expect(200);
    // A PDF is offered as a download, never framed in the app's origin.
    expect(detail.text).not.toContain('<iframe');
    expect(detail.text).toContain(`href="/admin/authorisations/${row.id}/document" download`);
    expect((await adminPost(admin, row.id, 'verify')).status).toBe(303);
    expect((await adminPost(admin, row.id, 'verify')).status).toBe(303);
    expect((await row.reload()).status).toBe('verified');
    expect(await AuditEntry.count({ where: { action: 'authorisation.verified', subjectId: String(row.id) } })).toBe(1);
    expect((await lotseAgent.get('/q2/authorisation').expect(200)).text).toContain('bestätigt');
  });

  it('when the document is fetched, then an admin and its owner get it with its real type, and nobody else does', async () => {
    const lotse = await makeUser('lotse');
    const lotseAgent = await loginAs(t.app, lotse);
    const pdf = await samplePdf();
    expect((await submit(lotseAgent, pdf, 'Mein "Nachweis".pdf', undefined, 'image/png')).status).toBe(303);
    const row = (await Authorisation.findOne({ where: { userId: lotse.id } }))!;
    const admin = await loginAs(t.app, await makeUser('admin'));
    const res = await admin.get(`/admin/authorisations/${row.id}/document?download=1`).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Mein _Nachweis_.pdf"/);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
    // Without ?download as well: an uploaded file never opens as a page in the app's origin.
    for (const r of [
      res,
      await admin.get(`/admin/authorisations/${row.id}/document`).expect(200),
      await lotseAgent.get(`/q2/authorisation/${row.id}/document`).expect(200),
    ]) {
      expect(r.headers['content-disposition']).toMatch(/^attachment;/);
      expect(r.headers['content-security-policy']).toBe('sandbox');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    await lotseAgent.get(`/q2/authorisation/${row.id}/document`).expect(200).expect('content-type', 'application/pdf');
    const other = await loginAs(t.app, await makeUser('lotse'));
    await other.get(`/q2/authorisation/${row.id}/document`).expect(403);
    const tutor = await loginAs(t.app, await makeUser('tutor'));
    await tutor.get(`/admin/authorisations/${row.id}/document`).expect(403);
    await tutor.get('/admin/authorisations').expect(403);
  });

  it('when an admin rejects, then a reason is required, the Lotse sees it and can submit again', async () => {
    const lotse = await makeUser('lotse');
    const lotseAgent = await loginAs(t.app, lotse);
    expect((await submit(lotseAgent, await samplePdf(), 'n.pdf')).status).toBe(303);
    // While pending a second submission is refused.
    expect((await submit(lotseAgent, await samplePdf(), 'n2.pdf')).status).toBe(409);
    const row = (await Authorisation.findOne({ where: { userId: lotse.id } }))!;
    const admin = await loginAs(t.app, await makeUser('admin'));
    const noReason = await adminPost(admin, row.id, 'reject', '  ');
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Bitte geben Sie einen Grund für die Ablehnung an.');
    expect((await row.reload()).status).toBe('pending');
    expect((await adminPost(admin, row.id, 'reject', 'Das Datum ist nicht lesbar.')).status).toBe(303);
    expect((await row.reload()).status).toBe('rejected');
    const page = await lotseAgent.get('/q2/authorisation').expect(200);
    expect(page.text).toContain('abgelehnt');
    expect(page.text).toContain('Das Datum ist nicht lesbar.');
    expect(page.text).toContain('Autorisierung erneut einreichen');
    expect(
      (await submit(lotseAgent, await samplePdf(), 'neu.pdf', { number: 'OM-2024-0816', issuedOn: '2024-03-02' }))
        .status,
    ).toBe(303);
    const rows = await Authorisation.findAll({ where: { userId: lotse.id }, order: [['id', 'ASC']] });
    expect(rows.map((r) => r.status)).toEqual(['rejected', 'pending']);
    // The old submission can no longer be decided; the queue shows the new one first (pending first).
    expect((await adminPost(admin, row.id, 'verify')).status).toBe(409);
    const queue = await admin.get('/admin/authorisations?status=pending').expect(200);
    expect(queue.text).toContain(`/admin/authorisations/${rows[1].id}"`);
    expect(queue.text).not.toContain(`/admin/authorisations/${rows[0].id}"`);
  });

  it('when the verification is the last missing prerequisite, then the Lotse gets a mail once and the home page says so', async () => {
    const sent = recordMails(t.ctx.mailer);
    const lotse = await makeUser('lotse');
    await completeQ1(lotse.id);
    await attendedWorkshop(lotse.id);
    const lotseAgent = await loginAs(t.app, lotse);
    expect((await lotseAgent.get('/').expect(200)).text).toContain('2 von 3 Voraussetzungen erfüllt');
    expect((await submit(lotseAgent, await samplePdf(), 'n.pdf')).status).toBe(303);
    const row = (await Authorisation.findOne({ where: { userId: lotse.id } }))!;
    const admin = await loginAs(t.app, await makeUser('admin'));
    expect((await adminPost(admin, row.id, 'verify')).status).toBe(303);
    await lotseAgent.get('/q2').expect(200);
    // The "gate met" mail is an outbox message written with the notice; the worker sends it.
    await t.ctx.services.outbox.drain();
    const mine = sent.filter((m) => m.to === lotse.email);
    expect(mine.map((m) => m.subject)).toEqual([
      'Ihre OM-Berater-Autorisierung ist bestätigt',
      'Sie können sich jetzt für Q2 anmelden',
    ]);
    const home = await lotseAgent.get('/').expect(200);
    expect(home.text).toContain('3 von 3 Voraussetzungen erfüllt');
    expect(home.text).toContain('Alle Voraussetzungen sind erfüllt.');
    expect(await AuditEntry.count({ where: { action: 'q2.gate_met', subjectUserId: lotse.id } })).toBe(1);
  });
});
