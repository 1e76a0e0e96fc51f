import { getQ1Completion } from '../player';
import type { ModuleCompletion } from './certificate-facts';

/** One learner's Q1 module completions, as the player reports them (completions once earned stay). */
export async function readModuleCompletions(userId: number): Promise<Map<string, ModuleCompletion>> {
  return (await getQ1Completion([userId])).get(userId) ?? new Map();
}
