/**
 * `inspectPackage`: a zip or folder in, an extracted and checked package out — or the list of
 * problems and nothing left behind. The import (another step) moves `dir` into place and writes
 * the rows; this step never touches the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseManifest, type PackageProblem, type ParsedManifest } from '../../scorm';
import { PackageRefused } from './refusal';
import { extractZip, type Extracted } from './extract-zip';
import { copyFolder } from './copy-folder';
import { locateManifest } from './locate-manifest';
import type { ZipLimits } from './zip-limits';

export type InspectResult =
  | {
      ok: true;
      /** Extracted temporary folder inside workDir; the caller moves or deletes it. */
      dir: string;
      /** Folder holding imsmanifest.xml: `dir` itself or its one top-level folder. */
      contentRoot: string;
      manifest: ParsedManifest;
      warnings: PackageProblem[];
      totalBytes: number;
      fileCount: number;
    }
  | { ok: false; errors: PackageProblem[]; warnings?: PackageProblem[] };

/** A manifest this big is not a manifest; refuse before reading it into memory. */
const MAX_MANIFEST_BYTES = 20 * 1024 * 1024;

export async function inspectPackage(source: string, limits: ZipLimits, workDir: string): Promise<InspectResult> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(source);
  } catch {
    return refused({
      code: 'PACKAGE_SOURCE_MISSING',
      message: `Die Paketdatei „${path.basename(source)}“ wurde nicht gefunden.`,
    });
  }
  await fs.promises.mkdir(workDir, { recursive: true });
  const dir = await fs.promises.mkdtemp(path.join(workDir, 'inspect-'));
  try {
    const extracted: Extracted = stat.isDirectory()
      ? await copyFolder(source, dir, limits)
      : await extractZip(source, dir, limits);
    const result = await checkExtracted(dir, extracted, limits.maxManifestItems);
    if (!result.ok) await removeQuietly(dir);
    return result;
  } catch (err) {
    await removeQuietly(dir);
    if (err instanceof PackageRefused) return refused(err.problem);
    throw err;
  }
}

async function checkExtracted(dir: string, extracted: Extracted, maxItems: number | undefined): Promise<InspectResult> {
  const location = locateManifest(extracted.files);
  if (!location.ok) return refused(location.problem);

  const manifestFile = path.join(dir, ...location.manifestPath.split('/'));
  const size = (await fs.promises.stat(manifestFile)).size;
  if (size > MAX_MANIFEST_BYTES) {
    return refused({
      code: 'PACKAGE_MANIFEST_MALFORMED',
      message: 'Die imsmanifest.xml ist unplausibel groß (über 20 MiB).',
      where: location.manifestPath,
    });
  }
  const xml = decodeXml(await fs.promises.readFile(manifestFile));

  // Paths in the manifest are relative to the content root and compared in NFC: macOS writes
  // file names decomposed (NFD), authoring tools write hrefs composed.
  const prefix = location.root === '' ? '' : `${location.root}/`;
  const present = new Set(
    extracted.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).normalize('NFC')),
  );
  const parsed = parseManifest(xml, { fileExists: (rel) => present.has(rel.normalize('NFC')), maxItems });
  if (!parsed.ok) return { ok: false, errors: parsed.errors, warnings: parsed.warnings };

  return {
    ok: true,
    dir,
    contentRoot: location.root === '' ? dir : path.join(dir, location.root),
    manifest: parsed.manifest,
    warnings: parsed.warnings,
    totalBytes: extracted.totalBytes,
    fileCount: extracted.files.length,
  };
}

/** Manifests are UTF-8 in practice; a UTF-16 one announces itself with a byte order mark. */
function decodeXml(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)))
      .swap16()
      .toString('utf16le');
  return buf.toString('utf8');
}

function refused(problem: PackageProblem): InspectResult {
  return { ok: false, errors: [problem] };
}

async function removeQuietly(dir: string): Promise<void> {
  await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
