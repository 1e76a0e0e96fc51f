import type { Transaction } from 'sequelize';
import { AuthToken } from './user-model';
import { newToken } from './passwords';

/**
 * Stores a new link token (invitation, password reset, e-mail confirmation) for a person and returns the
 * token for the link; only its hash is stored. Inside the caller's transaction, so the link exists only
 * if what it belongs to (the account, the mail in the outbox) does.
 */
export async function issueLinkToken(
  opts: {
    userId: number;
    purpose: 'invitation' | 'password_reset' | 'email_confirmation';
    expiresAt: Date;
    createdBy?: number;
  },
  transaction: Transaction,
): Promise<string> {
  const { token, hash } = newToken();
  await AuthToken.create({ ...opts, tokenHash: hash }, { transaction });
  return token;
}
