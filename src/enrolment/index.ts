/** The enrolment component: the Q2 gate, OM-Berater authorisations, workshop attendance and enrolment into Q2 cohorts. */
import './messages';

export { checkQ2Gate, type GateRecords, type GateResult, type GateMissing, type GateCode } from './q2-gate';
export { getGateRecords, evaluateGate } from './gate-records';
export { requestEnrolment, bulkEnrol, PrerequisitesNotMetError } from './enrol';
export { notifyIfGateMet, type NoticeDeps } from './gate-notice';
export { gateOnPackageCompleted, gateMetMail, GATE_MET_MAIL } from './gate-listeners';
export { AUTHORISATION_MAIL, authorisationMail, type AuthorisationMailPayload } from './authorisation-mail';
export { sendDueGateNotices } from './gate-notices-due';
export { defineEnrolmentModels } from './enrolment-models';
// Q2 status and completion live with the cohorts; re-exported here so callers have one place to ask.
export { getQ2Status, Q2_COMPLETED, settleDueCohorts, type Q2Status, type Q2CompletedEvent } from '../curriculum';
export { lotseQ2Routes } from './lotse-routes';
export { q2ApiRoutes } from './api-routes';
export { adminAuthorisationRoutes } from './admin-authorisation-routes';
export { staffWorkshopRoutes } from './staff-workshop-routes';
export { staffEnrolRoutes } from './staff-enrol-routes';
export { workshopApiRoutes, authorisationApiRoutes, cohortEnrolmentApiRoutes } from './staff-api-routes';
export { q2HomeSection } from './home-section';
export { authorisationStatuses } from './authorisations';
