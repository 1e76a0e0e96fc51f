import request from 'supertest';
import { createTestApp } from '../helpers/test-app';
import { makeUser, loginAs } from '../helpers/users';

describe('GET /healthz', () => {
  it('when the database answers, then 200; when it is gone, then 503', async () => {
    const t = await createTestApp();
    try {
      const ok = await request(t.app).get('/healthz').expect(200);
      expect(ok.body).toEqual({ status: 'ok', database: 'ok' });
      const agent = await loginAs(t.app, await makeUser('lotse'));
      await t.ctx.sequelize.close();
      const down = await request(t.app).get('/healthz').expect(503);
      expect(down.body.database).toBe('unreachable');
      // A failing request shows a German 500 page with a request id and no internals.
      const page = await agent.get('/').expect(500);
      expect(page.text).toContain('Ein Fehler ist aufgetreten');
      const requestId = page.headers['x-request-id'];
      expect(page.text).toContain(requestId);
      expect(page.text).not.toMatch(/SequelizeConnection|at .*\.ts:\d+|stack/i);
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
