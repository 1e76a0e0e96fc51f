/**
 * What a valid launch leads to: a deep-linking pick page (instructors), a waiting account link
 * (an account with that email exists), or a logged-in person and the package to open — with the
 * line item remembered for grade pass-back. Every launch is written to the audit log.
 */
import { UniqueConstraintError } from 'sequelize';
import { validateLaunch, ltiError, type LaunchInput, type ValidLaunch } from './launch-validation';
import { accountForLaunch } from './accounts';
import { recordLaunchContext } from './contexts';
import { CLAIM, MESSAGE, SCOPE, isInstructor } from './claims';
import { readDeepLinkSettings, type DeepLinkContext } from './deep-linking';
import { LtiGradeLink } from './lti-models';
import type { PlatformKeys } from './platform-keys';
import { platformOrigins } from './frame-origins';
import { getPackage, packageForModule, type PackageView } from '../packages';
import { isQ1ModuleKey } from '../shared/q1-modules';
import { writeAudit } from '../shared/audit';
import { AppError } from '../shared/errors';
import type { UserView } from '../auth';

export type LaunchOutcome =
  | { kind: 'deep-link'; ctx: DeepLinkContext; platformId: number; frameOrigins: string[] }
  | { kind: 'confirm'; linkId: number; packageId: number; platformId: number; frameOrigins: string[] }
  | { kind: 'play'; user: UserView; pkg: PackageView; platformId: number; frameOrigins: string[] };

async function targetOf(claims: Record<string, unknown>): Promise<PackageView> {
  const custom = (claims[CLAIM.custom] ?? {}) as Record<string, unknown>;
  const moduleKey = typeof custom.module === 'string' ? custom.module.trim() : '';
  const packageId =
    typeof custom.package === 'string' || typeof custom.package === 'number' ? String(custom.package) : '';
  if (moduleKey) {
    const pkg = isQ1ModuleKey(moduleKey) ? await packageForModule(moduleKey) : null;
    if (!pkg) throw ltiError('LTI_TARGET_UNKNOWN', 404);
    return pkg;
  }
  if (/^[1-9][0-9]{0,9}$/.test(packageId)) {
    try {
      return await getPackage(Number(packageId));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw ltiError('LTI_TARGET_UNKNOWN', 404);
      throw err;
    }
  }
  throw ltiError('LTI_TARGET_UNKNOWN', 404);
}

async function rememberLineItem(v: ValidLaunch, userId: number, packageId: number): Promise<void> {
  const ags = v.claims[CLAIM.ags] as { lineitem?: unknown; scope?: unknown } | undefined;
  const resourceLink = v.claims[CLAIM.resourceLink] as { id?: unknown } | undefined;
  const context = v.claims[CLAIM.context] as { id?: unknown } | undefined;
  const scopes = Array.isArray(ags?.scope) ? ags.scope.filter((s): s is string => typeof s === 'string') : [];
  if (typeof ags?.lineitem !== 'string' || !scopes.includes(SCOPE.score) || typeof resourceLink?.id !== 'string')
    return;
  const values = {
    packageId,
    lineitemUrl: ags.lineitem.slice(0, 1000),
    scopes: scopes.join(' '),
    sub: String(v.claims.sub),
    contextId: typeof context?.id === 'string' ? context.id.slice(0, 191) : null,
  };
  const where = { platformId: v.platform.id, resourceLinkId: resourceLink.id.slice(0, 191), userId };
  const existing = await LtiGradeLink.findOne({ where });
  if (existing) {
    await existing.update(values);
    return;
  }
  try {
    await LtiGradeLink.create({ ...where, ...values });
  } catch (err) {
    if (!(err instanceof UniqueConstraintError)) throw err;
  }
}

export async function handleLaunch(keys: PlatformKeys, input: LaunchInput): Promise<LaunchOutcome> {
  const v = await validateLaunch(keys, input);
  const instructor = isInstructor(v.claims[CLAIM.roles]);
  const audit = (actorId: number | null, after: Record<string, unknown>) =>
    writeAudit({
      actorId,
      action: 'lti.launch',
      subjectType: 'lti_platform',
      subjectId: v.platform.id,
      subjectUserId: actorId,
      after: { messageType: v.messageType, deploymentId: v.deploymentId, sub: v.claims.sub, ...after },
    });
  if (v.messageType === MESSAGE.deepLinking) {
    if (!instructor) throw ltiError('LTI_DEEP_LINKING_NOT_INSTRUCTOR', 403);
    const settings = readDeepLinkSettings(v.claims);
    if (!settings) throw ltiError('LTI_CLAIMS_INVALID');
    await audit(null, { deepLinking: true });
    return {
      kind: 'deep-link',
      platformId: v.platform.id,
      frameOrigins: platformOrigins(v.platform),
      ctx: {
        platformId: v.platform.id,
        issuer: v.platform.issuer,
        clientId: v.platform.clientId,
        deploymentId: v.deploymentId,
        returnUrl: settings.returnUrl,
        data: settings.data,
      },
    };
  }
  const pkg = await targetOf(v.claims);
  const account = await accountForLaunch(v.platform, v.claims, instructor);
  if (account.kind === 'confirm') {
    await audit(null, { packageId: pkg.id, waitingForLink: account.linkId });
    return {
      kind: 'confirm',
      linkId: account.linkId,
      packageId: pkg.id,
      platformId: v.platform.id,
      frameOrigins: platformOrigins(v.platform),
    };
  }
  await rememberLineItem(v, account.user.id, pkg.id);
  await recordLaunchContext(v.platform, v.claims, account.user.id);
  await audit(account.user.id, { packageId: pkg.id, created: account.created });
  return {
    kind: 'play',
    user: account.user,
    pkg,
    platformId: v.platform.id,
    frameOrigins: platformOrigins(v.platform),
  };
}
