/**
 * The view model of the player page and of the "module completed" page. Plain objects only; the
 * browser code gets its data from a JSON block (our CSP forbids inline scripts, not data).
 */
import { ScoAttempt } from './tracking-models';
import { sequencingPageData } from './sequencing-page';
import type { AttemptRef } from './attempts';
import { contentBaseFor, type PackageView } from '../packages';
import type { PlayerRuntime } from './player-settings';

export type ScoStatusKey = 'not_started' | 'in_progress' | 'completed' | 'passed' | 'failed';

export function scoStatusKey(
  completion: string | undefined,
  success: string | undefined,
  launched: boolean,
): ScoStatusKey {
  if (success === 'passed') return 'passed';
  if (success === 'failed') return 'failed';
  if (completion === 'completed') return 'completed';
  if (launched || completion === 'incomplete') return 'in_progress';
  return 'not_started';
}

export interface PlayerItem {
  id: number;
  title: string;
  href: string;
  type: 'sco' | 'asset';
  statusKey: ScoStatusKey;
}

export interface PlayerPage {
  packageTitle: string;
  attemptNumber: number;
  review: boolean;
  preview: boolean;
  percent: number;
  items: PlayerItem[];
  multi: boolean;
  openInNewWindow: boolean;
  data: Record<string, unknown>;
}

export async function buildPlayerPage(
  rt: PlayerRuntime,
  input: {
    pkg: PackageView;
    attempt: AttemptRef;
    token: string;
    review: boolean;
    commitIntervalSeconds: number;
    messages: Record<string, string>;
  },
): Promise<PlayerPage> {
  const { pkg, attempt, token, review } = input;
  const catalog = await rt.catalogs.ofVersion(attempt.versionId);
  const rows = await ScoAttempt.findAll({
    where: { attemptId: attempt.id },
    attributes: ['scoId', 'completionStatus', 'successStatus', 'sessionCount'],
  });
  const bySco = new Map(rows.map((r) => [r.scoId, r]));
  const items: PlayerItem[] = catalog.items
    .filter((s) => s.isVisible)
    .map((s) => {
      const r = bySco.get(s.id);
      return {
        id: s.id,
        title: s.title,
        href: s.href,
        type: s.scormType,
        statusKey:
          s.scormType === 'asset'
            ? 'not_started'
            : scoStatusKey(r?.completionStatus, r?.successStatus, (r?.sessionCount ?? 0) > 0),
      };
    });
  // Resume where the learner was; otherwise the first unit not completed yet.
  const start =
    items.find((i) => i.id === attempt.currentScoId) ??
    items.find((i) => i.type === 'sco' && !['completed', 'passed'].includes(i.statusKey)) ??
    items[0];
  const base = `/api/v1/attempts/${attempt.id}`;
  const percent = Math.round(attempt.progress * 100);
  const sequencing = await sequencingPageData(rt, attempt, review);
  // The page's own signed token (no SCO, launch 0): keep-alive and sequencing saves; commits need a launch's token.
  const standing = review ? null : await rt.standings.of(attempt.userId);
  const runtimeToken = standing
    ? rt.tokens.sign({ userId: attempt.userId, attemptId: attempt.id, scoId: 0, launch: 0, epoch: standing.epoch })
        .token
    : null;
  // The SCO runs on the content origin inside our launcher page (docs/security.md).
  const content = contentBaseFor(rt.packages.content, attempt.versionId, attempt.userId);
  return {
    packageTitle: pkg.title,
    attemptNumber: attempt.number,
    review,
    preview: attempt.credit === 'no-credit' && !review,
    percent,
    items,
    multi: items.length > 1,
    openInNewWindow: pkg.openInNewWindow,
    data: {
      attemptId: attempt.id,
      token,
      runtimeToken,
      scormVersion: catalog.scormVersion,
      mode: review ? 'review' : 'normal',
      openInNewWindow: pkg.openInNewWindow,
      commitIntervalSeconds: input.commitIntervalSeconds,
      keepaliveSeconds: 240,
      launchUrl: `${base}/scos/{scoId}/launch`,
      commitUrl: `${base}/scos/{scoId}/commit`,
      keepaliveUrl: `${base}/keepalive`,
      contentOrigin: content.contentOrigin,
      contentBase: content.base,
      launcherUrl: `${content.contentOrigin}/launcher`,
      startScoId: start?.id ?? null,
      percent,
      items,
      messages: input.messages,
      ...(sequencing ? { sequencing } : {}),
    },
  };
}
