import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository folder (the one holding package.json). Found by walking up from this file rather
 * than by a fixed `../..`, because this file runs both from `src/shared/` (tsx, Jest) and from
 * `dist/src/shared/` (`npm start`), and views/, public/, courses/ and node_modules/ stay at the root.
 */
export function findProjectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot();
