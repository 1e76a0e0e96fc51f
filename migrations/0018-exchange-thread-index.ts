import type { Migration } from './types';

/**
 * A space's first page filters `space_key = ? AND deleted_at IS NULL`: with `deleted_at` in the index the
 * count is index-only and the page an index range in order (MariaDB scanned the whole table for the
 * count with 0017's index; benchmark in docs/benchmarks.md).
 */
export const exchangeThreadIndex: Migration = {
  name: '0018-exchange-thread-index',
  async up({ queryInterface: q }) {
    await q.addIndex('exchange_threads', ['space_key', 'deleted_at', 'pinned', 'last_post_at'], {
      name: 'exchange_threads_live',
    });
    await q.removeIndex('exchange_threads', 'exchange_threads_space');
  },
  async down({ queryInterface: q }) {
    await q.addIndex('exchange_threads', ['space_key', 'pinned', 'last_post_at'], { name: 'exchange_threads_space' });
    await q.removeIndex('exchange_threads', 'exchange_threads_live');
  },
};
