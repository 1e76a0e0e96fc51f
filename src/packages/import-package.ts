/**
 * `importPackage`: inspect a zip or folder (safe extraction, manifest parsing) into
 * DATA_DIR/tmp/import-<uuid>, store its files under `content/<uuid>` (local: one rename; S3: one
 * upload per file), then make it visible atomically — every row in ONE transaction, which also drops
 * the import's staging claim. Until that commit no row points at the prefix, so a half-written one is
 * never served; a failure removes it, and a crash leaves a staged prefix the next start removes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'sequelize';
import { inspectPackage } from './inspect';
import type { ParsedManifest, PackageProblem, ScoInfo } from '../scorm';
import { Package, PackageSco, PackageStaging, PackageVersion } from './package-models';
import { tmpDir, versionPrefix, type PackageSettings } from './package-storage';
import { beginStaging } from './staging';
import { storageFailure } from '../shared/storage';
import { moveModule, checkModuleKey } from './package-settings';
import { writeAudit } from '../shared/audit';
import { NotFoundError, RejectedInputError } from '../shared/errors';

export interface ImportOptions {
  actorId: number | null;
  moduleKey?: string;
  /** Import as a new version of this package. */
  packageId?: number;
  /** Original file name (uploads arrive under a random temporary name). */
  sourceName?: string;
  /** Packages built from courses/: a second import with the same key becomes a new version. */
  courseKey?: string;
  /** Overrides the manifest's title. */
  title?: string;
}

export interface ImportedPackage {
  id: number;
  versionId: number;
  version: number;
  scormVersion: string;
  title: string;
  moduleKey: string | null;
  /** Launchable items in order; `launchUrl` is package-relative (or an absolute http(s) URL). */
  scos: { id: number; identifier: string; title: string; launchUrl: string; scormType: 'sco' | 'asset' }[];
  warnings: PackageProblem[];
  playUrl: string;
}

export async function importPackage(
  settings: PackageSettings,
  source: string,
  opts: ImportOptions,
): Promise<ImportedPackage> {
  const { limits, store } = settings;
  // Cheap checks first, so a wrong option never costs an extraction.
  if (opts.moduleKey !== undefined) checkModuleKey(opts.moduleKey);
  if (opts.packageId !== undefined && !(await Package.findByPk(opts.packageId))) {
    throw new NotFoundError('packages.error.version_target_missing', 'PACKAGE_NOT_FOUND');
  }
  const storageDir = crypto.randomUUID();
  const workDir = path.join(tmpDir(settings), `import-${storageDir}`);
  const prefix = versionPrefix(storageDir);
  // Claimed before the first byte is written: whatever a crash leaves is found by this row (clean-storage.ts).
  const staging = await beginStaging(storageDir);
  let committed = false;
  try {
    // Hash while extracting: both read the same file, and the page cache serves the second reader.
    const [inspection, sha256] = await Promise.all([
      inspectPackage(source, limits, workDir).catch((err) => Promise.reject(storageFailure(err))),
      hashFile(source),
    ]);
    if (!inspection.ok) throw new RejectedInputError(inspection.errors);
    const contentRoot = path.relative(inspection.dir, inspection.contentRoot).split(path.sep).join('/');
    await store.putFolder(inspection.dir, prefix).catch((err) => Promise.reject(storageFailure(err)));
    const stored = {
      storageDir,
      contentRoot,
      sizeBytes: inspection.totalBytes,
      fileCount: inspection.fileCount,
      sha256,
    };
    const imported = await writeRows(inspection.manifest, inspection.warnings, stored, opts);
    committed = true;
    return imported;
  } finally {
    staging.stop();
    await fs.promises.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    // Nothing of a failed import stays; if even the removal fails, the staging row stays for the next start.
    if (!committed) {
      const removed = await store.deletePrefix(prefix).then(
        () => true,
        () => false,
      );
      if (removed) await staging.release().catch(() => undefined);
    }
  }
}

interface Stored {
  storageDir: string;
  contentRoot: string;
  sizeBytes: number;
  fileCount: number;
  sha256: string | null;
}

