/**
 * Safe, streamed zip extraction with yauzl (`lazyEntries`, a few entries at a time), nothing held whole
 * in memory, every name, link and size checked before and while writing. Throws PackageRefused;
 * the caller removes the half-written folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { types } from 'node:util';
import yauzl from 'yauzl';
import './yauzl-read-fix';
import { refuse, PackageRefused } from './refusal';
import { checkEntryName, EntryRegistry } from './entry-name';
import {
  archiveRatioExceeded,
  archiveRatioRefusal,
  formatBytes,
  ratioRefusal,
  writeLimited,
  type ByteBudget,
} from './write-limited';
import { RATIO_MIN_BYTES, type ZipLimits } from './zip-limits';

export interface Extracted {
  /** Package-relative paths of the files written (not folders), `/`-separated. */
  files: string[];
  totalBytes: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const CONCURRENT_WRITES = 4;

/** Local file header, empty archive, or spanned archive marker. */
async function hasZipSignature(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, 0);
    if (bytesRead < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) return false;
    return [0x0304, 0x0506, 0x0708].includes((buf[2] << 8) | buf[3]);
  } finally {
    await handle.close();
  }
}

/** yauzl's own name checks fire before we see the entry; map them onto our code. */
function fromYauzlError(err: Error): PackageRefused {
  const msg = err.message;
  if (/^(absolute path|invalid relative path|invalid characters in fileName)/.test(msg)) {
    const name = msg.slice(msg.indexOf(':') + 1).trim();
    return refuse('ZIP_PATH_UNSAFE', `Das Paket enthält einen unsicheren Dateipfad („${name}“).`, name);
  }
  return refuse('PACKAGE_ZIP_CORRUPT', `Die Zip-Datei ist beschädigt oder unvollständig (${msg}).`);
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const options = {
      lazyEntries: true,
      autoClose: false,
      strictFileNames: true,
      validateEntrySizes: true,
      decodeStrings: true,
    };
    yauzl.open(file, options, (err, zip) =>
      err || !zip ? reject(fromYauzlError(err ?? new Error('open failed'))) : resolve(zip),
    );
  });
}

