import { DataTypes, Model, type Sequelize } from 'sequelize';
import { User } from '../auth';

export type AuthorisationStatus = 'pending' | 'verified' | 'rejected';
export type RegistrationStatus = 'registered' | 'attended' | 'absent';

/** One submitted OM-Berater authorisation; the newest row of a Lotse is the one that counts. */
export class Authorisation extends Model {
  declare id: number;
  declare userId: number;
  declare number: string;
  declare issuedOn: string;
  declare documentFile: string;
  declare documentName: string;
  declare documentType: string;
  declare documentSize: number;
  declare status: AuthorisationStatus;
  declare reason: string | null;
  declare reviewedBy: number | null;
  declare reviewedAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** A date of the workshop "Gemeinsames Beratungsverständnis". */
export class Workshop extends Model {
  declare id: number;
  declare startsAt: Date;
  declare online: boolean;
  declare place: string | null;
  declare region: string;
  declare capacity: number;
  declare createdBy: number | null;
  declare createdAt: Date;
}

export class WorkshopRegistration extends Model {
  declare id: number;
  declare workshopId: number;
  declare userId: number;
  declare status: RegistrationStatus;
  declare recordedBy: number | null;
  declare recordedAt: Date | null;
  declare createdAt: Date;
}

/** Written once, when a Lotse was told that every Q2 prerequisite is met (so they are told once). */
export class GateNotice extends Model {
  declare userId: number;
  declare notifiedAt: Date;
}

export function defineEnrolmentModels(sequelize: Sequelize): void {
  Authorisation.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      number: { type: DataTypes.STRING(64), allowNull: false },
      issuedOn: { type: DataTypes.DATEONLY, allowNull: false },
      documentFile: { type: DataTypes.STRING(64), allowNull: false },
      documentName: { type: DataTypes.STRING(255), allowNull: false },
      documentType: { type: DataTypes.STRING(64), allowNull: false },
      documentSize: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      reason: DataTypes.TEXT,
      reviewedBy: DataTypes.INTEGER,
      reviewedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'authorisations', underscored: true },
  );
  Workshop.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      startsAt: { type: DataTypes.DATE, allowNull: false },
      online: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      place: DataTypes.STRING(255),
      region: { type: DataTypes.STRING(64), allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      createdBy: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'workshops', underscored: true },
  );
  WorkshopRegistration.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      workshopId: { type: DataTypes.INTEGER, allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      recordedBy: DataTypes.INTEGER,
      recordedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'workshop_registrations', underscored: true },
  );
  GateNotice.init(
    {
      userId: { type: DataTypes.INTEGER, primaryKey: true },
      notifiedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'q2_gate_notices', underscored: true, timestamps: false },
  );
  Workshop.hasMany(WorkshopRegistration, { foreignKey: 'workshopId', as: 'registrations' });
  WorkshopRegistration.belongsTo(Workshop, { foreignKey: 'workshopId', as: 'workshop' });
  WorkshopRegistration.belongsTo(User, { foreignKey: 'userId', as: 'user' });
  Authorisation.belongsTo(User, { foreignKey: 'userId', as: 'user' });
}
