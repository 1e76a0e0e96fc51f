import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Sequelize } from 'sequelize';
import { checkReadiness } from './readiness';
import type { Registry } from 'prom-client';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

/** With METRICS_TOKEN: only `Authorization: Bearer <token>`. Without: only from this machine (the socket, not X-Forwarded-For). */
function mayScrape(req: Request, token: string | undefined): boolean {
  if (token) {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && sameSecret(header.slice(7), token);
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/**
 * `/readyz` — ready for traffic: the database answers and every migration this code knows is applied
 * (a process of a newer release waits for its migrations). `/healthz` stays the liveness check.
 * `/metrics` — Prometheus text format, protected by METRICS_TOKEN or loopback.
 */
export function metricsRoutes(deps: { sequelize: Sequelize; registry: Registry; token?: string }): Router {
  const r = Router();
  r.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const readiness = await checkReadiness(deps.sequelize);
    res.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
  });
  r.get('/metrics', async (req, res) => {
    if (!mayScrape(req, deps.token)) return void res.status(403).json({ code: 'FORBIDDEN', message: 'metrics' });
    res.setHeader('Content-Type', deps.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await deps.registry.metrics());
  });
  return r;
}