export async function extractZip(zipPath: string, destDir: string, limits: ZipLimits): Promise<Extracted> {
  if (!(await hasZipSignature(zipPath))) {
    throw refuse('PACKAGE_NOT_ZIP', 'Die hochgeladene Datei ist keine Zip-Datei.');
  }
  const archiveBytes = (await fs.promises.stat(zipPath)).size;
  const zip = await openZip(zipPath);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw refuse(
      'ZIP_TOO_MANY_ENTRIES',
      `Das Paket enthält ${zip.entryCount} Einträge; erlaubt sind höchstens ${limits.maxEntries}.`,
    );
  }
  const registry = new EntryRegistry();
  const budget: ByteBudget = { total: 0, archiveBytes };
  let claimed = 0;
  const files: string[] = [];
  let seen = 0;

  // Several entries are written at once: yauzl reads each entry with positioned reads, so streams
  // do not interfere, and overlapping inflate with file-system writes roughly halves the wall time.
  // Name, link and duplicate checks still run in entry order, before any write of that entry starts.
  const made = new Map<string, Promise<unknown>>();
  const mkdirOnce = (dir: string) => {
    let p = made.get(dir);
    if (!p) made.set(dir, (p = fs.promises.mkdir(dir, { recursive: true })));
    return p;
  };

  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let ended = false;
    let inFlight = 0;
    let waiting = false;
    let failure: { err: unknown } | null = null;
    // The zip is closed only once no entry stream is open any more: closing it under a stream still
    // reading made yauzl read from a null descriptor and threw outside any promise — a disk that
    // filled up during an import took the whole process down.
    const settleIfIdle = (): void => {
      if (settled || inFlight > 0 || !(failure || ended)) return;
      settled = true;
      // autoClose is off: with several streams open the file must stay open until the last ends.
      zip.close();
      if (!failure) return resolve();
      const err = failure.err;
      // File-system faults (disk full, permissions) are ours, not the package's: pass them on unchanged.
      // isNativeError, not instanceof: zlib's errors may come from another realm (a test VM), and an
      // unrecognised error must not slip through as a server fault (found by the fuzz test).
      const isError = types.isNativeError(err);
      const isSystemError = isError && 'syscall' in err;
      reject(err instanceof PackageRefused || isSystemError || !isError ? err : fromYauzlError(err));
    };
    const fail = (err: unknown): void => {
      // The first failure is the one reported; the entries still being written finish (or fail) first.
      failure ??= { err };
      settleIfIdle();
    };
    zip.on('error', fail);
    zip.on('end', () => {
      ended = true;
      settleIfIdle();
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      if (failure) return;
      let write: (() => Promise<void>) | undefined;
      try {
        write = checkEntry(entry);
      } catch (err) {
        return fail(err);
      }
      inFlight += 1;
      (write ? write() : Promise.resolve()).then(
        () => {
          inFlight -= 1;
          if (waiting && !failure) {
            waiting = false;
            zip.readEntry();
          }
          settleIfIdle();
        },
        (err: unknown) => {
          inFlight -= 1;
          fail(err);
        },
      );
      if (inFlight < CONCURRENT_WRITES) zip.readEntry();
      else waiting = true;
    });
    zip.readEntry();

    /** Synchronous checks in entry order; returns the write to run (or nothing for a folder entry). */
    const checkEntry = (entry: yauzl.Entry): (() => Promise<void>) | undefined => {
      seen += 1;
      if (seen > limits.maxEntries) {
        throw refuse('ZIP_TOO_MANY_ENTRIES', `Das Paket enthält mehr als ${limits.maxEntries} Einträge.`);
      }
      const name = checkEntryName(entry.fileName);
      if (!name.ok)
        throw refuse('ZIP_PATH_UNSAFE', `Unsicherer Dateipfad „${entry.fileName}“: ${name.reason}.`, entry.fileName);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw refuse(
          'ZIP_SYMLINK',
          `Das Paket enthält eine symbolische Verknüpfung („${name.path}“); das ist nicht erlaubt.`,
          name.path,
        );
      }
      const isDirectory = name.isDirectory || entry.fileName.endsWith('/');
      if (!registry.add(name.key, isDirectory)) {
        throw refuse(
          'ZIP_DUPLICATE_ENTRY',
          `Der Name „${name.path}“ kommt im Paket mehrfach vor (auch Groß-/Kleinschreibung zählt gleich).`,
          name.path,
        );
      }
      const target = path.join(destDir, ...name.path.split('/'));
      // Belt and braces: whatever the checks above missed, nothing is written outside destDir.
      if (!target.startsWith(destDir + path.sep))
        throw refuse('ZIP_PATH_UNSAFE', `Unsicherer Dateipfad „${entry.fileName}“.`, entry.fileName);
      if (isDirectory) return async () => void (await mkdirOnce(target));
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        throw refuse(
          'PACKAGE_ZIP_CORRUPT',
          `Die Datei „${name.path}“ ist verschlüsselt; verschlüsselte Pakete werden nicht unterstützt.`,
          name.path,
        );
      }
      claimed += entry.uncompressedSize;
      checkClaims(entry, name.path, limits, budget, claimed);
      return async () => {
        await mkdirOnce(path.dirname(target));
        const stream = await openEntry(zip, entry);
        try {
          await writeLimited(stream, target, name.path, limits, budget, entry.compressedSize);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
            throw refuse('ZIP_DUPLICATE_ENTRY', `Der Name „${name.path}“ kommt im Paket mehrfach vor.`, name.path);
          }
          throw err;
        }
        files.push(name.path);
      };
    };
  });
  return { files, totalBytes: budget.total };
}

/** Refuses early on what the headers admit to; writeLimited checks what really arrives. */
function checkClaims(entry: yauzl.Entry, name: string, limits: ZipLimits, budget: ByteBudget, claimed: number): void {
  if (budget.total + entry.uncompressedSize > limits.maxTotalBytes) {
    throw refuse('ZIP_TOO_LARGE', `Das Paket ist entpackt größer als ${formatBytes(limits.maxTotalBytes)}.`, name);
  }
  if (
    entry.uncompressedSize > RATIO_MIN_BYTES &&
    entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio
  ) {
    throw ratioRefusal(name, limits);
  }
  if (archiveRatioExceeded(claimed, budget, limits)) throw archiveRatioRefusal(limits);
}

/**
 * The entry's data, inflated. yauzl would inflate with zlib's default 16 KiB chunks: a 195 MB package
 * then costs some 12,000 inflate tasks and as many file writes. We take the raw deflate stream and inflate
 * it with 256 KiB chunks; yauzl still checks the compressed size, and the uncompressed size is checked
 * against the header here (`sizeChecked`), as yauzl's `validateEntrySizes` did.
 */
const INFLATE_CHUNK = 256 * 1024;
function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  const deflated = entry.compressionMethod === 8;
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, deflated ? { decompress: false } : {}, (err, stream) => {
      if (err || !stream) return reject(fromYauzlError(err ?? new Error('no stream')));
      if (!deflated) return resolve(stream);
      const checked = sizeChecked(entry.uncompressedSize);
      // pipeline destroys every stage with the first error, so the writer reading `checked` sees it.
      pipeline(stream, zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK }), checked, () => undefined);
      resolve(checked);
    });
  });
}

/** Passes the data through and fails when it is not exactly the size the zip's header states. */
function sizeChecked(expected: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > expected) return done(new Error(`too many bytes in the stream (expected ${expected})`));
      done(null, chunk);
    },
    flush(done) {
      done(seen === expected ? null : new Error(`too few bytes in the stream: ${seen} of ${expected}`));
    },
  });
}
