import type { Mailer } from '../shared/mailer';
import type { Logger } from '../shared/logger';

/** What the enrolment routes need from the running server; built once in routes.ts. */
export interface EnrolmentDeps {
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  dataDir: string;
  documentMaxBytes: number;
}
