import { loadConfig } from '../src/config';
import { openDatabase } from '../src/shared/db/connection';
import { migrateToLatest } from '../src/shared/db/migrator';
import fs from 'node:fs';

/** `npm run migrate`: applies pending migrations to the configured database and lists them. */
async function main() {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  const sequelize = openDatabase(config.databaseUrl);
  const ran = await migrateToLatest(sequelize);
  console.log(ran.length ? `applied: ${ran.join(', ')}` : 'database is up to date');
  await sequelize.close();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
