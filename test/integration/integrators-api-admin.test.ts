/**
 * The integrators' API, second part: certificates, the audit log, the outbox, LTI platforms and
 * offerings as JSON with real bearer tokens. Per group: an admin token works and writes the audit entry
 * the page writes, a read token may read but not write (403), a tutor scope is 403, a revoked token
 * 401, and bad input is 422 (or 400 for a body that is not JSON) with nothing changed.
 */
import request from 'supertest';
import { QueryTypes } from 'sequelize';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { makeUser } from '../helpers/users';
import { outboxRow } from '../helpers/outbox';
import { issueApiToken, revokeApiToken } from '../../src/auth';
import { AuditEntry } from '../../src/shared/audit';
import { enqueue } from '../../src/outbox';
import { LtiPlatform } from '../../src/lti/lti-models';
import { Offering } from '../../src/offerings/offering-models';
import { Certificate } from '../../src/certificates';
import { completeQ1 } from './q2-fixtures';
import { importSample } from './player-helpers';
import type { UserView } from '../../src/auth/user-model';

jest.setTimeout(60_000);

let t: TestApp;
let admin: UserView;
let adminToken: string;
let adminAsTutor: string;
let readToken: string;
let revoked: string;

const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const api = () => request(t.app);

beforeAll(async () => {
  t = await createTestApp({ BASE_URL: 'http://lms.gezu.example' });
  admin = await makeUser('admin');
  adminToken = (await issueApiToken(admin.id, { label: 'admin', scope: 'admin' }, null)).token;
  adminAsTutor = (await issueApiToken(admin.id, { label: 'as tutor', scope: 'tutor' }, null)).token;
  readToken = (await issueApiToken(admin.id, { label: 'read', scope: 'read' }, null)).token;
  const gone = await issueApiToken(admin.id, { label: 'revoked', scope: 'admin' }, null);
  await revokeApiToken(gone.id, admin.id);
  revoked = gone.token;
});
afterAll(() => t?.close());

describe('every new group refuses a revoked token (401), a tutor scope (403) and writes with a read token (403)', () => {
  it.each([
    ['GET', '/api/v1/certificates'],
    ['POST', '/api/v1/certificates/1/revoke'],
    ['GET', '/api/v1/audit'],
    ['GET', '/api/v1/outbox'],
    ['POST', '/api/v1/outbox/1/retry'],
    ['GET', '/api/v1/lti/platforms'],
    ['POST', '/api/v1/lti/platforms'],
    ['DELETE', '/api/v1/lti/platforms/1'],
    ['GET', '/api/v1/offerings'],
    ['POST', '/api/v1/offerings'],
    ['PATCH', '/api/v1/offerings/1'],
  ])('when %s %s is called', async (method, url) => {
    const call = (token?: string) => {
      const req = api()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](url);
      return (token ? req.set(as(token)) : req).send({});
    };
    // Without a token or session: 401 (a POST without a session fails the CSRF check first: 403).
    await call().expect(method === 'GET' ? 401 : 403);
    expect((await call(revoked).expect(401)).body.code).toBe('API_TOKEN_INVALID');
    expect((await call(adminAsTutor).expect(403)).body.code).toBe('NO_PERMISSION');
    if (method === 'GET') await call(readToken).expect(200);
    else expect((await call(readToken).expect(403)).body.code).toBe('API_SCOPE_INSUFFICIENT');
  });
});

