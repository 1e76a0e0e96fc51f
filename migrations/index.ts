import type { Migration } from './types';
import { foundation } from './0001-foundation';

/** Every migration in order. Append new ones at the end; never edit one that has shipped. */
export const migrations: Migration[] = [foundation];
