/**
 * exchange (Austausch) — spaces derived from role, region and cohort; threads, posts, read marks,
 * mentions, moderation and search. Other components use only this file.
 */
import './messages';
import './messages-extras';

export { createExchangeService, type ExchangeService, type ExchangeDeps } from './exchange-service';
export { defineExchangeModels } from './exchange-models';
export { canSeeSpace, canModerate, type PersonFacts } from './visibility';
export { parseSpaceKey, spaceKey, type SpaceRef, type SpaceKind } from './space-keys';
export { renderMarkdown } from './markdown';
export { exchangeWebRoutes } from './web-routes';
export { exchangeSpaceApiRoutes, exchangeThreadApiRoutes } from './api-routes';
export { exchangeUnreadLocals } from './unread-locals';
export { exchangeAccountRoutes } from './account-routes';
export { DIGEST_MAIL, type DigestPayload } from './digest';
export { POST_MAILS, type NewPost } from './notify';
