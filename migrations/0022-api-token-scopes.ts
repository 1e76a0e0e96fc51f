import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * API tokens (auth_tokens with purpose 'api') get a scope (what the token may do: `admin`, `tutor`,
 * `lotse` or `read`; never more than its owner's role), a revocation time and who revoked it, and the
 * time of last use (shown on /admin/api-tokens). Tokens made before carry no scope: they act with
 * their owner's role, as they did.
 */
export const apiTokenScopes: Migration = {
  name: '0022-api-token-scopes',
  async up({ queryInterface: q }) {
    await q.addColumn('auth_tokens', 'scope', { type: DataTypes.STRING(16), allowNull: true });
    await q.addColumn('auth_tokens', 'revoked_at', { type: DataTypes.DATE, allowNull: true });
    await q.addColumn('auth_tokens', 'revoked_by', { type: DataTypes.INTEGER, allowNull: true });
    await q.addColumn('auth_tokens', 'last_used_at', { type: DataTypes.DATE, allowNull: true });
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('auth_tokens', 'last_used_at');
    await q.removeColumn('auth_tokens', 'revoked_by');
    await q.removeColumn('auth_tokens', 'revoked_at');
    await q.removeColumn('auth_tokens', 'scope');
  },
};
