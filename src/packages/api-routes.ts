/** JSON API for packages under /api/v1/packages (admin; session + CSRF header, or a bearer token). */
import { Router } from 'express';
import { listPackages, getPackage, listVersions, getVersion, listScos } from './package-queries';
import { packageUpload, importUpload } from './package-upload';
import { idParam } from '../shared/web/input';
import type { PackageSettings } from './package-storage';

export function packageApiRoutes(settings: PackageSettings): Router {
  const r = Router();

  r.get('/', async (_req, res) => {
    res.json({ packages: await listPackages() });
  });

  r.get('/:id', async (req, res) => {
    const pkg = await getPackage(idParam(req));
    const versions = await listVersions(pkg.id);
    const latest = pkg.latestVersionId ? await getVersion(pkg.latestVersionId) : null;
    const scos = latest ? await listScos(latest.id) : [];
    res.json({
      ...pkg,
      playUrl: `/play/${pkg.id}`,
      versions: versions.map(({ storageDir: _s, contentRoot: _c, ...v }) => v),
      latestVersion: latest && {
        id: latest.id,
        number: latest.number,
        scormVersion: latest.scormVersion,
        title: latest.title,
        hasSequencing: latest.manifest.hasSequencing,
        organizations: latest.manifest.organizations.map((o) => ({ identifier: o.identifier, title: o.title })),
        defaultOrganization: latest.manifest.defaultOrganizationId,
        warnings: latest.warnings,
        scos,
      },
    });
  });

  r.post('/', packageUpload(settings), async (req, res) => {
    res.status(201).json(await importUpload(settings, req));
  });
  return r;
}
