import request from 'supertest';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser, loginAs, submitForm } from '../helpers/users';
import { createApiToken, updateUser } from '../../src/auth/users';
import { Certificate } from '../../src/certificates/certificate-model';
import { AuditEntry } from '../../src/shared/audit';
import { completeModule } from '../unit/certificates/seed-completions';
import { pdfText } from '../unit/certificates/pdf-tools';

// http: an https BASE_URL would make the session cookie Secure, which supertest does not send over http.
const BASE_URL = 'http://lms.gezu.example';
const VERIFY_LIMIT = 40;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BASE_URL, VERIFY_MAX_PER_IP: String(VERIFY_LIMIT) });
});
afterAll(async () => t?.close());

/** A Lotse (in a region, with an email) holding a Q1 certificate. */
async function certified(firstName = 'Jürgen', lastName = 'Weiß-Öztürk') {
  const lotse = await makeUser('lotse', { firstName, lastName, region: 'rhein-ruhr' });
  await completeModule(lotse.id, 'tools-methoden', {
    completedAt: new Date('2026-03-02T09:00:00Z'),
    scoreScaled: 0.87,
    passed: true,
  });
  await completeModule(lotse.id, 'technik', { completedAt: new Date('2026-03-09T09:00:00Z'), passed: null });
  await completeModule(lotse.id, 'megatrends', {
    completedAt: new Date('2026-03-15T09:00:00Z'),
    scoreScaled: 0.93,
    passed: true,
  });
  const { certificate } = (await t.ctx.services.certificates.issueQ1IfEligible(lotse.id))!;
  return { lotse, certificate };
}

describe('public verification', () => {
  it('when a valid code is checked without login, then name, kind, modules and dates show — and nothing else about the person', async () => {
    const { lotse, certificate } = await certified();
    const res = await request(t.app).get(`/verify/${certificate.code}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toContain('noindex');
    expect(res.text).toContain('Gültiges Zertifikat');
    expect(res.text).toContain('Jürgen Weiß-Öztürk');
    expect(res.text).toContain('Zertifikat Baustein 1 (Q1)');
    expect(res.text).toContain('Tools &amp; Methoden');
    expect(res.text).toContain('15.03.2026');
    expect(res.text).not.toContain(lotse.email);
    expect(res.text).not.toMatch(/Rhein-Ruhr|rhein-ruhr/);
    expect(res.text).not.toContain('87 %');
  });

  it('when the code is typed sloppily in the form, then it is normalised and found', async () => {
    const { certificate } = await certified('Anna', 'Schäfer');
    const typed = certificate.code.toLowerCase().replace(/-/g, ' ');
    const redirect = await request(t.app).get('/verify').query({ code: typed }).expect(303);
    expect(redirect.headers.location).toBe(`/verify/${certificate.code}`);
    const form = await request(t.app).get('/verify').expect(200);
    expect(form.text).toContain('name="code"');
  });

  it('when an unknown or malformed code is checked, then the page says no certificate exists (404)', async () => {
    const unknown = await request(t.app).get('/verify/GZ-0000-0000-0000-0000').expect(404);
    expect(unknown.text).toContain('Kein Zertifikat gefunden');
    const junk = await request(t.app).get('/verify/%3Cscript%3E').expect(404);
    expect(junk.text).toContain('Kein Zertifikat gefunden');
    expect(junk.text).not.toContain('<script>');
  });

  it('when the API is asked, then it answers with the same public facts, or 404 CERTIFICATE_UNKNOWN', async () => {
    const { certificate } = await certified('Özlem', 'Çelik');
    const res = await request(t.app).get(`/api/v1/certificates/verify/${certificate.code}`).expect(200);
    expect(res.body).toMatchObject({
      status: 'valid',
      code: certificate.code,
      kind: 'q1',
      holderName: 'Özlem Çelik',
      revokedAt: null,
    });
    expect(res.body.modules.map((m: { title: string }) => m.title)).toEqual([
      'Tools & Methoden',
      'Technik',
      'Megatrends',
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/email|region|score/i);
    const unknown = await request(t.app).get('/api/v1/certificates/verify/GZ-0000-0000-0000-0001').expect(404);
    expect(unknown.body.code).toBe('CERTIFICATE_UNKNOWN');
  });
});

describe('admins reissue and revoke', () => {
  it('when a name changed and an admin reissues, then the code stays, the name is new in the PDF and on the page, and it is audited', async () => {
    const { lotse, certificate } = await certified('Maria', 'Müller');
    const admin = await makeUser('admin');
    await updateUser(
      lotse.id,
      { firstName: 'Maria', lastName: 'Weiß', role: 'lotse', region: 'rhein-ruhr', active: true },
      admin.id,
      t.ctx.services.standings,
    );
    const agent = await loginAs(t.app, admin);
    const detail = await agent.get(`/admin/certificates/${certificate.id}`).expect(200);
    expect(detail.text).toContain('Maria Weiß');
    await submitForm(
      agent,
      `/admin/certificates/${certificate.id}`,
      `/admin/certificates/${certificate.id}/reissue`,
      {},
      303,
    );

    const row = (await Certificate.findByPk(certificate.id))!;
    expect(row.code).toBe(certificate.code);
    expect(row.reissuedAt).not.toBeNull();
    expect(JSON.parse(row.factsJson).holder.name).toBe('Maria Weiß');
    expect(JSON.parse(row.factsJson).issuedAt).toBe(JSON.parse(certificate.factsJson).issuedAt);
    const pdf = await agent
      .get(`/certificates/${certificate.id}/pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const { text } = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Maria Weiß');
    expect(text).not.toContain('Müller');
    expect(text).toContain(certificate.code);
    expect(text).toContain('Neu ausgestellt am');
    const verify = await request(t.app).get(`/verify/${certificate.code}`).expect(200);
    expect(verify.text).toContain('Maria Weiß');
    const audit = await AuditEntry.findOne({
      where: { action: 'certificate.reissue', subjectId: String(certificate.id) },
    });
    expect(JSON.parse(audit!.beforeJson!)).toEqual({ name: 'Maria Müller' });
    expect(audit!.actorId).toBe(admin.id);
  });

  it('when an admin revokes without a reason, then nothing changes (422); with a reason, it is revoked, audited and shown as revoked with its date but without the reason', async () => {
    const { lotse, certificate } = await certified('Lars', 'Bäcker');
    const admin = await makeUser('admin');
    const agent = await loginAs(t.app, admin);
    const refused = await submitForm(
      agent,
      `/admin/certificates/${certificate.id}`,
      `/admin/certificates/${certificate.id}/revoke`,
      { reason: '  ' },
      422,
    );
    expect(refused.text).toContain('Bitte geben Sie einen Grund an');
    expect((await Certificate.findByPk(certificate.id))!.revokedAt).toBeNull();

    const reason = 'Zertifikat irrtümlich ausgestellt (Testkonto)';
    await submitForm(
      agent,
      `/admin/certificates/${certificate.id}`,
      `/admin/certificates/${certificate.id}/revoke`,
      { reason },
      303,
    );
    const row = (await Certificate.findByPk(certificate.id))!;
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedBy).toBe(admin.id);
    const audit = await AuditEntry.findOne({
      where: { action: 'certificate.revoke', subjectId: String(certificate.id) },
    });
    expect(audit!.reason).toBe(reason);
    expect(audit!.actorId).toBe(admin.id);

    const page = await request(t.app).get(`/verify/${certificate.code}`).expect(200);
    const date = new Intl.DateTimeFormat('de-DE', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'Europe/Berlin',
    }).format(row.revokedAt!);
    expect(page.text).toContain('Zertifikat widerrufen');
    expect(page.text).toContain(`am ${date} widerrufen`);
    expect(page.text).not.toContain('irrtümlich');
    const api = await request(t.app).get(`/api/v1/certificates/verify/${certificate.code}`).expect(200);
    expect(api.body.status).toBe('revoked');
    expect(JSON.stringify(api.body)).not.toContain('irrtümlich');
    // The owner no longer gets the PDF; revocation is final: a reissue is refused.
    const owner = await loginAs(t.app, lotse);
    await owner.get(`/certificates/${certificate.id}/pdf`).expect(410);
    await submitForm(
      agent,
      `/admin/certificates/${certificate.id}`,
      `/admin/certificates/${certificate.id}/reissue`,
      {},
      409,
    );
  });

  it('when an admin searches by name or code, then the list finds the certificate; a Lotse may not open the admin list', async () => {
    const { lotse, certificate } = await certified('Zoë', 'Straßburger');
    const admin = await loginAs(t.app, await makeUser('admin'));
    const byName = await admin.get('/admin/certificates').query({ q: 'Straßburger' }).expect(200);
    expect(byName.text).toContain(certificate.code);
    const byCode = await admin.get('/admin/certificates').query({ q: certificate.code.toLowerCase() }).expect(200);
    expect(byCode.text).toContain('Zoë Straßburger');
    const none = await admin.get('/admin/certificates').query({ q: 'Niemand-Sonst' }).expect(200);
    expect(none.text).toContain('Keine Zertifikate gefunden.');
    const asLotse = await loginAs(t.app, lotse);
    await asLotse.get('/admin/certificates').expect(403);
    await submitForm(
      asLotse,
      '/certificates',
      `/admin/certificates/${certificate.id}/revoke`,
      { reason: 'Ich will nicht mehr' },
      403,
    );
  });
});

