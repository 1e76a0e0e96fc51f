import path from 'node:path';
import type { RunningServer } from '../e2e/helpers/browser';
import { importPackage, assignModule } from '../../src/packages';
import { makeUser } from './users';
import { SAMPLES } from './samples';

/**
 * The module an LTI link opens in the LTI tests: a small real SCORM 1.2 package (ADL's RuntimeBasicCalls),
 * imported by a new admin and assigned to the Q1 module `technik` (custom parameter `module=technik`).
 */
export async function importLtiTechnikModule(srv: RunningServer): Promise<number> {
  const admin = await makeUser('admin');
  const pkg = await importPackage(srv.ctx.services.packages, path.join(SAMPLES, 'scorm12/RuntimeBasicCalls_SCORM12'), {
    actorId: admin.id,
  });
  await assignModule(pkg.id, 'technik', admin.id);
  return pkg.id;
}