describe('certificates', () => {
  it('when an admin token lists, filters, reissues and revokes, then the page service did it (audited); bad input changes nothing', async () => {
    const lotse = await makeUser('lotse', { firstName: 'Cora', lastName: 'Zertifika' });
    await completeQ1(lotse.id);
    const { certificate } = (await t.ctx.services.certificates.issueQ1IfEligible(lotse.id))!;

    const byUser = await api().get(`/api/v1/certificates?userId=${lotse.id}`).set(as(readToken)).expect(200);
    expect(byUser.body.certificates.map((c: { id: number }) => c.id)).toEqual([certificate.id]);
    const byName = await api().get('/api/v1/certificates?q=Zertifika&kind=q1&status=valid').set(as(adminToken));
    expect(byName.body.certificates.map((c: { code: string }) => c.code)).toContain(certificate.code);
    const revokedOnes = await api().get(`/api/v1/certificates?userId=${lotse.id}&status=revoked`).set(as(adminToken));
    expect(revokedOnes.body.total).toBe(0);
    await api().get('/api/v1/certificates?kind=diplom').set(as(adminToken)).expect(422);
    await api().get('/api/v1/certificates/99999999').set(as(adminToken)).expect(404);
    const one = await api().get(`/api/v1/certificates/${certificate.id}`).set(as(adminToken)).expect(200);
    expect(one.body).toMatchObject({ code: certificate.code, valid: true, userId: lotse.id });

    const reissued = await api().post(`/api/v1/certificates/${certificate.id}/reissue`).set(as(adminToken));
    expect(reissued.status).toBe(200);
    expect(reissued.body.reissuedAt).not.toBeNull();
    expect(
      await AuditEntry.count({ where: { action: 'certificate.reissue', subjectId: String(certificate.id) } }),
    ).toBe(1);

    for (const body of [{}, { reason: 'kurz' }, { reason: 'Lange genug', extra: 1 }]) {
      const bad = await api().post(`/api/v1/certificates/${certificate.id}/revoke`).set(as(adminToken)).send(body);
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('REVOKE_REASON_REQUIRED');
    }
    const notJson = await api()
      .post(`/api/v1/certificates/${certificate.id}/revoke`)
      .set(as(adminToken))
      .set('Content-Type', 'application/json')
      .send('{"reason": ');
    expect(notJson.status).toBe(400);
    expect((await Certificate.findByPk(certificate.id))!.revokedAt).toBeNull();

    const res = await api()
      .post(`/api/v1/certificates/${certificate.id}/revoke`)
      .set(as(adminToken))
      .send({ reason: 'Falsche Angaben im Nachweis' })
      .expect(200);
    expect(res.body).toMatchObject({ valid: false, revokedReason: 'Falsche Angaben im Nachweis' });
    const entry = await AuditEntry.findOne({
      where: { action: 'certificate.revoke', subjectId: String(certificate.id) },
    });
    expect(entry).toMatchObject({ actorId: admin.id, subjectUserId: lotse.id, reason: 'Falsche Angaben im Nachweis' });
    const twice = await api()
      .post(`/api/v1/certificates/${certificate.id}/revoke`)
      .set(as(adminToken))
      .send({ reason: 'Noch einmal widerrufen' })
      .expect(409);
    expect(twice.body.code).toBe('CERTIFICATE_ALREADY_REVOKED');
    // The public verification route still answers without a token and shows the revocation.
    const verified = await api().get(`/api/v1/certificates/verify/${certificate.code}`).expect(200);
    expect(verified.body.status).toBe('revoked');
  });
});

describe('audit log', () => {
  it('when an admin reads the log, then it is paged newest first and filters by actor, action and time', async () => {
    const other = await makeUser('admin');
    const otherToken = (await issueApiToken(other.id, { label: 'other', scope: 'admin' }, admin.id)).token;
    const mine = await api().get(`/api/v1/audit?subjectUserId=${other.id}`).set(as(readToken)).expect(200);
    expect(mine.body.entries.map((e: { action: string }) => e.action)).toEqual(['api_token.created', 'user.created']);
    expect(mine.body.entries[0]).toMatchObject({
      actor: { id: admin.id, email: admin.email },
      subjectUser: { id: other.id, email: other.email },
      after: { scope: 'admin' },
    });
    expect((await api().get(`/api/v1/audit?actorId=${other.id}`).set(as(readToken))).body.total).toBe(0);
    // The other admin acts; the entry is theirs.
    await api()
      .post('/api/v1/lti/platforms')
      .set(as(otherToken))
      .send({
        issuer: 'https://audit.example',
        clientId: 'a1',
        deploymentIds: ['d'],
        authUrl: 'https://audit.example/auth',
        tokenUrl: 'https://audit.example/token',
        jwksUrl: 'https://audit.example/jwks',
      })
      .expect(201);
    const byAction = await api()
      .get(`/api/v1/audit?actorId=${other.id}&action=lti.platform.added`)
      .set(as(adminToken))
      .expect(200);
    expect(byAction.body.total).toBe(1);
    const since = new Date(Date.now() + 60_000).toISOString();
    const future = await api()
      .get(`/api/v1/audit?since=${encodeURIComponent(since)}`)
      .set(as(adminToken))
      .expect(200);
    expect(future.body).toMatchObject({ total: 0, entries: [] });
    const paged = await api().get('/api/v1/audit?perPage=2&page=2').set(as(adminToken)).expect(200);
    expect(paged.body).toMatchObject({ page: 2 });
    expect(paged.body.entries).toHaveLength(2);
    const first = await api().get('/api/v1/audit?perPage=2').set(as(adminToken)).expect(200);
    expect(first.body.entries[1].id).toBeGreaterThan(paged.body.entries[0].id);
    for (const q of ['actorId=abc', 'since=gestern', 'from=2026-13', 'perPage=1000'])
      expect((await api().get(`/api/v1/audit?${q}`).set(as(adminToken)).expect(422)).body.code).toBe(
        'VALIDATION_FAILED',
      );
  });
});

