import { loadConfig } from '../src/config';
import { openDatabase, DEFAULT_DB_TIMEOUTS } from '../src/shared/db/connection';
import { migrateToLatest } from '../src/shared/db/migrator';
import fs from 'node:fs';

/** `npm run migrate`: applies pending migrations to the configured database and lists them. */
async function main() {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Migrations have no statement limit (a large table may take a while); connect and pool limits stay.
  const sequelize = openDatabase(config.databaseUrl, undefined, { ...DEFAULT_DB_TIMEOUTS, queryMs: 0 });
  const ran = await migrateToLatest(sequelize);
  console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
  await sequelize.close();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
