import { DataTypes, Model, type Sequelize } from 'sequelize';

/** One learner's attempt at a package, pinned to the version it started on. */
export class Attempt extends Model {
  declare id: number;
  declare userId: number;
  declare packageId: number;
  declare versionId: number;
  declare number: number;
  declare tokenHash: string;
  declare completionStatus: string;
  declare successStatus: string;
  declare scoreScaled: number | null;
  declare progress: number;
  declare totalTimeCs: number;
  /** 'no-credit' for staff previews: tracked so they can resume, but never counted as a completion. */
  declare credit: 'credit' | 'no-credit';
  declare currentScoId: number | null;
  declare sequencingState: string | null;
  declare startedAt: Date;
  declare lastActivityAt: Date | null;
  declare completedAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** The tracking row of one SCO within an attempt: the CMI as JSON plus derived columns. */
export class ScoAttempt extends Model {
  declare id: number;
  declare attemptId: number;
  declare scoId: number;
  declare userId: number;
  declare seq: number;
  declare cmiJson: string | null;
  declare completionStatus: string;
  declare successStatus: string;
  declare scoreRaw: number | null;
  declare scoreMin: number | null;
  declare scoreMax: number | null;
  declare scoreScaled: number | null;
  declare progressMeasure: number | null;
  declare location: string | null;
  declare exitMode: string | null;
  declare totalTimeCs: number;
  /** session_time of the last applied commit, within the launch encoded in `seq` (see commit.ts). */
  declare sessionTimeCs: number;
  declare staleCommits: number;
  declare sessionCount: number;
  declare firstLaunchAt: Date | null;
  declare lastLaunchAt: Date | null;
  declare lastCommitAt: Date | null;
}

/** Earned once, kept forever: later attempts or package versions never take it away. */
export class PackageCompletion extends Model {
  declare id: number;
  declare userId: number;
  declare packageId: number;
  declare attemptId: number | null;
  declare passed: boolean | null;
  declare scoreScaled: number | null;
  declare completedAt: Date;
}

export function defineTrackingModels(sequelize: Sequelize): void {
  Attempt.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      userId: DataTypes.INTEGER,
      packageId: DataTypes.INTEGER,
      versionId: DataTypes.INTEGER,
      number: DataTypes.INTEGER,
      tokenHash: DataTypes.STRING(64),
      completionStatus: { type: DataTypes.STRING(16), defaultValue: 'not attempted' },
      successStatus: { type: DataTypes.STRING(16), defaultValue: 'unknown' },
      scoreScaled: DataTypes.FLOAT,
      progress: { type: DataTypes.FLOAT, defaultValue: 0 },
      totalTimeCs: {
        type: DataTypes.BIGINT,
        defaultValue: 0,
        get() {
          return Number(this.getDataValue('totalTimeCs') ?? 0);
        },
      },
      credit: { type: DataTypes.STRING(16), defaultValue: 'credit' },
      currentScoId: DataTypes.INTEGER,
      sequencingState: DataTypes.TEXT,
      startedAt: DataTypes.DATE,
      lastActivityAt: DataTypes.DATE,
      completedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'attempts', underscored: true },
  );
  ScoAttempt.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      attemptId: DataTypes.INTEGER,
      scoId: DataTypes.INTEGER,
      userId: DataTypes.INTEGER,
      seq: {
        type: DataTypes.BIGINT,
        defaultValue: 0,
        get() {
          return Number(this.getDataValue('seq') ?? 0);
        },
      },
      cmiJson: DataTypes.TEXT,
      completionStatus: { type: DataTypes.STRING(16), defaultValue: 'not attempted' },
      successStatus: { type: DataTypes.STRING(16), defaultValue: 'unknown' },
      scoreRaw: DataTypes.FLOAT,
      scoreMin: DataTypes.FLOAT,
      scoreMax: DataTypes.FLOAT,
      scoreScaled: DataTypes.FLOAT,
      progressMeasure: DataTypes.FLOAT,
      location: DataTypes.STRING(1000),
      exitMode: DataTypes.STRING(16),
      totalTimeCs: {
        type: DataTypes.BIGINT,
        defaultValue: 0,
        get() {
          return Number(this.getDataValue('totalTimeCs') ?? 0);
        },
      },
      sessionTimeCs: {
        type: DataTypes.BIGINT,
        defaultValue: 0,
        get() {
          return Number(this.getDataValue('sessionTimeCs') ?? 0);
        },
      },
      staleCommits: { type: DataTypes.INTEGER, defaultValue: 0 },
      sessionCount: { type: DataTypes.INTEGER, defaultValue: 0 },
      firstLaunchAt: DataTypes.DATE,
      lastLaunchAt: DataTypes.DATE,
      lastCommitAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'sco_attempts', underscored: true },
  );
  PackageCompletion.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      userId: DataTypes.INTEGER,
      packageId: DataTypes.INTEGER,
      attemptId: DataTypes.INTEGER,
      passed: DataTypes.BOOLEAN,
      scoreScaled: DataTypes.FLOAT,
      completedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'package_completions', underscored: true, timestamps: false },
  );
  Attempt.hasMany(ScoAttempt, { foreignKey: 'attemptId', as: 'scoAttempts' });
  ScoAttempt.belongsTo(Attempt, { foreignKey: 'attemptId', as: 'attempt' });
}
