/**
 * offerings — further training (Weiterbildung, issue 18): packages published as offerings with an
 * audience, regions, dates and open or invited enrolment; enrolment, progress and participation
 * confirmations (through certificates). Other components use only this file.
 */
import './messages';

export { defineOfferingModels } from './offering-models';
export { adminOfferingRoutes } from './admin-routes';
export { offeringApiRoutes } from './api-routes';
export { offeringLearnerRoutes, teilnehmerPlayGuard, teilnehmerToOfferings, packageListedFor } from './learner-routes';
export { offeringsHomeSection } from './home-section';
export {
  AUDIENCES,
  canSeeOffering,
  canPlay,
  enrolBlocker,
  phaseOf,
  audiencesOf,
  type Audience,
  type OfferingFacts,
  type LearnerFacts,
} from './offering-rules';
export { getOffering, createOffering, inviteToOffering } from './manage-offerings';
export { enrol, offeringsFor, teilnehmerMayPlay } from './learner-offerings';
export type { OfferingView } from './offering-views';
export {
  offeringReport,
  offeringChoices,
  offeringTallies,
  type OfferingReportRow,
  type OfferingReportFilter,
  type OfferingTally,
} from './offering-report';