describe("the Lotse's own certificates", () => {
  it('when a Lotse opens /certificates, the home page or the API, then they see their own certificates with download links', async () => {
    const { lotse, certificate } = await certified('Jörg', 'Fuß');
    await certified('Fremde', 'Person');
    const agent = await loginAs(t.app, lotse);
    const list = await agent.get('/certificates').expect(200);
    expect(list.text).toContain(certificate.code);
    expect(list.text).toContain(`/certificates/${certificate.id}/pdf`);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Ihre Zertifikate');
    expect(home.text).toContain(`/certificates/${certificate.id}/pdf`);
    const token = await createApiToken(lotse.id, 'test');
    const api = await request(t.app).get('/api/v1/me/certificates').set('Authorization', `Bearer ${token}`).expect(200);
    expect(api.body.certificates).toHaveLength(1);
    expect(api.body.certificates[0]).toMatchObject({
      code: certificate.code,
      kind: 'q1',
      valid: true,
      verifyUrl: `${BASE_URL}/verify/${certificate.code}`,
    });
    await request(t.app).get('/api/v1/me/certificates').expect(401);
  });
});

describe('rate limit', () => {
  it('when one address checks many codes, then it is stopped with 429 before it can enumerate codes', async () => {
    let status = 0;
    for (let i = 0; i <= VERIFY_LIMIT && status !== 429; i++) {
      status = (
        await request(t.app).get(
          `/verify/GZ-0000-0000-0000-${String(i)
            .padStart(4, '0')
            .replace(/[ILOU]/g, '0')}`,
        )
      ).status;
    }
    expect(status).toBe(429);
    const api = await request(t.app).get('/api/v1/certificates/verify/GZ-0000-0000-0000-0000').expect(429);
    expect(api.body.code).toBe('RATE_LIMITED');
  });
});
