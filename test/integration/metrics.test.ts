import request from 'supertest';
import { createTestApp, TEST_DB, type TestApp } from '../helpers/test-app';

const TOKEN = 'scrape-token-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: TOKEN });
});
afterAll(async () => t?.close());

describe('/metrics and /readyz', () => {
  it('when /metrics is asked without the token or with a wrong one, then it is refused', async () => {
    await request(t.app).get('/metrics').expect(403);
    await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789').expect(403);
  });

  it('when requests and a refused commit went through, then /metrics counts them by route group, with outbox, pool and event-loop figures', async () => {
    await request(t.app).get('/login').expect(200);
    await request(t.app)
      .post('/api/v1/attempts/1/scos/1/commit?token=nonsense')
      .send('{}')
      .expect((r) => expect(r.status).toBeGreaterThanOrEqual(400));
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/gezu_http_request_duration_seconds_count\{group="auth",method="GET",status="2xx"\} 1/);
    expect(res.text).toMatch(/gezu_scorm_commits_total\{outcome="refused"\} 1/);
    expect(res.text).toMatch(/gezu_outbox_messages\{status="pending"\} \d+/);
    expect(res.text).toMatch(/gezu_outbox_oldest_age_seconds \d+/);
    expect(res.text).toContain('gezu_nodejs_eventloop_lag_seconds');
    if (TEST_DB === 'mariadb') expect(res.text).toMatch(/gezu_db_pool_connections\{state="size"\} \d+/);
  });

  it('when the database is migrated, then /readyz is 200; when a migration is missing, then 503 names it', async () => {
    expect((await request(t.app).get('/readyz').expect(200)).body).toMatchObject({ status: 'ready', database: 'ok' });
    await t.ctx.sequelize.query("DELETE FROM schema_migrations WHERE name = '0013-outbox-and-leases'");
    try {
      const res = await request(t.app).get('/readyz').expect(503);
      expect(res.body).toMatchObject({ status: 'not_ready', pending: ['0013-outbox-and-leases'] });
      await request(t.app).get('/healthz').expect(200);
    } finally {
      await t.ctx.sequelize.query("INSERT INTO schema_migrations (name) VALUES ('0013-outbox-and-leases')");
    }
  });
});

describe('/metrics without a token', () => {
  it('when no METRICS_TOKEN is set, then a scrape from this machine is answered', async () => {
    const open = await createTestApp();
    try {
      const res = await request(open.app).get('/metrics').expect(200);
      expect(res.text).toContain('gezu_http_request_duration_seconds');
    } finally {
      await open.close();
    }
  });
});
