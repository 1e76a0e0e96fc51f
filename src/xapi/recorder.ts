/**
 * The player's LearningEvents as xAPI statements in the outbox: each statement is one message of type
 * `xapi.statement`, written in the transaction of the launch, commit or sequencing save, with the
 * statement's key as dedupe key (an answer re-sent by every later commit is kept once).
 */
import type { Transaction } from 'sequelize';
import { enqueue, enqueueOnce } from '../outbox';
import type { LearningEvents } from '../player';
import { createStatementBuilder, type XapiStatement } from './statements';

export const XAPI_STATEMENT = 'xapi.statement';

const put = (transaction: Transaction, s: { key: string; statement: XapiStatement }) =>
  enqueue(transaction, XAPI_STATEMENT, s.statement, { dedupeKey: `xapi:${s.key}` });

export function createXapiRecorder(opts: { baseUrl: string }): LearningEvents {
  const build = createStatementBuilder(opts.baseUrl);
  return {
    launched: (t, e) => put(t, build.launched(e)),
    // Every commit re-sends all answers: one read finds those recorded already, only new ones are written.
    async answered(t, e) {
      await enqueueOnce(
        t,
        XAPI_STATEMENT,
        build.answered(e).map((s) => ({ dedupeKey: `xapi:${s.key}`, payload: s.statement })),
      );
    },
    completed: (t, e) => put(t, build.result('completed', e)),
    passed: (t, e) => put(t, build.result('passed', e)),
  };
}
