import crypto from 'node:crypto';
import os from 'node:os';
import type { Sequelize } from 'sequelize';
import type { Logger } from '../shared/logger';
import { listenForEnqueued } from './enqueue';
import { claimMessages, markDone, markFailed, outboxStats, type OutboxStats } from './outbox-store';
import { retryDelayMs } from './backoff';

export type OutboxHandler = (payload: never, meta: { id: number; attempts: number }) => Promise<void>;

export interface OutboxSettings {
  /** Tries before a message is dead (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** First retry delay; doubles per try up to an hour (OUTBOX_RETRY_SECONDS). */
  retrySeconds: number;
  /** How often a started worker looks for due messages (OUTBOX_POLL_SECONDS). */
  pollSeconds: number;
  /** How long a claim holds before another process may take the row (its process died). */
  claimSeconds: number;
}

export interface Outbox {
  /** Registers the handler of a message type (composition root, at boot). Several handlers of one type run in order. */
  register<P>(type: string, handler: (payload: P, meta: { id: number; attempts: number }) => Promise<void>): void;
  /** One pass: claims due messages and runs their handlers. Returns how many were handled and how many failed. */
  runOnce(): Promise<{ handled: number; failed: number }>;
  /** Passes until nothing is due (tests, CLI). */
  drain(): Promise<number>;
  /** Starts polling (the server); without it messages are worked off when this process enqueued them. */
  start(): void;
  /** Stops polling and waits for a pass in progress. */
  stop(): Promise<void>;
  stats(): Promise<OutboxStats>;
}

export function createOutbox(deps: { sequelize: Sequelize; logger: Logger; settings: OutboxSettings }): Outbox {
  const { sequelize, logger, settings } = deps;
  const holder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`.slice(0, 80);
  const handlers = new Map<string, OutboxHandler[]>();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;

  async function handle(row: { id: number; type: string; payload: unknown; attempts: number }): Promise<boolean> {
    try {
      for (const h of handlers.get(row.type) ?? [])
        await h(row.payload as never, { id: row.id, attempts: row.attempts });
      await markDone(sequelize, row.id, holder, Date.now());
      return true;
    } catch (err) {
      const dead = row.attempts >= settings.maxAttempts;
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      logger[dead ? 'error' : 'warn'](
        { err, outboxId: row.id, type: row.type, attempts: row.attempts },
        dead ? 'outbox message dead after its last try' : 'outbox handler failed, will retry',
      );
      await markFailed(sequelize, {
        id: row.id,
        holder,
        error,
        dead,
        availableAt: Date.now() + retryDelayMs(row.attempts, settings.retrySeconds),
      }).catch((e) => logger.error({ err: e, outboxId: row.id }, 'outbox: could not record the failure'));
      return false;
    }
  }

  async function runOnce() {
    const rows = await claimMessages(sequelize, {
      types: [...handlers.keys()],
      limit: 20,
      holder,
      now: Date.now(),
      claimMs: settings.claimSeconds * 1000,
    });
    let failed = 0;
    for (const row of rows) if (!(await handle(row))) failed++;
    return { handled: rows.length, failed };
  }

  /** One pass at a time per process; a ring during a pass runs another one right after it. */
  function kick(): void {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = (async () => {
      do {
        again = false;
        const { handled } = await runOnce();
        if (handled === 20) again = true;
      } while (again && !stopped);
    })()
      .catch((err) => logger.error({ err }, 'outbox pass failed'))
      .finally(() => {
        current = null;
      });
  }

  const unlisten = listenForEnqueued(sequelize, kick);

  return {
    register(type, handler) {
      const list = handlers.get(type) ?? [];
      list.push(handler as OutboxHandler);
      handlers.set(type, list);
    },
    runOnce,
    async drain() {
      if (current) await current;
      let total = 0;
      for (;;) {
        const { handled } = await runOnce();
        total += handled;
        if (!handled) return total;
      }
    },
    start() {
      if (timer || stopped) return;
      timer = setInterval(kick, settings.pollSeconds * 1000);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      unlisten();
      if (timer) clearInterval(timer);
      timer = undefined;
      if (current) await current;
    },
    stats: () => outboxStats(sequelize, Date.now()),
  };
}