describe('outbox', () => {
  it('when a message is dead, then the API lists it under dead and a retry puts it back in line (audited)', async () => {
    const type = 'apitest.never_handled';
    await t.ctx.sequelize.transaction((tx) => enqueue(tx, type, { n: 1 }, { dedupeKey: `${type}:1` }));
    await t.ctx.sequelize.query(
      `UPDATE outbox SET status = 'dead', attempts = 8, last_error = 'kaputt' WHERE type = ?`,
      {
        replacements: [type],
        type: QueryTypes.UPDATE,
      },
    );
    const row = (await outboxRow(t.ctx.sequelize, `${type}:1`))!;
    const dead = await api().get('/api/v1/outbox?status=dead').set(as(readToken)).expect(200);
    expect(dead.body.stats.dead).toBeGreaterThanOrEqual(1);
    expect(dead.body.messages.find((m: { id: number }) => m.id === Number(row.id))).toMatchObject({
      type,
      status: 'dead',
      lastError: 'kaputt',
      retryable: true,
      payloadText: '{"n":1}',
    });
    await api().get('/api/v1/outbox?status=verloren').set(as(adminToken)).expect(422);
    await api().post('/api/v1/outbox/99999999/retry').set(as(adminToken)).expect(404);
    const res = await api().post(`/api/v1/outbox/${row.id}/retry`).set(as(adminToken)).expect(200);
    expect(res.body).toMatchObject({ id: Number(row.id), status: 'pending', attempts: 0 });
    expect(
      await AuditEntry.count({ where: { action: 'outbox.retried', subjectId: String(row.id), actorId: admin.id } }),
    ).toBe(1);
    await t.ctx.sequelize.query(`UPDATE outbox SET status = 'done' WHERE type = ?`, {
      replacements: [type],
      type: QueryTypes.UPDATE,
    });
    const done = await api().post(`/api/v1/outbox/${row.id}/retry`).set(as(adminToken)).expect(409);
    expect(done.body.code).toBe('OUTBOX_MESSAGE_NOT_RETRYABLE');
    const one = await api().get(`/api/v1/outbox/${row.id}`).set(as(adminToken)).expect(200);
    expect(one.body.status).toBe('done');
  });
});

describe('LTI platforms', () => {
  const platform = {
    issuer: 'https://moodle.api.example',
    clientId: 'gezu-api',
    name: 'Moodle (API)',
    deploymentIds: ['1', '2'],
    authUrl: 'https://moodle.api.example/mod/lti/auth.php',
    tokenUrl: 'https://moodle.api.example/mod/lti/token.php',
    jwksUrl: 'https://moodle.api.example/mod/lti/certs.php',
  };

  it('when an admin token registers, lists and removes a platform, then it is the service of the page (audited); bad input adds nothing', async () => {
    const before = await LtiPlatform.count();
    const bad = await api()
      .post('/api/v1/lti/platforms')
      .set(as(adminToken))
      .send({ ...platform, authUrl: 'ftp://x', deploymentIds: [] })
      .expect(422);
    expect(bad.body.code).toBe('LTI_PLATFORM_INVALID');
    expect(Object.keys(bad.body.fields).sort()).toEqual(['authUrl', 'deploymentIds']);
    await api()
      .post('/api/v1/lti/platforms')
      .set(as(adminToken))
      .send({ ...platform, publicKey: 'x' })
      .expect(422);
    expect(await LtiPlatform.count()).toBe(before);

    const created = await api().post('/api/v1/lti/platforms').set(as(adminToken)).send(platform).expect(201);
    expect(created.body).toMatchObject({ issuer: platform.issuer, deploymentIds: ['1', '2'] });
    const dup = await api().post('/api/v1/lti/platforms').set(as(adminToken)).send(platform).expect(409);
    expect(dup.body.code).toBe('LTI_PLATFORM_EXISTS');
    const list = await api().get('/api/v1/lti/platforms').set(as(readToken)).expect(200);
    expect(list.body.platforms.map((p: { id: number }) => p.id)).toContain(created.body.id);
    const tool = await api().get('/api/v1/lti/tool').set(as(readToken)).expect(200);
    expect(tool.body).toEqual({
      loginUrl: 'http://lms.gezu.example/lti/login',
      launchUrl: 'http://lms.gezu.example/lti/launch',
      jwksUrl: 'http://lms.gezu.example/lti/jwks',
    });
    await api().get(`/api/v1/lti/platforms/${created.body.id}`).set(as(adminToken)).expect(200);
    await api().delete(`/api/v1/lti/platforms/${created.body.id}`).set(as(readToken)).expect(403);
    await api().delete(`/api/v1/lti/platforms/${created.body.id}`).set(as(adminToken)).expect(204);
    await api().delete(`/api/v1/lti/platforms/${created.body.id}`).set(as(adminToken)).expect(404);
    expect(
      await AuditEntry.count({ where: { action: 'lti.platform.removed', subjectId: String(created.body.id) } }),
    ).toBe(1);
  });
});

