/**
 * Decides whether a path from a zip (or a copied folder) may be written below the extraction
 * folder. yauzl checks names too; this is our own, stricter rule set so that the safety does not
 * depend on one library's options.
 */
/** File systems refuse longer names (ENAMETOOLONG, a server fault); no real package comes near. */
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 1024;

export type EntryName = { ok: true; path: string; isDirectory: boolean; key: string } | { ok: false; reason: string };

/**
 * @returns the normalised relative path (`a/b.html`), whether it names a folder, and a
 * comparison key (Unicode NFC, lower case) that finds duplicates on case-insensitive file systems.
 */
export function checkEntryName(raw: string): EntryName {
  if (raw === '') return { ok: false, reason: 'leerer Name' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(raw)) return { ok: false, reason: 'Steuerzeichen im Namen' };
  if (raw.includes('\\')) return { ok: false, reason: 'umgekehrter Schrägstrich im Namen' };
  if (raw.startsWith('/')) return { ok: false, reason: 'absoluter Pfad' };
  if (/^[a-zA-Z]:/.test(raw)) return { ok: false, reason: 'Laufwerksbuchstabe' };
  const segments = raw.split('/');
  if (segments.includes('..')) return { ok: false, reason: '„..“ im Pfad' };
  const isDirectory = raw.endsWith('/');
  const kept = segments.filter((s) => s !== '' && s !== '.');
  if (kept.length === 0) return { ok: false, reason: 'leerer Name' };
  if (kept.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES))
    return { ok: false, reason: `Namensteil länger als ${MAX_SEGMENT_BYTES} Bytes` };
  const path = kept.join('/');
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) return { ok: false, reason: `Pfad länger als ${MAX_PATH_BYTES} Bytes` };
  return { ok: true, path, isDirectory, key: path.normalize('NFC').toLowerCase() };
}

/**
 * Remembers every path seen (and its parent folders) to refuse duplicates, including names that
 * differ only in case and a file that clashes with a folder of the same name.
 */
export class EntryRegistry {
  private readonly files = new Set<string>();
  private readonly dirs = new Set<string>();

  /** @returns false when the entry clashes with one seen before. */
  add(key: string, isDirectory: boolean): boolean {
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (this.files.has(parent)) return false;
      this.dirs.add(parent);
    }
    if (isDirectory) {
      if (this.files.has(key)) return false;
      this.dirs.add(key);
      return true;
    }
    if (this.files.has(key) || this.dirs.has(key)) return false;
    this.files.add(key);
    return true;
  }
}
