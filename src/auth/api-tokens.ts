import { z } from 'zod';
import { User, AuthToken, toUserView, type UserView } from './user-model';
import { newToken, hashToken } from './passwords';
import { parseInput } from '../shared/web/input';
import { NotFoundError, ValidationError } from '../shared/errors';
import { writeAudit } from '../shared/audit';
import type { Role } from '../shared/regions';

/**
 * Bearer tokens for scripts calling /api/v1 (and any other route: a bearer request is a request of
 * that user). A token carries one scope, fixed when it is made:
 * - `admin`, `tutor`, `lotse`, `teilnehmer`: the token acts in that role (an admin's `tutor` token is a tutor);
 * - `read`: the owner's role, but only GET/HEAD requests.
 * A scope is never more than the owner's role — checked when the token is made and again at every
 * request (an owner demoted later makes their `admin` token act as a tutor, or not at all).
 * Only the SHA-256 of a token is stored; it is shown once. Revocation is a column read at every
 * request, so it takes effect at the next request (no cache).
 */
export const API_SCOPES = ['admin', 'tutor', 'lotse', 'teilnehmer', 'read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Which role a token of `scope` acts in for an owner of `ownerRole`; null when it cannot act at all. */
export function effectiveRole(ownerRole: Role, scope: ApiScope): Role | null {
  if (scope === 'read' || scope === ownerRole) return ownerRole;
  if (scope === 'tutor' && ownerRole === 'admin') return 'tutor';
  return null;
}

/** The scopes an owner of this role may give a token. */
export function scopesFor(role: Role): ApiScope[] {
  return API_SCOPES.filter((s) => effectiveRole(role, s) !== null);
}

const LAST_USED_GRANULARITY_MS = 60_000;

export interface ApiTokenView {
  id: number;
  label: string;
  scope: ApiScope;
  owner: { id: number; name: string; email: string; role: Role } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const tokenInput = z.object({
  label: z.string().trim().min(1, 'api_tokens.error.label_required').max(100, 'api_tokens.error.label_too_long'),
  scope: z.enum(API_SCOPES, { message: 'api_tokens.error.scope_invalid' }).optional(),
});

/**
 * Makes a token for `userId` (an active account) and returns the plain token once. Without a scope it
 * gets the owner's role. Audited as `api_token.created` (actor: who made it; CLI: null).
 */
export async function issueApiToken(
  userId: number,
  input: unknown,
  actorId: number | null,
): Promise<{ id: number; token: string; scope: ApiScope; label: string; owner: UserView }> {
  const v = parseInput(tokenInput, input);
  const owner = await User.findByPk(userId);
  if (!owner || !owner.active) throw new NotFoundError('error.user_not_found', 'USER_NOT_FOUND');
  const scope = v.scope ?? owner.role;
  if (!effectiveRole(owner.role, scope)) {
    throw new ValidationError(
      'error.check_input',
      { scope: 'api_tokens.error.scope_above_role' },
      'API_SCOPE_ABOVE_ROLE',
    );
  }
  const { token, hash } = newToken();
  const row = await User.sequelize!.transaction(async (transaction) => {
    const created = await AuthToken.create(
      { userId, purpose: 'api', tokenHash: hash, label: v.label, scope, createdBy: actorId },
      { transaction },
    );
    await writeAudit(
      {
        actorId,
        action: 'api_token.created',
        subjectType: 'api_token',
        subjectId: created.id,
        subjectUserId: userId,
        after: { label: v.label, scope },
      },
      transaction,
    );
    return created;
  });
  return { id: row.id, token, scope, label: v.label, owner: toUserView(owner) };
}

/** Kept for scripts and tests: a token with the owner's role as its scope, returned plain. */
export async function createApiToken(userId: number, label: string, scope?: ApiScope): Promise<string> {
  return (await issueApiToken(userId, { label: label.slice(0, 100) || 'api', scope }, null)).token;
}

export interface ApiCaller {
  user: UserView;
  tokenId: number;
  scope: ApiScope;
  readOnly: boolean;
}

/** The caller a bearer token stands for, or null (unknown, revoked, owner inactive, scope above role). */
export async function resolveApiToken(token: string): Promise<ApiCaller | null> {
  const row = await AuthToken.findOne({
    where: { tokenHash: hashToken(token), purpose: 'api', usedAt: null, revokedAt: null },
  });
  if (!row) return null;
  const owner = await User.findByPk(row.userId);
  if (!owner || !owner.active) return null;
  const scope = (row.scope ?? owner.role) as ApiScope;
  const role = effectiveRole(owner.role, scope);
  if (!role) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    // One conditional write a minute at most, not one per request.
    await AuthToken.update({ lastUsedAt: new Date(now) }, { where: { id: row.id } });
  }
  return { user: { ...toUserView(owner), role }, tokenId: row.id, scope, readOnly: scope === 'read' };
}

/** @deprecated use resolveApiToken: the user a token stands for (with the role its scope allows). */
export async function userForApiToken(token: string): Promise<UserView | null> {
  return (await resolveApiToken(token))?.user ?? null;
}

function toTokenView(row: AuthToken & { user?: User }): ApiTokenView {
  const u = row.user;
  return {
    id: row.id,
    label: row.label ?? '',
    scope: (row.scope ?? u?.role ?? 'read') as ApiScope,
    owner: u ? { id: u.id, name: u.displayName, email: u.email, role: u.role } : null,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/** Every API token (newest first) for the admin page; `userId` narrows to one owner. */
export async function listApiTokens(filter: { userId?: number } = {}): Promise<ApiTokenView[]> {
  const rows = await AuthToken.findAll({
    where: { purpose: 'api', ...(filter.userId ? { userId: filter.userId } : {}) },
    include: [{ model: User, as: 'user' }],
    order: [
      ['revokedAt', 'ASC'],
      ['id', 'DESC'],
    ],
    limit: 500,
  });
  return rows.map((r) => toTokenView(r as AuthToken & { user?: User }));
}

/** Revokes a token at once (audited `api_token.revoked`); revoking it again changes nothing. */
export async function revokeApiToken(id: number, actorId: number): Promise<{ changed: boolean }> {
  return User.sequelize!.transaction(async (transaction) => {
    const row = await AuthToken.findOne({ where: { id, purpose: 'api' }, transaction, lock: transaction.LOCK.UPDATE });
    if (!row) throw new NotFoundError('api_tokens.error.not_found', 'API_TOKEN_NOT_FOUND');
    if (row.revokedAt) return { changed: false };
    await row.update({ revokedAt: new Date(), revokedBy: actorId }, { transaction });
    await writeAudit(
      {
        actorId,
        action: 'api_token.revoked',
        subjectType: 'api_token',
        subjectId: row.id,
        subjectUserId: row.userId,
        before: { label: row.label, scope: row.scope },
      },
      transaction,
    );
    return { changed: true };
  });
}
