import request from 'supertest';
import { createTestApp } from '../helpers/test-app';

describe('GET /healthz', () => {
  it('when the database answers, then 200; when it is gone, then 503', async () => {
    const t = await createTestApp();
    try {
      const ok = await request(t.app).get('/healthz').expect(200);
      expect(ok.body).toEqual({ status: 'ok', database: 'ok' });
      await t.ctx.sequelize.close();
      const down = await request(t.app).get('/healthz').expect(503);
      expect(down.body.database).toBe('unreachable');
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
