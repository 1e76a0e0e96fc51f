import type { QueryInterface, Sequelize } from 'sequelize';

export interface Migration {
  name: string;
  up(ctx: { queryInterface: QueryInterface; sequelize: Sequelize }): Promise<void>;
  down(ctx: { queryInterface: QueryInterface; sequelize: Sequelize }): Promise<void>;
}

import { DataTypes } from 'sequelize';

/** MEDIUMTEXT on MySQL (16 MB: suspend_data, CMI JSON, sessions); SQLite's TEXT has no size. */
export function longText(sequelize: Sequelize) {
  return sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
}
