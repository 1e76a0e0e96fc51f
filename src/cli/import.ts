import path from 'node:path';
import type { AppContext } from '../context';
import { importPackage } from '../packages';
import { AppError } from '../shared/errors';

/**
 * `import <zip-or-folder> [--module <key>] [--package <id>]`: prints the imported package as one
 * JSON object on stdout and returns 0. A refused package (or a wrong option) prints
 * `{code, message, problems}` on stderr — stdout stays empty for scripts — and returns 1.
 */
export async function importCommand(
  ctx: AppContext,
  positional: string[],
  o: Record<string, string | true>,
): Promise<number> {
  const source = positional[0];
  if (!source) {
    console.error('Usage: npm run cli -- import <zip-or-folder> [--module <key>] [--package <id>]');
    return 2;
  }
  const packageId = typeof o.package === 'string' ? Number(o.package) : undefined;
  try {
    const p = await importPackage(ctx.services.packages, path.resolve(source), {
      actorId: null,
      moduleKey: typeof o.module === 'string' ? o.module : undefined,
      packageId,
      sourceName: path.basename(source),
    });
    const scos = p.scos.map((s) => ({
      identifier: s.identifier,
      title: s.title,
      launchUrl: s.launchUrl,
      scormType: s.scormType,
    }));
    console.log(
      JSON.stringify(
        {
          id: p.id,
          version: p.version,
          scormVersion: p.scormVersion,
          title: p.title,
          moduleKey: p.moduleKey,
          scos,
          playUrl: p.playUrl,
          warnings: p.warnings,
        },
        null,
        2,
      ),
    );
    return 0;
  } catch (err) {
    // Refusals and storage failures (full, read-only, unreachable) alike: one JSON object, exit 1.
    if (!(err instanceof AppError)) throw err;
    console.error(
      JSON.stringify(
        {
          code: err.code,
          message: err.message,
          problems: err.details?.problems ?? [{ code: err.code, message: err.message }],
        },
        null,
        2,
      ),
    );
    return 1;
  }
}
