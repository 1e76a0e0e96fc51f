import { DataTypes, Model, type Sequelize } from 'sequelize';

export class Package extends Model {
  declare id: number;
  declare title: string;
  declare moduleKey: string | null;
  declare courseKey: string | null;
  declare openInNewWindow: boolean;
  declare latestVersionId: number | null;
  declare createdBy: number | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** An immutable, extracted version of a package: its files never change after import. */
export class PackageVersion extends Model {
  declare id: number;
  declare packageId: number;
  declare number: number;
  declare scormVersion: string;
  declare title: string;
  declare manifestIdentifier: string | null;
  declare manifestJson: string;
  declare warningsJson: string | null;
  declare storageDir: string;
  declare contentRoot: string;
  declare sizeBytes: number;
  declare fileCount: number;
  declare sourceSha256: string | null;
  declare sourceName: string | null;
  declare uploadedBy: number | null;
  declare createdAt: Date;
}

export class PackageSco extends Model {
  declare id: number;
  declare versionId: number;
  declare position: number;
  declare itemIdentifier: string;
  declare resourceIdentifier: string;
  declare title: string;
  declare launchPath: string;
  declare scormType: 'sco' | 'asset';
  declare isVisible: boolean;
  declare masteryScore: number | null;
  declare completionThreshold: number | null;
  declare scaledPassingScore: number | null;
  declare dataFromLms: string | null;
  declare maxTimeAllowed: string | null;
  declare timeLimitAction: string | null;
}

/** An import in progress (migration 0014): its files may be half-written until the row is gone. */
export class PackageStaging extends Model {
  declare id: number;
  declare storageDir: string;
  declare owner: string;
  declare heartbeatAt: Date;
  declare createdAt: Date;
}

export function definePackageModels(sequelize: Sequelize): void {
  const opts = (tableName: string, timestamps = true) => ({ sequelize, tableName, underscored: true, timestamps });
  Package.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: DataTypes.STRING(255),
      moduleKey: DataTypes.STRING(40),
      courseKey: DataTypes.STRING(40),
      openInNewWindow: { type: DataTypes.BOOLEAN, defaultValue: false },
      latestVersionId: DataTypes.INTEGER,
      createdBy: DataTypes.INTEGER,
    },
    opts('packages'),
  );
  PackageVersion.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      packageId: DataTypes.INTEGER,
      number: DataTypes.INTEGER,
      scormVersion: DataTypes.STRING(16),
      title: DataTypes.STRING(255),
      manifestIdentifier: DataTypes.STRING(255),
      manifestJson: DataTypes.TEXT,
      warningsJson: DataTypes.TEXT,
      storageDir: DataTypes.STRING(255),
      contentRoot: DataTypes.STRING(255),
      sizeBytes: DataTypes.BIGINT,
      fileCount: DataTypes.INTEGER,
      sourceSha256: DataTypes.STRING(64),
      sourceName: DataTypes.STRING(255),
      uploadedBy: DataTypes.INTEGER,
    },
    opts('package_versions'),
  );
  PackageSco.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      versionId: DataTypes.INTEGER,
      position: DataTypes.INTEGER,
      itemIdentifier: DataTypes.STRING(255),
      resourceIdentifier: DataTypes.STRING(255),
      title: DataTypes.STRING(255),
      launchPath: DataTypes.STRING(2000),
      scormType: DataTypes.STRING(8),
      isVisible: DataTypes.BOOLEAN,
      masteryScore: DataTypes.FLOAT,
      completionThreshold: DataTypes.FLOAT,
      scaledPassingScore: DataTypes.FLOAT,
      dataFromLms: DataTypes.TEXT,
      maxTimeAllowed: DataTypes.STRING(64),
      timeLimitAction: DataTypes.STRING(64),
    },
    opts('package_scos', false),
  );
  PackageStaging.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      storageDir: DataTypes.STRING(64),
      owner: DataTypes.STRING(200),
      heartbeatAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'package_staging', underscored: true, timestamps: true, updatedAt: false },
  );
  Package.hasMany(PackageVersion, { foreignKey: 'packageId', as: 'versions' });
  PackageVersion.belongsTo(Package, { foreignKey: 'packageId', as: 'package' });
  PackageVersion.hasMany(PackageSco, { foreignKey: 'versionId', as: 'scos' });
  PackageSco.belongsTo(PackageVersion, { foreignKey: 'versionId', as: 'version' });
}
