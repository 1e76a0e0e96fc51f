import { Router, type RequestHandler } from 'express';
import { getProgressForUser, toModuleCard, type PlayerRuntime } from '../player';
import { Q1_MODULES } from '../shared/q1-modules';
import { listCertificatesOfUser } from '../certificates';
import { q2HomeSection } from '../enrolment';
import { offeringsHomeSection } from '../offerings';

/** The three Q1 modules in curriculum order; a module without a package yet shows without a link. */
async function q1ModuleCards(player: PlayerRuntime, userId: number) {
  const { packages } = await getProgressForUser(player.catalogs, userId);
  return Q1_MODULES.map((m) => {
    const p = packages.find((x) => x.moduleKey === m.key);
    return p
      ? { ...toModuleCard(p), title: m.title }
      : { title: m.title, statusKey: 'not_started', percent: 0, playUrl: null, actionKey: 'home.q1.start' };
  });
}

/** The start page after login; what it shows depends on the role. */
export function homeRoutes(requireLogin: RequestHandler, player: PlayerRuntime): Router {
  const r = Router();
  r.get('/', requireLogin, async (req, res) => {
    const user = req.user!;
    const view =
      user.role === 'admin'
        ? 'home/admin'
        : user.role === 'tutor'
          ? 'home/tutor'
          : user.role === 'teilnehmer'
            ? 'home/teilnehmer'
            : 'home/lotse';
    const learner = user.role === 'lotse' || user.role === 'teilnehmer';
    // "Weitere Angebote": the offerings meant for this learner, with their progress.
    const offerings = learner ? await offeringsHomeSection(req) : null;
    const modules = user.role === 'lotse' ? await q1ModuleCards(player, user.id) : [];
    // "Ihre Zertifikate": only valid ones, with a download link each (the full list is /certificates).
    const certificates = user.role === 'lotse' ? (await listCertificatesOfUser(user.id)).filter((c) => c.valid) : [];
    // The Q2 checklist: what still stands between the Lotse and Q2, with a link to each next step.
    const q2 = user.role === 'lotse' ? await q2HomeSection(user.id, req.locale) : null;
    res.render(view, {
      title: req.t('nav.home'),
      modules,
      certificates,
      q2,
      offerings,
      styles: [...(q2 ? ['/static/css/q2.css'] : []), ...(offerings ? ['/static/css/offerings.css'] : [])],
    });
  });
  return r;
}
