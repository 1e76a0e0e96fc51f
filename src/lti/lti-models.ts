import { DataTypes, Model, type Sequelize } from 'sequelize';

export class LtiPlatform extends Model {
  declare id: number;
  declare issuer: string;
  declare clientId: string;
  declare name: string | null;
  declare authUrl: string;
  declare tokenUrl: string;
  declare jwksUrl: string;
  declare createdAt: Date;
}

export class LtiDeployment extends Model {
  declare id: number;
  declare platformId: number;
  declare deploymentId: string;
}

export class LtiKey extends Model {
  declare id: number;
  declare kid: string;
  declare privateJwk: string;
  declare publicJwk: string;
  declare createdAt: Date;
  declare retiredAt: Date | null;
}

export class LtiLoginState extends Model {
  declare id: number;
  declare state: string;
  declare nonce: string;
  declare platformId: number;
  declare targetLinkUri: string | null;
  declare expiresAt: Date;
  declare usedAt: Date | null;
  /** `lti_storage_target` of the login (platform storage may stand in for the state cookie). */
  declare storageTarget: string | null;
}

export class LtiNonce extends Model {
  declare id: number;
  declare platformId: number;
  declare nonce: string;
  declare expiresAt: Date;
}

export class LtiAccountLink extends Model {
  declare id: number;
  declare issuer: string;
  declare sub: string;
  declare userId: number | null;
  declare pendingUserId: number | null;
  declare email: string | null;
}

export class LtiGradeLink extends Model {
  declare id: number;
  declare platformId: number;
  declare userId: number;
  declare packageId: number;
  declare resourceLinkId: string;
  declare contextId: string | null;
  declare sub: string;
  declare lineitemUrl: string;
  declare scopes: string;
  declare postedAt: Date | null;
}

export class LtiContext extends Model {
  declare id: number;
  declare platformId: number;
  declare contextId: string;
  declare title: string | null;
  declare label: string | null;
  declare membershipsUrl: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export type ContextRole = 'instructor' | 'learner';

export class LtiContextMember extends Model {
  declare id: number;
  declare ltiContextId: number;
  declare userId: number;
  declare role: ContextRole;
  declare source: 'launch' | 'nrps';
  declare updatedAt: Date;
}

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };

export function defineLtiModels(sequelize: Sequelize): void {
  LtiPlatform.init(
    {
      id,
      issuer: { type: DataTypes.STRING(191), allowNull: false },
      clientId: { type: DataTypes.STRING(191), allowNull: false },
      name: DataTypes.STRING(100),
      authUrl: { type: DataTypes.STRING(500), allowNull: false },
      tokenUrl: { type: DataTypes.STRING(500), allowNull: false },
      jwksUrl: { type: DataTypes.STRING(500), allowNull: false },
    },
    { sequelize, tableName: 'lti_platforms', underscored: true },
  );
  LtiDeployment.init(
    { id, platformId: { type: DataTypes.INTEGER, allowNull: false }, deploymentId: DataTypes.STRING(191) },
    { sequelize, tableName: 'lti_deployments', underscored: true, updatedAt: false },
  );
  LtiKey.init(
    { id, kid: DataTypes.STRING(64), privateJwk: DataTypes.TEXT, publicJwk: DataTypes.TEXT, retiredAt: DataTypes.DATE },
    { sequelize, tableName: 'lti_keys', underscored: true, updatedAt: false },
  );
  LtiLoginState.init(
    {
      id,
      state: DataTypes.STRING(64),
      nonce: DataTypes.STRING(64),
      platformId: DataTypes.INTEGER,
      targetLinkUri: DataTypes.STRING(500),
      expiresAt: DataTypes.DATE,
      usedAt: DataTypes.DATE,
      storageTarget: DataTypes.STRING(191),
    },
    { sequelize, tableName: 'lti_login_states', underscored: true, timestamps: false },
  );
  LtiNonce.init(
    { id, platformId: DataTypes.INTEGER, nonce: DataTypes.STRING(191), expiresAt: DataTypes.DATE },
    { sequelize, tableName: 'lti_nonces', underscored: true, timestamps: false },
  );
  LtiAccountLink.init(
    {
      id,
      issuer: DataTypes.STRING(191),
      sub: DataTypes.STRING(191),
      userId: DataTypes.INTEGER,
      pendingUserId: DataTypes.INTEGER,
      email: DataTypes.STRING(191),
    },
    { sequelize, tableName: 'lti_account_links', underscored: true },
  );
  LtiGradeLink.init(
    {
      id,
      platformId: DataTypes.INTEGER,
      userId: DataTypes.INTEGER,
      packageId: DataTypes.INTEGER,
      resourceLinkId: DataTypes.STRING(191),
      contextId: DataTypes.STRING(191),
      sub: DataTypes.STRING(191),
      lineitemUrl: DataTypes.STRING(1000),
      scopes: DataTypes.TEXT,
      postedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'lti_grade_links', underscored: true },
  );
  LtiContext.init(
    {
      id,
      platformId: DataTypes.INTEGER,
      contextId: DataTypes.STRING(191),
      title: DataTypes.STRING(255),
      label: DataTypes.STRING(100),
      membershipsUrl: DataTypes.STRING(1000),
    },
    { sequelize, tableName: 'lti_contexts', underscored: true },
  );
  LtiContextMember.init(
    {
      id,
      ltiContextId: DataTypes.INTEGER,
      userId: DataTypes.INTEGER,
      role: DataTypes.STRING(16),
      source: DataTypes.STRING(16),
    },
    { sequelize, tableName: 'lti_context_members', underscored: true },
  );
}