async function writeRows(
  manifest: ParsedManifest,
  warnings: PackageProblem[],
  stored: Stored,
  opts: ImportOptions,
): Promise<ImportedPackage> {
  const sequelize = Package.sequelize!;
  const title = (opts.title ?? manifest.title).slice(0, 255);
  return sequelize.transaction(async (t) => {
    const pkg = await findOrCreatePackage(opts, title, t);
    const max =
      (await PackageVersion.max<number | null, PackageVersion>('number', {
        where: { packageId: pkg.id },
        transaction: t,
      })) ?? 0;
    const version = await PackageVersion.create(
      {
        packageId: pkg.id,
        number: Number(max) + 1,
        scormVersion: manifest.scormVersion,
        title,
        manifestIdentifier: manifest.identifier?.slice(0, 255) || null,
        manifestJson: JSON.stringify(manifest),
        warningsJson: warnings.length ? JSON.stringify(warnings) : null,
        storageDir: stored.storageDir,
        contentRoot: stored.contentRoot,
        sizeBytes: stored.sizeBytes,
        fileCount: stored.fileCount,
        sourceSha256: stored.sha256,
        sourceName: opts.sourceName?.slice(0, 255) ?? null,
        uploadedBy: opts.actorId,
      },
      { transaction: t },
    );
    // The switch: the version row appears and the staging claim goes in one commit.
    await PackageStaging.destroy({ where: { storageDir: stored.storageDir }, transaction: t });
    await PackageSco.bulkCreate(
      manifest.scos.map((s, i) => scoRow(version.id, i, s)),
      { transaction: t },
    );
    // bulkCreate does not return ids on every dialect (SQLite); read them back in order.
    const scos = await PackageSco.findAll({
      where: { versionId: version.id },
      order: [['position', 'ASC']],
      transaction: t,
    });

    pkg.latestVersionId = version.id;
    pkg.title = title;
    await pkg.save({ transaction: t });
    if (opts.moduleKey !== undefined && pkg.moduleKey !== opts.moduleKey)
      await moveModule(pkg, opts.moduleKey, opts.actorId, t);
    await writeAudit(
      {
        actorId: opts.actorId,
        action: 'package.imported',
        subjectType: 'package',
        subjectId: pkg.id,
        after: {
          versionId: version.id,
          version: version.number,
          title,
          scormVersion: manifest.scormVersion,
          sourceName: opts.sourceName ?? null,
          moduleKey: pkg.moduleKey,
        },
      },
      t,
    );
    return {
      id: pkg.id,
      versionId: version.id,
      version: version.number,
      scormVersion: manifest.scormVersion,
      title,
      moduleKey: pkg.moduleKey,
      scos: scos.map((s) => ({
        id: s.id,
        identifier: s.itemIdentifier,
        title: s.title,
        launchUrl: s.launchPath,
        scormType: s.scormType,
      })),
      warnings,
      playUrl: `/play/${pkg.id}`,
    };
  });
}

async function findOrCreatePackage(opts: ImportOptions, title: string, t: Transaction): Promise<Package> {
  // The row lock serialises concurrent uploads of versions of one package on MariaDB (SQLite
  // transactions are IMMEDIATE already), so version numbers never collide.
  const lock = t.LOCK.UPDATE;
  if (opts.packageId !== undefined) {
    const pkg = await Package.findByPk(opts.packageId, { transaction: t, lock });
    if (!pkg) throw new NotFoundError('packages.error.version_target_missing', 'PACKAGE_NOT_FOUND');
    return pkg;
  }
  if (opts.courseKey) {
    const pkg = await Package.findOne({ where: { courseKey: opts.courseKey }, transaction: t, lock });
    if (pkg) return pkg;
  }
  return Package.create(
    { title, courseKey: opts.courseKey ?? null, createdBy: opts.actorId, openInNewWindow: false },
    { transaction: t },
  );
}

function scoRow(versionId: number, position: number, s: ScoInfo) {
  return {
    versionId,
    position,
    itemIdentifier: s.itemId.slice(0, 255),
    resourceIdentifier: s.resourceId.slice(0, 255),
    title: (s.title || s.itemId).slice(0, 255),
    launchPath: s.launchPath.slice(0, 2000),
    scormType: s.scormType,
    isVisible: s.isVisible,
    masteryScore: s.masteryScore ?? null,
    // The threshold only applies when completion is set by measure; the full element stays in manifest_json.
    completionThreshold: s.completionThreshold?.completedByMeasure ? s.completionThreshold.minProgressMeasure : null,
    scaledPassingScore: s.scaledPassingScore ?? null,
    dataFromLms: s.dataFromLms ?? null,
    maxTimeAllowed: s.maxTimeAllowed?.slice(0, 64) ?? null,
    timeLimitAction: s.timeLimitAction?.slice(0, 64) ?? null,
  };
}

const HASH_READ_CHUNK = 1024 * 1024;

/** SHA-256 of a zip (streamed); null for folders or unreadable sources (inspect reports those). */
export async function hashFile(source: string): Promise<string | null> {
  try {
    if (!(await fs.promises.stat(source)).isFile()) return null;
    const hash = crypto.createHash('sha256');
    // 1 MiB reads: a sixteenth of the default's trips through libuv's pool, which the extraction
    // beside it keeps busy.
    for await (const chunk of fs.createReadStream(source, { highWaterMark: HASH_READ_CHUNK }))
      hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}
