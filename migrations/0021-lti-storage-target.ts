import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * LTI client-side postMessage storage: a login that named `lti_storage_target` remembers it, so the
 * launch may check state and nonce in the platform's storage when the state cookie did not come back
 * (third-party cookies blocked in the platform's iframe).
 */
export const ltiStorageTarget: Migration = {
  name: '0021-lti-storage-target',
  async up({ queryInterface: q }) {
    await q.addColumn('lti_login_states', 'storage_target', { type: DataTypes.STRING(191), allowNull: true });
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('lti_login_states', 'storage_target');
  },
};