describe('offerings', () => {
  it('when an admin token publishes, changes, archives and invites, then the page service did it (audited); bad input changes nothing', async () => {
    const pkg = (await importSample(t, 'scorm12/RuntimeBasicCalls_SCORM12', admin.id)).id;
    const publishable = await api().get('/api/v1/offerings/packages').set(as(readToken)).expect(200);
    expect(publishable.body.packages.map((p: { id: number }) => p.id)).toContain(pkg);
    const input = {
      packageId: pkg,
      title: 'Netzwerke per API',
      description: 'Eine Weiterbildung, angelegt von einem Skript.',
      audiences: ['lotsen'],
      regions: ['saarland'],
      enrolment: 'invitation',
      startsOn: '2031-01-10',
      endsOn: null,
    };
    const before = await Offering.count();
    const bad = await api()
      .post('/api/v1/offerings')
      .set(as(adminToken))
      .send({ ...input, title: '', audiences: ['kinder'], endsOn: '2030-01-01' })
      .expect(422);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['audiences', 'title']);
    await api()
      .post('/api/v1/offerings')
      .set(as(adminToken))
      .send({ ...input, colour: 'rot' })
      .expect(422);
    expect(await Offering.count()).toBe(before);

    const created = await api().post('/api/v1/offerings').set(as(adminToken)).send(input).expect(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ title: input.title, regions: ['saarland'], enrolment: 'invitation' });
    expect(
      await AuditEntry.count({ where: { action: 'offering.create', subjectId: String(id), actorId: admin.id } }),
    ).toBe(1);

    const changed = await api().patch(`/api/v1/offerings/${id}`).set(as(adminToken)).send({ enrolment: 'open' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: input.title, enrolment: 'open', startsOn: '2031-01-10' });
    await api().patch(`/api/v1/offerings/${id}`).set(as(adminToken)).send({ endsOn: '2030-12-31' }).expect(422);
    expect((await Offering.findByPk(id))!.endsOn).toBeNull();
    await api().patch('/api/v1/offerings/99999999').set(as(adminToken)).send({}).expect(404);

    const lotse = await makeUser('lotse');
    const invited = await api()
      .post(`/api/v1/offerings/${id}/invitations`)
      .set(as(adminToken))
      .send({ emails: [lotse.email, 'niemand@example.org'] })
      .expect(200);
    expect(invited.body).toMatchObject({ unknown: ['niemand@example.org'], unfit: [], already: [] });
    expect(invited.body.invited).toHaveLength(1);
    const detail = await api().get(`/api/v1/offerings/${id}`).set(as(readToken)).expect(200);
    expect(detail.body.participants.map((p: { user: { id: number } }) => p.user.id)).toEqual([lotse.id]);
    await api().post(`/api/v1/offerings/${id}/invitations`).set(as(adminToken)).send({}).expect(422);

    const archived = await api().post(`/api/v1/offerings/${id}/archive`).set(as(adminToken)).expect(200);
    expect(archived.body.archived).toBe(true);
    const listArchived = await api().get('/api/v1/offerings?archived=true').set(as(adminToken)).expect(200);
    expect(listArchived.body.offerings.map((o: { id: number }) => o.id)).toContain(id);
    const refused = await api()
      .post(`/api/v1/offerings/${id}/invitations`)
      .set(as(adminToken))
      .send({ emails: 'x@example.org' })
      .expect(409);
    expect(refused.body.code).toBe('OFFERING_ARCHIVED');
    await api().post(`/api/v1/offerings/${id}/restore`).set(as(adminToken)).expect(200);
    expect(
      await AuditEntry.count({
        where: { subjectType: 'offering', subjectId: String(id), action: ['offering.archive', 'offering.restore'] },
      }),
    ).toBe(2);
  });
});
