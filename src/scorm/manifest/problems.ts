/** Builds problems in one shape; every `where` points into the manifest so a person can find it. */
import type { PackageProblem } from './types';

export const MANIFEST_FILE = 'imsmanifest.xml';

export function problem(code: string, message: string, where?: string): PackageProblem {
  return { code, message, where: where === undefined ? MANIFEST_FILE : `${MANIFEST_FILE}: ${where}` };
}
