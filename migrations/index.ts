import type { Migration } from './types';
import { foundation } from './0001-foundation';
import { packagesAndTracking } from './0002-packages-and-tracking';
import { playerTracking } from './0004-player-tracking';
import { q2 } from './0005-q2';
import { certificates } from './0006-certificates';
import { reportIndexes } from './0007-report-indexes';
import { tokenEpoch } from './0012-token-epoch';
import { accountSecurity } from './0011-account-security';
import { outboxAndLeases } from './0013-outbox-and-leases';
import { exchange } from './0017-exchange';
import { lti } from './0015-lti';
import { ltiGrades } from './0016-lti-grades';
import { exchangeThreadIndex } from './0018-exchange-thread-index';
import { packageStaging } from './0014-package-staging';
import { offerings } from './0019-offerings';
import { apiTokenScopes } from './0022-api-token-scopes';
import { exchangeExtras } from './0027-exchange-extras';
import { consultationHours } from './0028-consultation-hours';
import { cohortMeetingLink } from './0030-cohort-meeting-link';
import { ltiStorageTarget } from './0021-lti-storage-target';
import { ltiContexts } from './0020-lti-contexts';

/** Every migration in order. Append new ones at the end; never edit one that has shipped. */
export const migrations: Migration[] = [
  foundation,
  packagesAndTracking,
  playerTracking,
  q2,
  certificates,
  reportIndexes,
  tokenEpoch,
  accountSecurity,
  outboxAndLeases,
  exchange,
  lti,
  ltiGrades,
  exchangeThreadIndex,
  packageStaging,
  offerings,
  apiTokenScopes,
  exchangeExtras,
  consultationHours,
  cohortMeetingLink,
  ltiStorageTarget,
  ltiContexts,
];
