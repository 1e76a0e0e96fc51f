import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './types';

/**
 * Q1 consultation hours ("Sprechstunden") per region: a date, a meeting link, shown to the Lotsen of
 * the region and in its exchange space, with a calendar file.
 */
export const consultationHours: Migration = {
  name: '0028-consultation-hours',
  async up({ queryInterface: q }) {
    await q.createTable('consultation_hours', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      region: { type: DataTypes.STRING(40), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      ends_at: { type: DataTypes.DATE, allowNull: false },
      meeting_url: { type: DataTypes.STRING(500), allowNull: false },
      note: { type: DataTypes.TEXT, allowNull: true },
      created_by: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      ...timestamps,
    });
    await q.addIndex('consultation_hours', ['region', 'starts_at'], { name: 'consultation_hours_region' });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('consultation_hours');
  },
};
