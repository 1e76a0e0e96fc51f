/** The curriculum component: Q1 module list, Q2 cohorts, sessions, tutors, places, attendance and Q2 completion. */
import './messages';

export { Q1_MODULES, isQ1ModuleKey, q1ModuleTitle, type Q1ModuleKey } from '../shared/q1-modules';
export { Cohort, CohortEnrolment, defineCohortModels, COHORT_FORMATS, type CohortFormat } from './cohort-models';
export { placeInCohort, releasePlace, type Placement } from './cohort-places';
export { listOpenCohorts, listCohortsForStaff, getCohort, cohortViews, type CohortView } from './cohorts';
export { getQ2Status, type Q2Status } from './q2-status';
export { Q2_COMPLETED, type Q2CompletedEvent } from './q2-events';
export { settleDueCohorts } from './q2-completion';
export { berlinDate, parseBerlinLocal, toBerlinLocal } from '../shared/berlin-time';
export { MOVED_UP_MAIL, movedUpMail, type MovedUpPayload } from './cohort-mail';
export { staffCohortRoutes } from './staff-cohort-routes';
export { cohortTies, cohortBriefs, type CohortTies, type CohortBrief } from './cohort-ties';
export { cohortApiRoutes } from './api-routes';
export { sessionsForMember, sessionCalendar, SESSION_LENGTH_MINUTES, type MemberSession } from './session-calendar';
