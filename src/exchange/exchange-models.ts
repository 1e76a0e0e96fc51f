import { DataTypes, Model, type Sequelize } from 'sequelize';

export class ExchangeThread extends Model {
  declare id: number;
  declare spaceKey: string;
  declare title: string;
  declare authorId: number;
  declare pinned: boolean;
  declare locked: boolean;
  declare postCount: number;
  declare lastPostId: number;
  declare lastPostAt: Date;
  declare deletedAt: Date | null;
  declare deletedReason: string | null;
  declare createdAt: Date;
}

export class ExchangePost extends Model {
  declare id: number;
  declare threadId: number;
  declare authorId: number;
  declare body: string;
  declare hiddenAt: Date | null;
  declare hiddenReason: string | null;
  declare deletedAt: Date | null;
  declare deletedReason: string | null;
  declare createdAt: Date;
}

export class ExchangeRead extends Model {
  declare id: number;
  declare userId: number;
  declare threadId: number;
  declare lastReadPostId: number;
}

export class ExchangeReport extends Model {
  declare id: number;
  declare postId: number;
  declare reporterId: number;
  declare reason: string;
  declare resolvedAt: Date | null;
  declare resolvedBy: number | null;
  declare createdAt: Date;
}

export class ExchangeAttachment extends Model {
  declare id: number;
  declare postId: number;
  declare fileKey: string;
  declare name: string;
  declare type: string;
  declare size: number;
  declare createdAt: Date;
}

export class ExchangeSetting extends Model {
  declare userId: number;
  declare digest: 'daily' | 'off';
}

export class ConsultationHour extends Model {
  declare id: number;
  declare region: string;
  declare title: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare meetingUrl: string;
  declare note: string | null;
  declare createdBy: number;
  declare updatedAt: Date;
}

export function defineExchangeModels(sequelize: Sequelize): void {
  ExchangeThread.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      spaceKey: { type: DataTypes.STRING(80), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      authorId: { type: DataTypes.INTEGER, allowNull: false },
      pinned: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      locked: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      postCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastPostId: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastPostAt: { type: DataTypes.DATE, allowNull: false },
      deletedAt: DataTypes.DATE,
      deletedReason: DataTypes.TEXT,
    },
    { sequelize, tableName: 'exchange_threads', underscored: true },
  );
  ExchangePost.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      threadId: { type: DataTypes.INTEGER, allowNull: false },
      authorId: { type: DataTypes.INTEGER, allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      hiddenAt: DataTypes.DATE,
      hiddenReason: DataTypes.TEXT,
      deletedAt: DataTypes.DATE,
      deletedReason: DataTypes.TEXT,
    },
    { sequelize, tableName: 'exchange_posts', underscored: true },
  );
  ExchangeRead.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      threadId: { type: DataTypes.INTEGER, allowNull: false },
      lastReadPostId: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'exchange_reads', underscored: true, timestamps: false },
  );
  ExchangeReport.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      postId: { type: DataTypes.INTEGER, allowNull: false },
      reporterId: { type: DataTypes.INTEGER, allowNull: false },
      reason: { type: DataTypes.TEXT, allowNull: false },
      resolvedAt: DataTypes.DATE,
      resolvedBy: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'exchange_reports', underscored: true },
  );
  ExchangeAttachment.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      postId: { type: DataTypes.INTEGER, allowNull: false },
      fileKey: { type: DataTypes.STRING(64), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      type: { type: DataTypes.STRING(40), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'exchange_attachments', underscored: true, updatedAt: false },
  );
  ExchangeSetting.init(
    {
      userId: { type: DataTypes.INTEGER, primaryKey: true },
      digest: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'daily' },
    },
    { sequelize, tableName: 'exchange_settings', underscored: true, createdAt: false },
  );
  ConsultationHour.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      region: { type: DataTypes.STRING(40), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      startsAt: { type: DataTypes.DATE, allowNull: false },
      endsAt: { type: DataTypes.DATE, allowNull: false },
      meetingUrl: { type: DataTypes.STRING(500), allowNull: false },
      note: DataTypes.TEXT,
      createdBy: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'consultation_hours', underscored: true },
  );
}
