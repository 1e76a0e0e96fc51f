import { DataTypes } from 'sequelize';
import { fk, longText, timestamps, type Migration } from './types';

/**
 * LTI 1.3 tool (src/lti): registered platforms and their deployments, our own signing keys, the
 * OIDC login states and used nonces (each nonce once per platform), and account links
 * (platform issuer + `sub` → user). Uniqueness sits in indexes so two app processes cannot race.
 */
export const lti: Migration = {
  name: '0015-lti',
  async up({ queryInterface: q, sequelize }) {
    await q.createTable('lti_platforms', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      issuer: { type: DataTypes.STRING(191), allowNull: false },
      client_id: { type: DataTypes.STRING(191), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: true },
      auth_url: { type: DataTypes.STRING(500), allowNull: false },
      token_url: { type: DataTypes.STRING(500), allowNull: false },
      jwks_url: { type: DataTypes.STRING(500), allowNull: false },
      ...timestamps,
    });
    await q.addIndex('lti_platforms', ['issuer', 'client_id'], { name: 'lti_platforms_issuer_client', unique: true });
    await q.createTable('lti_deployments', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      platform_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('lti_platforms') },
      deployment_id: { type: DataTypes.STRING(191), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await q.addIndex('lti_deployments', ['platform_id', 'deployment_id'], {
      name: 'lti_deployments_platform_deployment',
      unique: true,
    });
    await q.createTable('lti_keys', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      kid: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      private_jwk: { type: longText(sequelize), allowNull: false },
      public_jwk: { type: DataTypes.TEXT, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
      // Set when a newer key took over; the public key stays in the JWKS until its tokens expired.
      retired_at: { type: DataTypes.DATE, allowNull: true },
    });
    await q.createTable('lti_login_states', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      state: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      nonce: { type: DataTypes.STRING(64), allowNull: false },
      platform_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('lti_platforms') },
      target_link_uri: { type: DataTypes.STRING(500), allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
    });
    await q.addIndex('lti_login_states', ['expires_at'], { name: 'lti_login_states_expires' });
    await q.createTable('lti_nonces', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      platform_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('lti_platforms') },
      nonce: { type: DataTypes.STRING(191), allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
    });
    await q.addIndex('lti_nonces', ['platform_id', 'nonce'], { name: 'lti_nonces_platform_nonce', unique: true });
    await q.addIndex('lti_nonces', ['expires_at'], { name: 'lti_nonces_expires' });
    await q.createTable('lti_account_links', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      issuer: { type: DataTypes.STRING(191), allowNull: false },
      sub: { type: DataTypes.STRING(191), allowNull: false },
      user_id: { type: DataTypes.INTEGER, allowNull: true, ...fk('users') },
      // An existing account with the launch's email: linked only after that person logs in once.
      pending_user_id: { type: DataTypes.INTEGER, allowNull: true, ...fk('users', 'SET NULL') },
      email: { type: DataTypes.STRING(191), allowNull: true },
      ...timestamps,
    });
    await q.addIndex('lti_account_links', ['issuer', 'sub'], { name: 'lti_account_links_issuer_sub', unique: true });
  },
  async down({ queryInterface: q }) {
    for (const t of ['lti_account_links', 'lti_nonces', 'lti_login_states', 'lti_keys', 'lti_deployments'])
      await q.dropTable(t);
    await q.dropTable('lti_platforms');
  },
};
