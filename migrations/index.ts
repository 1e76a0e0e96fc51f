import type { Migration } from './types';
import { foundation } from './0001-foundation';
import { packagesAndTracking } from './0002-packages-and-tracking';

/** Every migration in order. Append new ones at the end; never edit one that has shipped. */
export const migrations: Migration[] = [foundation, packagesAndTracking];
