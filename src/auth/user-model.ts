import { DataTypes, Model, type Sequelize } from 'sequelize';
import type { Role } from '../shared/regions';

export class User extends Model {
  declare id: number;
  declare email: string;
  declare passwordHash: string | null;
  declare firstName: string;
  declare lastName: string;
  declare role: Role;
  declare region: string | null;
  declare active: boolean;
  declare locale: string;
  declare lastLoginAt: Date | null;
  /** Null for a self-registration whose mailed link has not been followed yet; such an account cannot log in. */
  declare emailConfirmedAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;

  get displayName(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }
}

export class AuthToken extends Model {
  declare id: number;
  declare userId: number;
  declare purpose: 'invitation' | 'password_reset' | 'email_confirmation' | 'api';
  declare tokenHash: string;
  declare label: string | null;
  declare expiresAt: Date | null;
  declare usedAt: Date | null;
  declare createdBy: number | null;
  /** API tokens only (migration 0022): `admin`, `tutor`, `lotse` or `read`; null = the owner's role. */
  declare scope: string | null;
  declare revokedAt: Date | null;
  declare revokedBy: number | null;
  declare lastUsedAt: Date | null;
  declare createdAt: Date;
}

export function defineUserModels(sequelize: Sequelize): void {
  User.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING(191), allowNull: false, unique: true },
      passwordHash: DataTypes.STRING(100),
      firstName: { type: DataTypes.STRING(100), allowNull: false },
      lastName: { type: DataTypes.STRING(100), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      region: DataTypes.STRING(64),
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      locale: { type: DataTypes.STRING(5), allowNull: false, defaultValue: 'de' },
      lastLoginAt: DataTypes.DATE,
      emailConfirmedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'users', underscored: true },
  );
  AuthToken.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      userId: { type: DataTypes.INTEGER, allowNull: false },
      purpose: { type: DataTypes.STRING(20), allowNull: false },
      tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      label: DataTypes.STRING(100),
      expiresAt: DataTypes.DATE,
      usedAt: DataTypes.DATE,
      createdBy: DataTypes.INTEGER,
      scope: DataTypes.STRING(16),
      revokedAt: DataTypes.DATE,
      revokedBy: DataTypes.INTEGER,
      lastUsedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'auth_tokens', underscored: true },
  );
  AuthToken.belongsTo(User, { foreignKey: 'userId', as: 'user' });
}

/** What templates and other components see of a user: plain data, never the hash. */
export interface UserView {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  name: string;
  role: Role;
  region: string | null;
  active: boolean;
  locale: string;
  lastLoginAt: Date | null;
  createdAt: Date;
  invitationPending: boolean;
}

export function toUserView(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    name: u.displayName,
    role: u.role,
    region: u.region,
    active: u.active,
    locale: u.locale,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    invitationPending: !u.passwordHash,
  };
}
