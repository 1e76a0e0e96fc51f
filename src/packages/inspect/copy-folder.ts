/**
 * A package given as a folder (CLI import, built Q1 courses) is copied into the work folder under
 * the same rules as a zip: safe names, no links, no duplicates by case, the same limits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { refuse } from './refusal';
import { checkEntryName, EntryRegistry } from './entry-name';
import { writeLimited, type ByteBudget } from './write-limited';
import type { Extracted } from './extract-zip';
import type { ZipLimits } from './zip-limits';

export async function copyFolder(sourceDir: string, destDir: string, limits: ZipLimits): Promise<Extracted> {
  const registry = new EntryRegistry();
  const budget: ByteBudget = { total: 0 };
  const files: string[] = [];
  let seen = 0;

  const visit = async (relDir: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(sourceDir, relDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of entries) {
      seen += 1;
      if (seen > limits.maxEntries) {
        throw refuse('ZIP_TOO_MANY_ENTRIES', `Der Ordner enthält mehr als ${limits.maxEntries} Einträge.`);
      }
      const rel = relDir === '' ? dirent.name : `${relDir}/${dirent.name}`;
      const name = checkEntryName(dirent.isDirectory() ? `${rel}/` : rel);
      if (!name.ok) throw refuse('ZIP_PATH_UNSAFE', `Unsicherer Dateipfad „${rel}“: ${name.reason}.`, rel);
      if (dirent.isSymbolicLink()) {
        throw refuse(
          'ZIP_SYMLINK',
          `Der Ordner enthält eine symbolische Verknüpfung („${rel}“); das ist nicht erlaubt.`,
          rel,
        );
      }
      if (!dirent.isDirectory() && !dirent.isFile()) {
        throw refuse('ZIP_PATH_UNSAFE', `„${rel}“ ist weder Datei noch Ordner.`, rel);
      }
      if (!registry.add(name.key, dirent.isDirectory())) {
        throw refuse(
          'ZIP_DUPLICATE_ENTRY',
          `Der Name „${rel}“ kommt mehrfach vor (auch Groß-/Kleinschreibung zählt gleich).`,
          rel,
        );
      }
      const target = path.join(destDir, ...name.path.split('/'));
      if (dirent.isDirectory()) {
        await fs.promises.mkdir(target, { recursive: true });
        await visit(rel);
      } else {
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await writeLimited(fs.createReadStream(path.join(sourceDir, rel)), target, rel, limits, budget);
        files.push(name.path);
      }
    }
  };
  await visit('');
  return { files, totalBytes: budget.total };
}
