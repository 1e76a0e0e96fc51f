/**
 * Fuzzing the zip extractor with fast-check (issue 13). Zips are written byte by byte here (a small
 * writer below, so that any name, mode and size claim can be expressed — yazl refuses the unsafe
 * ones), from generated entry lists with odd names, `..`, absolute paths, drive letters, links,
 * duplicates, folder/file clashes and lying sizes, and then some bytes of them are flipped or cut.
 * Whatever comes in, `inspectPackage` answers (ok or a list of problems — never a throw), within a
 * bounded time, writes nothing outside its work folder, leaves no link behind, and leaves nothing
 * at all when it refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { DEFAULT_ZIP_LIMITS, inspectPackage, type InspectResult } from '../../../src/packages/inspect';

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
/** fast-check fails a run that takes longer than this: a hang shows up as a failure, not a stuck test. */
const RUN_TIMEOUT_MS = 10_000;
/** 600 packages per test take ~15 s on a quiet machine; the margin is for a shared one. */
const TEST_TIMEOUT_MS = 120_000;
const MAX_MS_PER_PACKAGE = 5000;
/** Every generated name may carry this marker, so an escaped file would be found by name. */
const MARK = 'fzmark';

const MANIFEST = `<?xml version="1.0"?><manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<organizations default="o"><organization identifier="o"><title>T</title><item identifier="i" identifierref="r"><title>S</title></item></organization></organizations>
<resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>`;

interface RawEntry {
  name: Buffer;
  data: Buffer;
  /** Unix mode in the upper 16 bits of the external attributes (symlink 0o120777, folder 0o040755). */
  mode: number;
  deflate: boolean;
  /** Added to the uncompressed size in the headers: a header that lies. */
  sizeLie: number;
  utf8: boolean;
}

/** A minimal zip writer: local headers, data, central directory, end record. No checks on purpose. */
function writeZip(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const crc = zlib.crc32(e.data);
    const size = Math.max(0, e.data.length + e.sizeLie);
    const flags = e.utf8 ? 0x800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(e.name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode bits count
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(e.deflate ? 8 : 0, 10);
    cd.writeUInt32LE(0x00210000, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(e.name.length, 28);
    cd.writeUInt32LE(((e.mode & 0xffff) << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, e.name, body);
    central.push(cd, e.name);
    offset += local.length + e.name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, end]);
}

const segment = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      MARK,
      `${MARK}.html`,
      'index.html',
      'imsmanifest.xml',
      'IMSMANIFEST.XML',
      'a',
      'A',
      'pages',
      '__MACOSX',
      '.hidden',
    ),
    weight: 6,
  },
  {
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '',
      '...',
      'C:',
      'c:..',
      '\\..',
      '..\\..',
      '%2e%2e',
      'nul',
      'con',
      ' ',
      'a\u0000b',
      'tab\t',
      'ä',
      'a\u0308',
      '\u202e',
      'x'.repeat(300),
    ),
    weight: 3,
  },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);
const name = fc
  .record({
    segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
    prefix: fc.constantFrom('', '', '', '/', '//', 'C:/', 'C:\\', '\\\\server\\share\\', '../', '../../../../'),
    sep: fc.constantFrom('/', '/', '/', '\\'),
    trailingSlash: fc.boolean(),
  })
  .map(({ segments, prefix, sep, trailingSlash }) => `${prefix}${segments.join(sep)}${trailingSlash ? '/' : ''}`);

const entry: fc.Arbitrary<RawEntry> = fc.record({
  name: fc.oneof(
    { arbitrary: name.map((n) => Buffer.from(n, 'utf8')), weight: 9 },
    { arbitrary: fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b)), weight: 1 },
  ),
  data: fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc.integer({ min: 0, max: 64 * 1024 }).map((n) => Buffer.alloc(n)),
  ),
  mode: fc.constantFrom(0o100644, 0o100644, 0o100755, 0o120777, 0o040755, 0o010644, 0),
  deflate: fc.boolean(),
  sizeLie: fc.oneof(
    { arbitrary: fc.constant(0), weight: 8 },
    { arbitrary: fc.integer({ min: -50, max: 5000 }), weight: 1 },
  ),
  utf8: fc.boolean(),
});

/** A valid package, sometimes, so that the accepting path and duplicates of real names are exercised too. */
const validEntries = (): RawEntry[] => [
  {
    name: Buffer.from('imsmanifest.xml'),
    data: Buffer.from(MANIFEST),
    mode: 0o100644,
    deflate: true,
    sizeLie: 0,
    utf8: false,
  },
  {
    name: Buffer.from('index.html'),
    data: Buffer.from('<!doctype html><title>x</title>'),
    mode: 0o100644,
    deflate: false,
    sizeLie: 0,
    utf8: false,
  },
];

