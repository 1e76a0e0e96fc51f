import path from 'node:path';
import { z } from 'zod';
import { decodeEncryptionKey } from './shared/secret-box';

/**
 * The only reader of process.env. Every key has a default or the start fails with a message
 * naming the key, so a misconfigured server never half-starts.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Address to listen on; unset means every interface (IPv6 and IPv4). 127.0.0.1 keeps it local.
  HOST: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(mysql|mariadb|sqlite):/, 'must start with mysql://, mariadb:// or sqlite:')
    .optional(),
  // Optional read replica (MariaDB/MySQL) for reports and exports only; unset = DATABASE_URL.
  DATABASE_READ_URL: z
    .string()
    .regex(/^(mysql|mariadb):/, 'must start with mysql:// or mariadb://')
    .optional(),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Default follows PORT (http://localhost:<PORT>), so links in mails and QR codes work without it.
  BASE_URL: z.string().url().optional(),
  // Package content is served from its own origin (docs/security.md). Unset: BASE_URL's host on
  // CONTENT_PORT, which the same process listens on (default PORT + 1).
  CONTENT_BASE_URL: z.string().url().optional(),
  CONTENT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CONTENT_TOKEN_HOURS: z.coerce.number().int().min(1).max(48).default(4),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  ADMIN_NAME: z.string().default('Administrator'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('gezu-lms <no-reply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: readable lines (pino-pretty) when stdout is a terminal outside production, JSON otherwise.
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024 * 1024),
  ZIP_MAX_ENTRIES: z.coerce.number().int().positive().default(20000),
  ZIP_MAX_TOTAL_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024 * 1024),
  ZIP_MAX_RATIO: z.coerce.number().positive().default(200),
  MANIFEST_MAX_ITEMS: z.coerce.number().int().positive().default(2000),
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  COMMIT_INTERVAL_SECONDS: z.coerce.number().int().min(5).default(30),
  // Caps of one SCORM commit (src/player README): generous for real exports (1.2 suspend_data often
  // exceeds the standard's 4,096 characters); beyond them the commit is refused and nothing changes.
  CMI_SUSPEND_DATA_MAX_CHARS: z.coerce
    .number()
    .int()
    .min(4096)
    .default(64 * 1024),
  CMI_TEXT_MAX_CHARS: z.coerce
    .number()
    .int()
    .min(4096)
    .default(16 * 1024),
  CMI_MAX_ITEMS: z.coerce.number().int().min(100).default(1000),
  COMMIT_BODY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * 1024 * 1024),
  // Per attempt and app process: a token bucket (sustained rate, burst). A SCO that commits on every
  // SetValue stays far below; a loop or a script does not.
  COMMIT_RATE_PER_SECOND: z.coerce.number().positive().default(10),
  COMMIT_RATE_BURST: z.coerce.number().int().positive().default(60),
  // Signed launch tokens of the runtime routes; the player's keep-alive renews them every 4 minutes.
  LAUNCH_TOKEN_TTL_MINUTES: z.coerce.number().positive().default(120),
  // Worker processes (node:cluster). Default: one per core on MySQL/MariaDB, 1 on SQLite and in tests.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // Only the commit benchmark sets this: it mounts a baseline route that writes without any checks.
  BENCH_BASELINE_ROUTE: z.enum(['true', 'false']).default('false'),
  Q2_REQUIRED_ATTENDANCE: z.coerce.number().min(0).max(1).default(0.8),
  // Failed logins per account and client IP before growing delays begin (no lock-out: see auth/login-backoff.ts).
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(3),
  LOGIN_MAX_DELAY_MINUTES: z.coerce.number().int().positive().default(15),
  LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
  // Registration and password-reset requests (each sends a mail) per client IP and per address, per hour.
  ACCOUNT_MAILS_PER_IP: z.coerce.number().int().positive().default(20),
  ACCOUNT_MAILS_PER_ADDRESS: z.coerce.number().int().positive().default(3),
  IMPORT_COURSES: z.enum(['true', 'false']).default('true'),
  // Compiled templates are kept in memory. Express does so only when NODE_ENV=production, so `npm start`
  // re-read and re-compiled every view on every page (a third of a drill-down's time); `npm run dev` turns it off.
  VIEW_CACHE: z.enum(['true', 'false']).default('true'),
  // Place of issue printed on certificates ("Heidelberg, 27.11.2026"); frozen into each certificate.
  CERTIFICATE_PLACE: z.string().max(60).default('Heidelberg'),
  VERIFY_MAX_PER_IP: z.coerce.number().int().positive().default(60),
  // How often the catch-up job (src/jobs) looks for missed work; 0 = only at start.
  CATCH_UP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  // /metrics: with a token only `Authorization: Bearer <token>` may scrape; without, only loopback.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // The scheduled clean-up (expired sessions and tokens, old rate-limit counters, done outbox rows).
  CLEAN_UP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(3600),
  // MySQL/MariaDB timeouts (docs/operations.md "Timeouts"): a new connection's handshake, waiting for a free
  // pooled connection, one statement (0 = no limit; migrations at start never have one).
  DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().default(5),
  DB_ACQUIRE_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  DB_QUERY_TIMEOUT_SECONDS: z.coerce.number().min(0).default(30),
  // The outbox (src/outbox): tries before a message is dead, first retry delay (doubling), poll interval.
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OUTBOX_RETRY_SECONDS: z.coerce.number().min(0).default(10),
  OUTBOX_POLL_SECONDS: z.coerce.number().positive().default(2),
  OUTBOX_CLAIM_SECONDS: z.coerce.number().int().min(5).default(300),
  // Exchange (Austausch): at most this many posts (threads and replies) per person in the window.
  EXCHANGE_POSTS_PER_WINDOW: z.coerce.number().int().positive().default(20),
  EXCHANGE_POST_WINDOW_MINUTES: z.coerce.number().int().positive().default(10),
  // Exchange: the daily digest mail goes out from this hour (Berlin time); the job looks this often (0 = never).
  EXCHANGE_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  EXCHANGE_DIGEST_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(900),
  // LTI: a platform's JWKS is fetched again on an unknown kid, but not sooner than this after the last fetch.
  LTI_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(30),
  // LTI: how long a fetched platform JWKS is used before it is fetched again anyway.
  LTI_JWKS_CACHE_SECONDS: z.coerce.number().int().min(0).default(600),
  // 32 random bytes in base64 (`openssl rand -base64 32`): stored private keys (LTI) are encrypted under it.
  KEY_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeEncryptionKey(v) !== null, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  // xAPI: when set, launches, answers, completions and passes go as statements to <URL>/statements
  // (through the outbox); XAPI_LRS_AUTH holds the LRS's basic credentials as user:password.
  XAPI_LRS_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .optional(),
  XAPI_LRS_AUTH: z
    .string()
    .regex(/^[^:]+:.+$/, 'must be user:password')
    .optional(),
  // Package content and documents: unset = the data folder; s3://bucket/prefix = an S3-compatible
  // bucket (AWS, MinIO, Ceph). Credentials unset = the SDK's default chain (environment, instance role).
  STORAGE_URL: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must look like s3://bucket or s3://bucket/prefix')
    .optional(),
  STORAGE_ENDPOINT: z.string().url().optional(),
  STORAGE_REGION: z.string().min(1).default('us-east-1'),
  STORAGE_ACCESS_KEY_ID: z.string().min(1).optional(),
  STORAGE_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // MinIO and Ceph usually need path-style URLs (http://host/bucket/key); AWS takes either.
  STORAGE_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

export type Env = z.infer<typeof schema>;

export interface Config extends Omit<Env, 'BASE_URL'> {
  BASE_URL: string;
  dataDir: string;
  databaseUrl: string;
  sessionSecret: string;
  isProduction: boolean;
  secureCookies: boolean;
  /** Origins (scheme://host[:port]) of the app and of package content; never equal. */
  appOrigin: string;
  contentOrigin: string;
  /** Port the content app listens on in this process. */
  contentPort: number;
  /** STORAGE_URL taken apart; null = package content and documents in the data folder. */
  storage: { bucket: string; prefix: string } | null;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && e.BENCH_BASELINE_ROUTE === 'true') {
    throw new ConfigError(
      'Invalid configuration:\n  BENCH_BASELINE_ROUTE: must not be true when NODE_ENV=production (benchmark-only route without checks)',
    );
  }
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required when NODE_ENV=production');
  }
  if (e.DATABASE_READ_URL && !/^(mysql|mariadb):/.test(e.DATABASE_URL ?? '')) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_READ_URL: needs DATABASE_URL on MySQL/MariaDB (a replica of that database)',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const baseUrl = e.BASE_URL ?? `http://localhost:${e.PORT || 3000}`;
  const contentPort = e.CONTENT_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1);
  const appOrigin = new URL(baseUrl).origin;
  const contentOrigin = contentOriginOf(e.CONTENT_BASE_URL, baseUrl, contentPort);
  if (contentOrigin === appOrigin) {
    throw new ConfigError(
      'Invalid configuration:\n  CONTENT_BASE_URL: must be another origin than BASE_URL (package content must not run where the session lives)',
    );
  }
  return {
    ...e,
    BASE_URL: baseUrl,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'gezu.sqlite')}`,
    // Development fallback only; production refuses to start without a secret (above).
    sessionSecret: e.SESSION_SECRET ?? 'development-only-secret-change-me',
    isProduction,
    secureCookies: baseUrl.startsWith('https://'),
    appOrigin,
    contentOrigin,
    contentPort,
    storage: e.STORAGE_URL ? storageOf(e.STORAGE_URL) : null,
  };
}

/** s3://bucket/a/b/ → { bucket, prefix: 'a/b' }. */
function storageOf(url: string): { bucket: string; prefix: string } {
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest, prefix: '' };
  return { bucket: rest.slice(0, slash), prefix: rest.slice(slash + 1).replace(/^\/+|\/+$/g, '') };
}

/** CONTENT_BASE_URL's origin, else BASE_URL's scheme and host on the content port. */
function contentOriginOf(contentBaseUrl: string | undefined, baseUrl: string, contentPort: number): string {
  if (contentBaseUrl) return new URL(contentBaseUrl).origin;
  const u = new URL(baseUrl);
  u.port = String(contentPort);
  return u.origin;
}
