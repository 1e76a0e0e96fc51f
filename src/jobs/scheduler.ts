import crypto from 'node:crypto';
import os from 'node:os';
import type { Sequelize } from 'sequelize';
import type { Logger } from '../shared/logger';
import { takeLease } from './lease';

export interface ScheduledJob {
  /** The lease's name: one row in `leases` per job. */
  name: string;
  /** Once per this many seconds across all processes; 0 = never scheduled. */
  intervalSeconds: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** Starts ticking (the server). */
  start(): void;
  /** One tick: runs every job whose lease this process takes now; returns their names (tests). */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Runs each job once per interval across every process that shares the database: each process ticks
 * (every half interval, at most every 15 s) and tries the job's lease with a TTL of one interval; only
 * the process whose conditional UPDATE took it runs the job. A run longer than its interval may overlap
 * the next one elsewhere, so every job must be idempotent (they are: see catch-up.ts, clean-up.ts).
 */
export function createScheduler(deps: { sequelize: Sequelize; logger: Logger; jobs: ScheduledJob[] }): Scheduler {
  const holder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`.slice(0, 80);
  const jobs = deps.jobs.filter((j) => j.intervalSeconds > 0);
  const running = new Set<string>();
  const inFlight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;

  async function runJob(job: ScheduledJob): Promise<boolean> {
    if (running.has(job.name)) return false;
    running.add(job.name);
    try {
      const taken = await takeLease(deps.sequelize, { name: job.name, holder, ttlMs: job.intervalSeconds * 1000 });
      if (!taken) return false;
      await job.run();
      return true;
    } catch (err) {
      deps.logger.error({ err, job: job.name }, 'scheduled job failed');
      return false;
    } finally {
      running.delete(job.name);
    }
  }

  async function tick(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of jobs) if (await runJob(job)) ran.push(job.name);
    return ran;
  }

  return {
    start() {
      if (timer || !jobs.length) return;
      const every = Math.min(15_000, ...jobs.map((j) => (j.intervalSeconds * 1000) / 2));
      timer = setInterval(() => {
        const p = tick().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }, every);
      timer.unref();
    },
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.all([...inFlight]);
    },
  };
}
