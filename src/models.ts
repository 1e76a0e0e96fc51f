import type { Sequelize } from 'sequelize';
import { defineUserModels } from './auth';
import { defineAuditModel } from './shared/audit';
import { definePackageModels } from './packages/package-models';
import { defineTrackingModels } from './player/tracking-models';
import { defineEnrolmentModels } from './enrolment/enrolment-models';
import { defineCohortModels } from './curriculum/cohort-models';
import { defineCertificateModels } from './certificates/certificate-model';
import { defineSessionModel } from './shared/web/session-store';
import { defineExchangeModels } from './exchange';
import { defineLtiModels } from './lti';
import { defineOfferingModels } from './offerings';

/** Binds every component's models to the one database of this process. Add a line per component. */
export function defineAllModels(sequelize: Sequelize): void {
  defineUserModels(sequelize);
  defineAuditModel(sequelize);
  definePackageModels(sequelize);
  defineTrackingModels(sequelize);
  defineEnrolmentModels(sequelize);
  defineCohortModels(sequelize);
  defineCertificateModels(sequelize);
  defineSessionModel(sequelize);
  defineExchangeModels(sequelize);
  defineLtiModels(sequelize);
  defineOfferingModels(sequelize);
}
