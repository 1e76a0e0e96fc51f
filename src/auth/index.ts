/**
 * auth — accounts, passwords, login, registration, invitations, password reset, API tokens.
 * Other components use only this file. `User` is exported for read-only joins in other components'
 * repositories (names, regions, roles); writes to accounts go through the functions below.
 */
export {
  createUser,
  verifyCredentials,
  findUser,
  findActiveUserByEmail,
  getUser,
  countAdmins,
  listUsers,
  updateUser,
  createInvitation,
  createPasswordReset,
  peekLinkToken,
  setPasswordWithToken,
  deleteStaleTokens,
  type UserListFilter,
} from './users';
export { registerLotse, confirmEmail, type RegistrationOutcome } from './registration';
export { changePassword, endAllMySessions, endSessionsByAdmin, countSessions } from './account';
export { passwordProblem, PASSWORD_MAX_BYTES } from './password-policy';
export { User, AuthToken, defineUserModels, toUserView, type UserView } from './user-model';
export { createTokenStandings, EPOCH_CACHE_TTL_MS, type TokenStanding, type TokenStandings } from './token-epoch';
export {
  API_SCOPES,
  effectiveRole,
  scopesFor,
  issueApiToken,
  createApiToken,
  resolveApiToken,
  userForApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiScope,
  type ApiTokenView,
} from './api-tokens';
export { configurePassport, type AppPassport } from './passport-setup';
export { bearerAuth } from './bearer';
export { authRoutes } from './routes';
export { accountRoutes } from './account-routes';
