#!/usr/bin/env node
// `npm run build`: compiles src/, migrations/, courses/build/ and scripts/migrate.ts into dist/ (tsc,
// tsconfig.build.json). With --if-needed (`npm start`, `npm run cli`, `npm run migrate`) it compiles
// only when dist/ is missing or older than a source, so `npm install && npm start` on a fresh clone
// still does everything and a second start costs nothing. views/, public/, courses/ and node_modules/
// are not copied: the compiled code finds them at the repository root (src/shared/project-root.ts).
// Everything it prints goes to stderr, because `npm run cli` promises clean JSON on stdout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const lock = path.join(root, '.build-lock');
const INPUTS = ['src', 'migrations', 'courses/build', 'scripts/migrate.ts', 'tsconfig.json', 'tsconfig.build.json'];

/** Newest modification time among the inputs; folders count too, so a deleted file is noticed. */
function newestInput() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  for (const rel of INPUTS) visit(path.join(root, rel));
  return newest;
}

function isFresh() {
  const st = fs.statSync(stamp, { throwIfNoEntry: false });
  return !!st && st.mtimeMs >= newestInput();
}

/** One build at a time (two `npm start`s on a fresh clone); a lock left by a dead process is taken over. */
async function withLock(fn) {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let pid = 0; // 0 while the owner has not written its pid yet
      try {
        pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* not yet */
      }
      let alive = false;
      try {
        if (pid) {
          process.kill(pid, 0);
          alive = true;
        }
      } catch {
        /* gone */
      }
      if (!alive && pid) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Files beside the code that it reads by `__dirname` (e.g. src/auth/common-passwords.txt): tsc does not copy them. */
function copyAssets() {
  const visit = (rel) => {
    const abs = path.join(root, rel);
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (!/\.(ts|md)$/.test(entry.name)) fs.cpSync(path.join(root, child), path.join(dist, child));
    }
  };
  for (const rel of ['src', 'migrations', 'courses/build']) visit(rel);
}

function compile() {
  // Taken before compiling: a source saved while tsc runs makes the next start build again.
  const startedMs = Date.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  console.error('building dist/ (tsc -p tsconfig.build.json) …');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    console.error('build failed: see the TypeScript errors above');
    return r.status ?? 1;
  }
  copyAssets();
  fs.writeFileSync(stamp, `built ${new Date().toISOString()}\n`);
  fs.utimesSync(stamp, startedMs / 1000, startedMs / 1000);
  console.error(`built dist/ in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
  return 0;
}

const ifNeeded = process.argv.includes('--if-needed');
const status = await withLock(() => (ifNeeded && isFresh() ? 0 : compile()));
process.exit(status);
