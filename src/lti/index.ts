/**
 * lti — LTI 1.3 / LTI Advantage tool: platforms, our keys, OIDC login and launch, Deep Linking,
 * grade pass-back (AGS), course member import (NRPS). Other components use only this file.
 */
import './messages';
import './messages-nrps';

export { createLtiService, type LtiService } from './lti-service';
export { ltiProtocolRoutes } from './launch-routes';
export { adminLtiRoutes, ltiLinkRoutes } from './admin-routes';
export { ltiApiRoutes } from './api-routes';
export { staffLtiRoutes } from './staff-import-routes';
export { ltiFraming } from './framing';
export { ltiRegistrationRoutes } from './registration-routes';
export { defineLtiModels } from './lti-models';
export { addPlatform, listPlatforms, removePlatform, type PlatformView } from './platforms';
