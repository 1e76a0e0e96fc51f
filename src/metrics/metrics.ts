import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Sequelize } from 'sequelize';
import type { OutboxStats } from '../outbox';

/** Route groups, so that the label set stays small whatever ids the URLs carry. */
const GROUPS: [RegExp, string][] = [
  [/^\/api\/v1\/attempts\/\d+\/scos\/\d+\/commit$/, 'commit'],
  [/^\/api\/v1\/attempts\/\d+\/(sequencing|keepalive)$/, 'runtime'],
  [/^\/(healthz|readyz|metrics)$/, 'health'],
  [/^\/(static|vendor)\//, 'static'],
  [/^\/api\//, 'api'],
  [/^\/play(\/|$)/, 'player'],
  [/^\/admin(\/|$)/, 'admin'],
  [/^\/(staff|reports)(\/|$)/, 'staff'],
  [/^\/(login|logout|register|account|password|invitation)(\/|$)/, 'auth'],
  [/^\/(verify|certificates)(\/|$)/, 'certificates'],
];

export function routeGroup(path: string): string {
  for (const [re, group] of GROUPS) if (re.test(path)) return group;
  return 'pages';
}

export interface AppMetrics {
  registry: Registry;
  /** Times every request and counts commits (the commit route marks stale ones in `res.locals.commitStale`). */
  middleware: RequestHandler;
}

interface PoolLike {
  size: number;
  available: number;
  using: number;
  waiting: number;
}

/**
 * One registry per app (tests build several apps in one process). Gauges that read the database or
 * the pool are computed when /metrics is scraped, not on every request.
 */
export function createMetrics(deps: { sequelize: Sequelize; outboxStats: () => Promise<OutboxStats> }): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gezu_' });
  const duration = new Histogram({
    name: 'gezu_http_request_duration_seconds',
    help: 'HTTP request latency by route group, method and status class',
    labelNames: ['group', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const commits = new Counter({
    name: 'gezu_scorm_commits_total',
    help: 'SCORM commits answered, by outcome (stored, stale, refused)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const outbox = new Gauge({
    name: 'gezu_outbox_messages',
    help: 'Outbox messages not done, by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const s = await deps.outboxStats().catch(() => null);
      if (!s) return;
      this.set({ status: 'pending' }, s.pending);
      this.set({ status: 'running' }, s.running);
      this.set({ status: 'dead' }, s.dead);
      oldest.set(s.oldestAgeSeconds);
    },
  });
  const oldest = new Gauge({
    name: 'gezu_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox message not done yet (dead ones excluded)',
    registers: [registry],
  });
  void outbox;
  new Gauge({
    name: 'gezu_db_pool_connections',
    help: 'Database connection pool (MySQL/MariaDB): size, available, in use, requests waiting',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = (deps.sequelize.connectionManager as unknown as { pool?: PoolLike }).pool;
      if (!pool || typeof pool.size !== 'number') return;
      this.set({ state: 'size' }, pool.size);
      this.set({ state: 'available' }, pool.available);
      this.set({ state: 'using' }, pool.using);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });

  const middleware: RequestHandler = (req: Request, res, next) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const group = routeGroup(req.path);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      duration.observe({ group, method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` }, seconds);
      if (group === 'commit' && req.method === 'POST')
        commits.inc({ outcome: res.statusCode >= 400 ? 'refused' : res.locals.commitStale ? 'stale' : 'stored' });
    });
    next();
  };
  return { registry, middleware };
}
