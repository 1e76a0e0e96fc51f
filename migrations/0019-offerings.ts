import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './types';

/**
 * Offerings (Weiterbildung, issue 18): a published package with its audience, regions, way of
 * enrolment and dates; and who is invited to or enrolled in one. The role `teilnehmer` needs no
 * schema change (`users.role` is a plain string checked by the application).
 */
export const offerings: Migration = {
  name: '0019-offerings',
  async up({ queryInterface: q }) {
    await q.createTable('offerings', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      package_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('packages') },
      title: { type: DataTypes.STRING(200), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      // Comma lists of fixed keys: `lotsen,om_berater,unternehmen`; regions empty = every region.
      audiences: { type: DataTypes.STRING(100), allowNull: false },
      regions: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      enrolment: { type: DataTypes.STRING(16), allowNull: false },
      starts_on: { type: DataTypes.DATEONLY, allowNull: true },
      ends_on: { type: DataTypes.DATEONLY, allowNull: true },
      archived_at: { type: DataTypes.DATE, allowNull: true },
      created_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('offerings', ['archived_at'], { name: 'offerings_archived' });

    await q.createTable('offering_participants', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      offering_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('offerings') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      invited_at: { type: DataTypes.DATE, allowNull: true },
      invited_by: { type: DataTypes.INTEGER, allowNull: true },
      enrolled_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('offering_participants', ['offering_id', 'user_id'], {
      unique: true,
      name: 'offering_participants_unique',
    });
    await q.addIndex('offering_participants', ['user_id'], { name: 'offering_participants_user' });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('offering_participants');
    await q.dropTable('offerings');
  },
};
