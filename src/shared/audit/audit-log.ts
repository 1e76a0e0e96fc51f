import { DataTypes, Model, Op, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';

export class AuditEntry extends Model {
  declare id: number;
  declare at: Date;
  declare actorId: number | null;
  declare action: string;
  declare subjectType: string | null;
  declare subjectId: string | null;
  declare subjectUserId: number | null;
  declare beforeJson: string | null;
  declare afterJson: string | null;
  declare reason: string | null;
}

export function defineAuditModel(sequelize: Sequelize): void {
  AuditEntry.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      at: { type: DataTypes.DATE, allowNull: false },
      actorId: DataTypes.INTEGER,
      action: DataTypes.STRING(64),
      subjectType: DataTypes.STRING(32),
      subjectId: DataTypes.STRING(64),
      subjectUserId: DataTypes.INTEGER,
      beforeJson: DataTypes.TEXT,
      afterJson: DataTypes.TEXT,
      reason: DataTypes.TEXT,
    },
    { sequelize, tableName: 'audit_log', timestamps: false, underscored: true },
  );
}

export interface AuditRecord {
  actorId: number | null;
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  subjectUserId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Append-only: this module offers no update or delete. Pass the caller's transaction so the
 * entry is written together with the change it describes, or not at all. */
export async function writeAudit(record: AuditRecord, transaction?: Transaction): Promise<void> {
  await AuditEntry.create(
    {
      at: new Date(),
      actorId: record.actorId,
      action: record.action,
      subjectType: record.subjectType ?? null,
      subjectId: record.subjectId === undefined ? null : String(record.subjectId),
      subjectUserId: record.subjectUserId ?? null,
      beforeJson: record.before === undefined ? null : JSON.stringify(record.before),
      afterJson: record.after === undefined ? null : JSON.stringify(record.after),
      reason: record.reason ?? null,
    },
    { transaction },
  );
}

export interface AuditFilter {
  action?: string;
  actorId?: number;
  subjectUserId?: number;
  from?: Date;
  to?: Date;
}

export async function findAudit(filter: AuditFilter, limit = 200, offset = 0) {
  const where: WhereOptions = {};
  if (filter.action) Object.assign(where, { action: filter.action });
  if (filter.actorId) Object.assign(where, { actorId: filter.actorId });
  if (filter.subjectUserId) Object.assign(where, { subjectUserId: filter.subjectUserId });
  if (filter.from || filter.to) {
    Object.assign(where, {
      at: { ...(filter.from ? { [Op.gte]: filter.from } : {}), ...(filter.to ? { [Op.lte]: filter.to } : {}) },
    });
  }
  const { rows, count } = await AuditEntry.findAndCountAll({ where, order: [['id', 'DESC']], limit, offset });
  return { entries: rows.map((r) => r.get({ plain: true }) as AuditEntry), total: count };
}
