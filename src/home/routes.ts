import { Router, type RequestHandler } from 'express';

/** The start page after login; what it shows depends on the role. */
export function homeRoutes(requireLogin: RequestHandler): Router {
  const r = Router();
  r.get('/', requireLogin, (req, res) => {
    const user = req.user!;
    const view = user.role === 'admin' ? 'home/admin' : user.role === 'tutor' ? 'home/tutor' : 'home/lotse';
    res.render(view, { title: req.t('nav.home') });
  });
  return r;
}