const damage = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  ),
  { maxLength: 3 },
);

let sandbox: string;
beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'extract-fuzz-'));
});
afterAll(() => {
  fs.rmSync(sandbox, { recursive: true, force: true });
});

/** Every path below dir, with lstat: links would show as links, not as what they point to. */
function walk(dir: string, out: { path: string; stat: fs.Stats }[] = []): { path: string; stat: fs.Stats }[] {
  for (const d of fs.readdirSync(dir)) {
    const p = path.join(dir, d);
    const stat = fs.lstatSync(p);
    out.push({ path: p, stat });
    if (stat.isDirectory()) walk(p, out);
  }
  return out;
}

let run = 0;
async function inspectOnce(zipBytes: Buffer): Promise<void> {
  run += 1;
  const workDir = path.join(sandbox, `w${run}`);
  const zipFile = path.join(sandbox, `z${run}.zip`);
  fs.writeFileSync(zipFile, zipBytes);
  try {
    await checkInspection(zipFile, zipBytes.length, workDir);
  } finally {
    // Also after a failed check, so the shrinker's next run starts clean.
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(zipFile, { force: true });
  }
}

async function checkInspection(zipFile: string, size: number, workDir: string): Promise<void> {
  const t0 = performance.now();
  let result: InspectResult;
  try {
    result = await inspectPackage(zipFile, DEFAULT_ZIP_LIMITS, workDir);
  } catch (err) {
    throw new Error(`inspectPackage threw ${String(err)} for a zip of ${size} bytes`, { cause: err });
  }
  expect(performance.now() - t0).toBeLessThan(MAX_MS_PER_PACKAGE);

  // Nothing beside the work folder and the zip, anywhere up the tree a `..` or an absolute name could reach.
  expect(fs.readdirSync(sandbox).sort()).toEqual([path.basename(workDir), path.basename(zipFile)]);
  for (const place of [os.tmpdir(), '/', path.dirname(os.tmpdir()), process.cwd()]) {
    expect(fs.readdirSync(place).filter((f) => f.includes(MARK))).toEqual([]);
  }
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(fs.readdirSync(workDir)).toEqual([]);
  } else {
    expect(fs.readdirSync(workDir)).toEqual([path.basename(result.dir)]);
    const real = fs.realpathSync(result.dir);
    for (const f of walk(result.dir)) {
      expect(f.stat.isFile() || f.stat.isDirectory()).toBe(true);
      expect(fs.realpathSync(f.path).startsWith(real + path.sep)).toBe(true);
    }
  }
}

describe('inspectPackage under fuzzing', () => {
  test(
    'when zips are generated from hostile entry lists, then each is answered, in time, and nothing lands outside',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.array(entry, { maxLength: 8 }),
          fc.boolean(),
          async (withValid, extra, shuffle) => {
            const entries = withValid ? [...validEntries(), ...extra] : extra;
            if (shuffle) entries.reverse();
            await inspectOnce(writeZip(entries));
          },
        ),
        { numRuns: RUNS, timeout: RUN_TIMEOUT_MS },
      );
    },
    TEST_TIMEOUT_MS,
  );

  test(
    'when a valid zip with hostile entries is damaged (bytes flipped, cut off), then each is answered and nothing lands outside',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { maxLength: 4 }), damage, async (extra, edits) => {
          let bytes = writeZip([...validEntries(), ...extra]);
          for (const e of edits) {
            const at = e.at % Math.max(bytes.length, 1);
            if (e.kind === 'flip') bytes[at] = e.value;
            else bytes = bytes.subarray(0, at);
          }
          await inspectOnce(Buffer.from(bytes));
        }),
        { numRuns: RUNS, timeout: RUN_TIMEOUT_MS },
      );
    },
    TEST_TIMEOUT_MS,
  );

  test("when the fuzzer's own writer makes a clean package, then it is accepted (the generator reaches the accepting path)", async () => {
    const workDir = path.join(sandbox, 'clean');
    const zipFile = path.join(sandbox, 'clean.zip');
    fs.writeFileSync(zipFile, writeZip(validEntries()));
    const result = await inspectPackage(zipFile, DEFAULT_ZIP_LIMITS, workDir);
    expect(result.ok).toBe(true);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.rmSync(zipFile);
  });
});
