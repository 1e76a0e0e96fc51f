import { DataTypes, Model, type Sequelize } from 'sequelize';

/** A package published as a further-training offering (migration 0019-offerings). */
export class Offering extends Model {
  declare id: number;
  declare packageId: number;
  declare title: string;
  declare description: string;
  /** Comma list of audience keys (`lotsen`, `om_berater`, `unternehmen`). */
  declare audiences: string;
  /** Comma list of region keys; empty means every region. */
  declare regions: string;
  declare enrolment: 'open' | 'invitation';
  declare startsOn: string | null;
  declare endsOn: string | null;
  declare archivedAt: Date | null;
  declare createdBy: number | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/** A person's tie to an offering: invited (by invitation-only offerings) and/or enrolled. */
export class OfferingParticipant extends Model {
  declare id: number;
  declare offeringId: number;
  declare userId: number;
  declare invitedAt: Date | null;
  declare invitedBy: number | null;
  declare enrolledAt: Date | null;
}

export function defineOfferingModels(sequelize: Sequelize): void {
  Offering.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      packageId: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      audiences: { type: DataTypes.STRING(100), allowNull: false },
      regions: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      enrolment: { type: DataTypes.STRING(16), allowNull: false },
      startsOn: DataTypes.DATEONLY,
      endsOn: DataTypes.DATEONLY,
      archivedAt: DataTypes.DATE,
      createdBy: DataTypes.INTEGER,
    },
    { sequelize, tableName: 'offerings', underscored: true },
  );
  OfferingParticipant.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      offeringId: { type: DataTypes.INTEGER, allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      invitedAt: DataTypes.DATE,
      invitedBy: DataTypes.INTEGER,
      enrolledAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'offering_participants', underscored: true },
  );
}
