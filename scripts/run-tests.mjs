#!/usr/bin/env node
// `npm test`: the whole suite in parts. SQLite always; MariaDB and the browser where they are
// available, saying plainly what was skipped and why. REQUIRE_ALL=1 (set by .ci/run) turns a skip
// into a failure. Ends with one line "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const requireAll = process.env.REQUIRE_ALL === '1';
const mariadbUrl = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const only = process.argv.slice(2); // e.g. `npm test -- test/integration/auth.test.ts`

const results = [];
const skipped = [];
const notes = [];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function jest(label, paths, env, extraArgs = []) {
  const out = path.join(os.tmpdir(), `gezu-jest-${process.pid}-${results.length}.json`);
  console.log(`\n=== ${label} ===`);
  // Array options such as --testPathIgnorePatterns swallow the paths that follow them: they go last.
  const args = ['jest', '--ci', '--json', `--outputFile=${out}`, ...(only.length ? only : paths), ...extraArgs];
  const status = run('npx', args, env);
  let passed = 0,
    failed = 0,
    pending = 0;
  try {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests;
    pending = report.numPendingTests;
    if (report.numRuntimeErrorTestSuites) failed += report.numRuntimeErrorTestSuites;
    fs.rmSync(out, { force: true });
  } catch {
    failed += 1;
  }
  if (status !== 0 && failed === 0) failed = 1;
  results.push({ label, passed, failed, pending });
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A check that passes or fails as a whole (counted as one test). */
function check(label, cmd, args) {
  console.log(`\n=== ${label} ===`);
  const status = run(cmd, args);
  results.push({ label, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, pending: 0 });
}

// The rules that check themselves come first: they are quick and say the most about a change.
check('type check (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.']);
check('lint (eslint)', 'npx', ['eslint', '.']);
check('format (prettier --check)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
check('dependency rules (dependency-cruiser)', 'npx', [
  'depcruise',
  'src',
  '--config',
  '.dependency-cruiser.cjs',
  '--output-type',
  'err',
]);
// Built here once, so the test that starts dist/src/server.js finds it fresh instead of compiling.
check('build (dist/)', 'node', ['scripts/build.mjs', '--if-needed']);

// Suites about a MariaDB feature SQLite does not have run in the MariaDB part only (said in the summary).
const MARIADB_ONLY = {
  'test/integration/db-timeouts.test.ts': 'statement time-outs of MariaDB connections (SQLite has none)',
};
jest('unit + integration on SQLite', ['test/unit', 'test/integration'], { TEST_DB: 'sqlite' }, [
  `--testPathIgnorePatterns=/node_modules/|/test/faults/|${Object.keys(MARIADB_ONLY).join('|')}`,
]);
for (const [suite, why] of Object.entries(MARIADB_ONLY))
  notes.push(`on SQLite not run: ${suite} — ${why}; runs on MariaDB`);

const url = new URL(mariadbUrl);
const haveMariadb = await canConnect(url.hostname, Number(url.port || 3306));
if (haveMariadb) jest('integration on MariaDB', ['test/integration'], { TEST_DB: 'mariadb' });
else
  skipped.push(
    `integration on MariaDB: no database server answers at ${url.hostname}:${url.port || 3306} (set TEST_MARIADB_URL or start MariaDB; .ci/run does)`,
  );

if (!['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].some((p) => fs.existsSync(p))) {
  skipped.push(
    'QR code checks in the certificate tests: no pdftoppm (apt-get install -y poppler-utils; .ci/run installs it)',
  );
}

const BROWSER_SQLITE_ONLY = [
  'courses-accessibility',
  'accessibility-pages',
  'sequencing-',
  'authoring-exports',
  'hostile-package',
  'courses-journal',
  'courses-knowledge-check',
  'keyboard-journey',
];
const haveChromium = fs.existsSync(chromium);
if (haveChromium) {
  jest('browser (Chromium) on SQLite', ['test/e2e'], { TEST_DB: 'sqlite', CHROMIUM_PATH: chromium });
  // Once, on SQLite: the axe scans (markup and colours, which no database changes) and the suites that
  // test what the browser does with a package — sequencing inside scorm-again, authoring-tool runtimes,
  // isolation of hostile content, the courses' own pages, keyboard use. The server paths they touch
  // (commits, sequencing saves, launches) run on MariaDB in the integration part and in the journeys
  // below, which every database still gets.
  if (haveMariadb)
    jest('browser (Chromium) on MariaDB', ['test/e2e'], { TEST_DB: 'mariadb', CHROMIUM_PATH: chromium }, [
      `--testPathIgnorePatterns=/node_modules/|${BROWSER_SQLITE_ONLY.join('|')}`,
    ]);
} else {
  skipped.push(
    `browser tests: no Chromium at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)`,
  );
}

// The fault suite (test/faults, `npm run test:faults`): its own MariaDB servers (not the shared one),
// app processes from dist/ and Chromium. Once, not per database: it brings its own.
const mariadbBins =
  ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'].some((p) => fs.existsSync(p)) &&
  ['/usr/bin/mariadb-install-db', '/usr/sbin/mariadb-install-db'].some((p) => fs.existsSync(p));
if (only.length && !only.some((o) => o.includes('test/faults'))) {
  // `npm test -- <paths>` outside test/faults: nothing of the fault suite was asked for.
} else if (!mariadbBins) {
  skipped.push(
    'fault suite: no mariadbd / mariadb-install-db binary (apt-get install -y mariadb-server; .ci/run installs it)',
  );
} else if (!haveChromium) {
  skipped.push(`fault suite: no Chromium at ${chromium} (apt-get install -y chromium; .ci/run installs it)`);
} else {
  jest('fault suite (own MariaDB, two app processes, Chromium)', [], { CHROMIUM_PATH: chromium }, [
    '-c',
    'test/faults/jest.config.js',
  ]);
}

let passed = 0,
  failed = 0,
  pending = 0;
console.log('\n=== summary ===');
for (const r of results) {
  passed += r.passed;
  failed += r.failed;
  pending += r.pending;
  console.log(
    `${r.failed ? 'FAIL' : 'ok  '}  ${r.label}: ${r.passed} passed, ${r.failed} failed${r.pending ? `, ${r.pending} skipped` : ''}`,
  );
}
for (const n of notes) console.log(`note     ${n}`);
for (const s of skipped) console.log(`SKIPPED  ${s}`);
console.log(`${passed} passed, ${failed} failed, ${pending + skipped.length} skipped`);
if (failed > 0) process.exit(1);
if (requireAll && skipped.length) {
  console.log('REQUIRE_ALL=1: a part of the suite was skipped, which counts as a failure here.');
  process.exit(1);
}
