/** Admin pages for packages: list, upload (XHR with progress, or a plain form), detail, settings. Mounted behind requireAdmin. */
import { Router, type Request, type Response } from 'express';
import './messages';
import { AppError, RejectedInputError, type Problem } from '../shared/errors';
import { wantsJson } from '../shared/web/auth-guard';
import { flash } from '../shared/web/locals';
import { listPackages, getPackage } from './package-queries';
import { assignModule, setOpenInNewWindow } from './package-settings';
import { packageUpload, importUpload, formatBytes } from './package-upload';
import type { PackageSettings } from './package-storage';
import { packageDetail, moduleOptions, scormVersionLabel } from './package-pages';
import { id, idParam } from '../shared/web/input';

const PAGE = { styles: ['/static/css/packages.css'] };

export function adminPackageRoutes(settings: PackageSettings): Router {
  const r = Router();
  const upload = packageUpload(settings);

  r.get('/', async (req, res) => {
    const packages = (await listPackages()).map((p) => ({ ...p, scormLabel: scormVersionLabel(p.scormVersion) }));
    res.render('packages/list', { ...PAGE, title: req.t('packages.title'), packages, wide: true });
  });

  r.get('/upload', async (req, res) => {
    res.render(
      'packages/upload',
      await uploadPage(settings, req, { packageId: req.query.packageId, moduleKey: req.query.moduleKey }),
    );
  });

  r.post('/upload', (req, res, next) => {
    // Upload errors (too large, no file) are answered here, so the page can show them next to the form.
    upload(req, res, (uploadErr?: unknown) => {
      const run = uploadErr ? Promise.reject(uploadErr) : importUpload(settings, req);
      run
        .then(
          (imported) => {
            flash(req, 'success', req.t('packages.imported', { title: imported.title, version: imported.version }));
            const location = `/admin/packages/${imported.id}`;
            if (wantsJson(req)) res.status(201).json({ ...imported, location });
            else res.redirect(303, location);
          },
          async (err: unknown) => {
            // Storage failures (full, read-only, unreachable) are shown on the form like a refusal: nothing was kept.
            const shown = err instanceof AppError && (err.status < 500 || err.code.startsWith('STORAGE_'));
            if (wantsJson(req) || !shown) return next(err);
            const problems: Problem[] =
              err instanceof RejectedInputError ? err.problems : [{ code: err.code, message: err.text(req.locale) }];
            const body = (req.body ?? {}) as Record<string, unknown>;
            res
              .status(err.status)
              .render(
                'packages/upload',
                await uploadPage(settings, req, { packageId: body.packageId, moduleKey: body.moduleKey }, problems),
              );
          },
        )
        .catch(next);
    });
  });

  r.get('/:id', async (req, res) => {
    const detail = await packageDetail(idParam(req));
    res.render('packages/detail', { ...PAGE, title: detail.pkg.title, ...detail, wide: true });
  });

  r.post('/:id/module', async (req: Request, res: Response) => {
    const id = idParam(req);
    const key = typeof req.body.moduleKey === 'string' && req.body.moduleKey !== '' ? req.body.moduleKey : null;
    await assignModule(id, key, req.user!.id);
    flash(req, 'success', req.t('packages.module_saved'));
    res.redirect(303, `/admin/packages/${id}`);
  });

  r.post('/:id/window', async (req: Request, res: Response) => {
    const id = idParam(req);
    await setOpenInNewWindow(
      id,
      req.body.openInNewWindow === 'on' || req.body.openInNewWindow === 'true',
      req.user!.id,
    );
    flash(req, 'success', req.t('packages.window_saved'));
    res.redirect(303, `/admin/packages/${id}`);
  });
  return r;
}

async function uploadPage(
  settings: PackageSettings,
  req: Request,
  values: { packageId?: unknown; moduleKey?: unknown },
  problems?: Problem[],
) {
  const packageId = id.parse(values.packageId);
  const target = packageId > 0 ? await getPackage(packageId) : null;
  const moduleKey = typeof values.moduleKey === 'string' ? values.moduleKey : (target?.moduleKey ?? null);
  return {
    ...PAGE,
    scripts: ['/static/js/upload.js'],
    title: target ? req.t('packages.upload_version_title', { title: target.title }) : req.t('packages.upload_title'),
    target,
    modules: moduleOptions(moduleKey),
    maxSize: formatBytes(settings.uploadMaxBytes),
    maxBytes: settings.uploadMaxBytes,
    problems,
  };
}
