/** JSON API for packages under /api/v1/packages (admin; session + CSRF header, or a bearer token). */
import { Router } from 'express';
import { listPackages, getPackage, listVersions, getVersion, listScos } from './package-queries';
import { packageUpload, importUpload } from './package-upload';
import { z } from 'zod';
import { idParam, parseBody } from '../shared/web/input';
import { assignModule, setOpenInNewWindow } from './package-settings';
import type { PackageSettings } from './package-storage';

/** Settings an admin changes on /admin/packages/:id; each given field is applied (and audited) on its own. */
const settingsBody = z
  .object({ moduleKey: z.string().nullable().optional(), openInNewWindow: z.boolean().optional() })
  .strict();

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

  r.patch('/:id', async (req, res) => {
    const id = idParam(req);
    const body = parseBody(req, settingsBody);
    await getPackage(id);
    if (body.moduleKey !== undefined) await assignModule(id, body.moduleKey || null, req.user!.id);
    if (body.openInNewWindow !== undefined) await setOpenInNewWindow(id, body.openInNewWindow, req.user!.id);
    res.json(await getPackage(id));
  });

  r.post('/', packageUpload(settings), async (req, res) => {
    res.status(201).json(await importUpload(settings, req));
  });
  return r;
}
