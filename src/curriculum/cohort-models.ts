import { DataTypes, Model, type Sequelize } from 'sequelize';

export type CohortFormat = 'praesenz' | 'virtuell';
export const COHORT_FORMATS: CohortFormat[] = ['praesenz', 'virtuell'];
export type EnrolmentStatus = 'enrolled' | 'waitlisted' | 'withdrawn' | 'removed';

/** A Q2 cohort (Baustein 2): a group of Lotsen with dates, a region, a format and a capacity. */
export class Cohort extends Model {
  declare id: number;
  declare title: string;
  declare region: string;
  declare format: CohortFormat;
  declare startsOn: string;
  declare endsOn: string;
  declare capacity: number;
  declare requiredAttendance: number;
  /** The cohort's video room (https), shown with each session; null when none is set. */
  declare meetingUrl: string | null;
  declare finishedAt: Date | null;
  declare createdBy: number | null;
  declare createdAt: Date;
}

export class CohortTutor extends Model {
  declare id: number;
  declare cohortId: number;
  declare userId: number;
}

export class CohortSession extends Model {
  declare id: number;
  declare cohortId: number;
  declare startsAt: Date;
  declare title: string | null;
}

/** A Lotse's place in a cohort, or their place on its waiting list; rows are never deleted. */
export class CohortEnrolment extends Model {
  declare id: number;
  declare cohortId: number;
  declare userId: number;
  declare status: EnrolmentStatus;
  declare requestedAt: Date;
  declare enrolledAt: Date | null;
  declare overrideReason: string | null;
  declare completedAt: Date | null;
  declare completionReason: string | null;
  declare completedBy: number | null;
  declare createdAt: Date;
}

export class SessionAttendance extends Model {
  declare id: number;
  declare sessionId: number;
  declare userId: number;
  declare attended: boolean;
  declare recordedBy: number | null;
  declare recordedAt: Date;
}

export function defineCohortModels(sequelize: Sequelize): void {
  Cohort.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: { type: DataTypes.STRING(200), allowNull: false },
      region: { type: DataTypes.STRING(64), allowNull: false },
      format: { type: DataTypes.STRING(16), allowNull: false },
      startsOn: { type: DataTypes.DATEONLY, allowNull: false },
      endsOn: { type: DataTypes.DATEONLY, allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      requiredAttendance: { type: DataTypes.FLOAT, allowNull: false },
      meetingUrl: DataTypes.STRING(500),
      finishedAt: DataTypes.DATE,
      createdBy: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'cohorts', underscored: true },
  );
  CohortTutor.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      cohortId: { type: DataTypes.INTEGER, allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'cohort_tutors', underscored: true, timestamps: false },
  );
  CohortSession.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      cohortId: { type: DataTypes.INTEGER, allowNull: false },
      startsAt: { type: DataTypes.DATE, allowNull: false },
      title: DataTypes.STRING(200),
    },
    { sequelize, tableName: 'cohort_sessions', underscored: true },
  );
  CohortEnrolment.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      cohortId: { type: DataTypes.INTEGER, allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      requestedAt: { type: DataTypes.DATE, allowNull: false },
      enrolledAt: DataTypes.DATE,
      overrideReason: DataTypes.TEXT,
      completedAt: DataTypes.DATE,
      completionReason: DataTypes.TEXT,
      completedBy: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'cohort_enrolments', underscored: true },
  );
  SessionAttendance.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      sessionId: { type: DataTypes.INTEGER, allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      attended: { type: DataTypes.BOOLEAN, allowNull: false },
      recordedBy: DataTypes.INTEGER,
      recordedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'session_attendance', underscored: true, timestamps: false },
  );
}
