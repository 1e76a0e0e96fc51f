/** What an admin changes on a package after import: its Q1 module and how the player opens it. */
import type { Transaction } from 'sequelize';
import { Package } from './package-models';
import { isQ1ModuleKey, Q1_MODULES } from '../shared/q1-modules';
import { writeAudit } from '../shared/audit';
import { NotFoundError, ValidationError } from '../shared/errors';

export function checkModuleKey(key: string): void {
  if (!isQ1ModuleKey(key)) {
    throw new ValidationError(
      'packages.error.module_unknown_named',
      { moduleKey: 'packages.error.module_unknown' },
      'PACKAGE_MODULE_UNKNOWN',
      undefined,
      { key, allowed: Q1_MODULES.map((m) => m.key).join(', ') },
    );
  }
}

/**
 * Gives `pkg` the module `key`. A module has at most one package (unique column), so the package
 * that held it loses it first — in the same transaction, and audited on both packages.
 */
export async function moveModule(
  pkg: Package,
  key: string | null,
  actorId: number | null,
  t: Transaction,
): Promise<void> {
  const before = pkg.moduleKey;
  if (key !== null) {
    const holder = await Package.findOne({ where: { moduleKey: key }, transaction: t, lock: t.LOCK.UPDATE });
    if (holder && holder.id !== pkg.id) {
      holder.moduleKey = null;
      await holder.save({ transaction: t });
      await writeAudit(
        {
          actorId,
          action: 'package.module_assigned',
          subjectType: 'package',
          subjectId: holder.id,
          before: { moduleKey: key },
          after: { moduleKey: null },
          reason: `Modul an Paket ${pkg.id} übergeben`,
        },
        t,
      );
    }
  }
  pkg.moduleKey = key;
  await pkg.save({ transaction: t });
  await writeAudit(
    {
      actorId,
      action: 'package.module_assigned',
      subjectType: 'package',
      subjectId: pkg.id,
      before: { moduleKey: before },
      after: { moduleKey: key },
    },
    t,
  );
}

export async function assignModule(packageId: number, moduleKey: string | null, actorId: number | null): Promise<void> {
  if (moduleKey !== null) checkModuleKey(moduleKey);
  await Package.sequelize!.transaction(async (t) => {
    const pkg = await Package.findByPk(packageId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!pkg) throw new NotFoundError('packages.error.not_found', 'PACKAGE_NOT_FOUND');
    if (pkg.moduleKey === moduleKey) return;
    await moveModule(pkg, moduleKey, actorId, t);
  });
}

export async function setOpenInNewWindow(packageId: number, value: boolean, actorId: number | null): Promise<void> {
  await Package.sequelize!.transaction(async (t) => {
    const pkg = await Package.findByPk(packageId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!pkg) throw new NotFoundError('packages.error.not_found', 'PACKAGE_NOT_FOUND');
    if (pkg.openInNewWindow === value) return;
    pkg.openInNewWindow = value;
    await pkg.save({ transaction: t });
    await writeAudit(
      {
        actorId,
        action: 'package.window_changed',
        subjectType: 'package',
        subjectId: pkg.id,
        before: { openInNewWindow: !value },
        after: { openInNewWindow: value },
      },
      t,
    );
  });
}
