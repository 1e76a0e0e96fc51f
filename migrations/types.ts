import { DataTypes, type QueryInterface, type Sequelize } from 'sequelize';

export interface Migration {
  name: string;
  up(ctx: { queryInterface: QueryInterface; sequelize: Sequelize }): Promise<void>;
  down(ctx: { queryInterface: QueryInterface; sequelize: Sequelize }): Promise<void>;
}

/** MEDIUMTEXT on MySQL (16 MB: suspend_data, CMI JSON, sessions); SQLite's TEXT has no size. */
export function longText(sequelize: Sequelize) {
  return sequelize.getDialect() === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
}

/** The created_at/updated_at pair Sequelize maintains on models with `underscored: true`. */
export const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

/** A foreign key to `model.id`, deleting with its parent unless told otherwise. */
export const fk = (model: string, onDelete = 'CASCADE') => ({ references: { model, key: 'id' }, onDelete });
