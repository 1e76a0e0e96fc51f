import { loadConfig, ConfigError } from '../config';
import { createContext, type AppContext } from '../context';
import { createLogger } from '../shared/logger';
import { parseArgs } from './args';
import { userAdd } from './user-add';
import { importCommand } from './import';
import { tokenCreate } from './token-create';
import { ltiPlatformAdd, ltiKeyRotate } from './lti-platform-add';
import { AppError } from '../shared/errors';

type Command = (ctx: AppContext, positional: string[], options: Record<string, string | true>) => Promise<number>;

/** Command table: one line per command. Each prints its result on stdout and returns the exit code. */
const commands: Record<string, Command> = {
  'user:add': userAdd,
  import: importCommand,
  'token:create': tokenCreate,
  'lti:platform:add': ltiPlatformAdd,
  'lti:key:rotate': ltiKeyRotate,
};

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  const command = commands[name ?? ''];
  if (!command) {
    console.error(`Usage: npm run cli -- <command> [options]\nCommands: ${Object.keys(commands).join(', ')}`);
    return 2;
  }
  const config = loadConfig();
  // Logs go to stderr so stdout stays clean JSON for scripts.
  const ctx = await createContext(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn', true) });
  try {
    const { positional, options } = parseArgs(rest);
    return await command(ctx, positional, options);
  } finally {
    await ctx.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof AppError)
      console.error(JSON.stringify({ code: err.code, message: err.message, ...(err.details ?? {}) }, null, 2));
    else console.error(err);
    process.exit(1);
  },
);
