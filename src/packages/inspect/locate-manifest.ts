/**
 * Where the package's root is. Authoring tools and people zipping by hand often wrap everything in
 * one folder, so the manifest may sit at the root or inside exactly one top-level folder; deeper is
 * refused because then it is unclear which of several courses is meant. Without a manifest we say
 * what the package is instead (AICC, cmi5), so the admin knows why it is refused.
 */
import type { PackageProblem } from '../../scorm';

export type ManifestLocation =
  | { ok: true; /** '' or the one top-level folder */ root: string; manifestPath: string }
  | { ok: false; problem: PackageProblem };

const MANIFEST = 'imsmanifest.xml';
/** The AICC course descriptor files; `.au` alone is also an audio format, so it does not count by itself. */
const AICC_EXTENSIONS = ['.crs', '.des', '.cst'];

/** Mac and editor leftovers beside the real folder must not count as a second top-level entry. */
function isJunk(segment: string): boolean {
  return segment === '__MACOSX' || segment.startsWith('.');
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).toLowerCase();
}

export function locateManifest(files: string[]): ManifestLocation {
  const atRoot = files.find((f) => f.toLowerCase() === MANIFEST);
  if (atRoot) return { ok: true, root: '', manifestPath: atRoot };

  const topFolders = new Set(
    files
      .filter((f) => f.includes('/'))
      .map((f) => f.slice(0, f.indexOf('/')))
      .filter((s) => !isJunk(s)),
  );
  if (topFolders.size === 1) {
    const [folder] = [...topFolders];
    const inside = files.find((f) => f.toLowerCase() === `${folder.toLowerCase()}/${MANIFEST}`);
    if (inside) return { ok: true, root: folder, manifestPath: inside };
  }

  const useful = files.filter((f) => !f.split('/').some(isJunk));
  if (useful.some((f) => baseName(f) === 'cmi5.xml')) {
    return fail(
      'PACKAGE_CMI5_UNSUPPORTED',
      'Das ist ein cmi5-Paket (cmi5.xml). cmi5 wird noch nicht unterstützt; bitte als SCORM 1.2 oder 2004 exportieren.',
    );
  }
  const aicc = useful.filter((f) => AICC_EXTENSIONS.some((ext) => f.toLowerCase().endsWith(ext)));
  if (aicc.length > 0) {
    return fail(
      'PACKAGE_AICC_UNSUPPORTED',
      'Das ist ein AICC-Paket (Kursbeschreibungsdateien .crs/.des/.au/.cst). AICC wird noch nicht unterstützt; bitte als SCORM 1.2 oder 2004 exportieren.',
      aicc[0],
    );
  }
  const deeper = useful.find((f) => baseName(f) === MANIFEST);
  if (deeper) {
    return fail(
      'PACKAGE_MANIFEST_MISSING',
      `Die Datei imsmanifest.xml liegt zu tief („${deeper}“); sie muss im Hauptordner des Pakets oder in genau einem Ordner darunter liegen.`,
      deeper,
    );
  }
  return fail('PACKAGE_MANIFEST_MISSING', 'Das Paket enthält keine imsmanifest.xml und ist daher kein SCORM-Paket.');
}

function fail(code: string, message: string, where?: string): ManifestLocation {
  return { ok: false, problem: where === undefined ? { code, message } : { code, message, where } };
}
