/** Registered LTI platforms (Moodle, ILIAS, Canvas, …) and their deployment ids. Writes are audited. */
import { z } from 'zod';
import { UniqueConstraintError, type Sequelize } from 'sequelize';
import { LtiDeployment, LtiGradeLink, LtiLoginState, LtiNonce, LtiPlatform } from './lti-models';
import { parseInput } from '../shared/web/input';
import { ConflictError, NotFoundError } from '../shared/errors';
import { writeAudit } from '../shared/audit';

const url = z
  .string()
  .trim()
  .max(500, 'lti.error.url_too_long')
  .url('lti.error.url_invalid')
  .refine((u) => /^https?:\/\//.test(u), 'lti.error.url_invalid');

export const platformSchema = z.object({
  issuer: z.string().trim().min(1, 'lti.error.issuer_required').max(191, 'error.invalid_value'),
  clientId: z.string().trim().min(1, 'lti.error.client_id_required').max(191, 'error.invalid_value'),
  name: z.string().trim().max(100, 'error.invalid_value').optional(),
  deploymentIds: z
    .array(z.string().trim().min(1).max(191))
    .min(1, 'lti.error.deployment_required')
    .max(50, 'error.invalid_value'),
  authUrl: url,
  tokenUrl: url,
  jwksUrl: url,
});

export interface PlatformView {
  id: number;
  issuer: string;
  clientId: string;
  name: string | null;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  deploymentIds: string[];
}

function view(p: LtiPlatform, deployments: LtiDeployment[]): PlatformView {
  return {
    id: p.id,
    issuer: p.issuer,
    clientId: p.clientId,
    name: p.name,
    authUrl: p.authUrl,
    tokenUrl: p.tokenUrl,
    jwksUrl: p.jwksUrl,
    deploymentIds: deployments.filter((d) => d.platformId === p.id).map((d) => d.deploymentId),
  };
}

export async function addPlatform(sequelize: Sequelize, input: unknown, actorId: number | null): Promise<PlatformView> {
  const v = parseInput(platformSchema, input, 'LTI_PLATFORM_INVALID');
  try {
    return await sequelize.transaction(async (transaction) => {
      const p = await LtiPlatform.create(
        {
          issuer: v.issuer,
          clientId: v.clientId,
          name: v.name || null,
          authUrl: v.authUrl,
          tokenUrl: v.tokenUrl,
          jwksUrl: v.jwksUrl,
        },
        { transaction },
      );
      const deps = await LtiDeployment.bulkCreate(
        [...new Set(v.deploymentIds)].map((deploymentId) => ({ platformId: p.id, deploymentId })),
        { transaction },
      );
      const result = view(p, deps);
      await writeAudit(
        { actorId, action: 'lti.platform.added', subjectType: 'lti_platform', subjectId: p.id, after: result },
        transaction,
      );
      return result;
    });
  } catch (err) {
    if (err instanceof UniqueConstraintError)
      throw new ConflictError('lti.error.platform_exists', 'LTI_PLATFORM_EXISTS');
    throw err;
  }
}

export async function listPlatforms(): Promise<PlatformView[]> {
  const [platforms, deployments] = await Promise.all([
    LtiPlatform.findAll({ order: [['id', 'ASC']] }),
    LtiDeployment.findAll(),
  ]);
  return platforms.map((p) => view(p, deployments));
}

export async function getPlatform(id: number): Promise<PlatformView> {
  const p = id > 0 ? await LtiPlatform.findByPk(id) : null;
  if (!p) throw new NotFoundError('lti.error.platform_not_found', 'LTI_PLATFORM_NOT_FOUND');
  return view(p, await LtiDeployment.findAll({ where: { platformId: id } }));
}

export async function findPlatform(issuer: string, clientId: string | null): Promise<LtiPlatform | null> {
  if (clientId) return LtiPlatform.findOne({ where: { issuer, clientId } });
  // Without a client id the issuer must name exactly one registration.
  const all = await LtiPlatform.findAll({ where: { issuer }, limit: 2 });
  return all.length === 1 ? all[0] : null;
}

export async function hasDeployment(platformId: number, deploymentId: string): Promise<boolean> {
  return (await LtiDeployment.count({ where: { platformId, deploymentId } })) > 0;
}

export async function removePlatform(sequelize: Sequelize, id: number, actorId: number | null): Promise<void> {
  await sequelize.transaction(async (transaction) => {
    const p = await LtiPlatform.findByPk(id, { transaction });
    if (!p) throw new NotFoundError('lti.error.platform_not_found', 'LTI_PLATFORM_NOT_FOUND');
    const before = view(p, await LtiDeployment.findAll({ where: { platformId: id }, transaction }));
    // Children first: SQLite enforces the foreign keys only when told to, MariaDB always.
    for (const M of [LtiDeployment, LtiLoginState, LtiNonce, LtiGradeLink] as const)
      await (M as typeof LtiDeployment).destroy({ where: { platformId: id }, transaction });
    await p.destroy({ transaction });
    await writeAudit(
      { actorId, action: 'lti.platform.removed', subjectType: 'lti_platform', subjectId: id, before },
      transaction,
    );
  });
}
