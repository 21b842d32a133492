import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['0', '1', 'true', 'false', '']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().default(''),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ROSTRUM_DEMO: booleanFlag.default('1'),
  ROSTRUM_PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).default(300),
  ROSTRUM_PAGE_CACHE_MB: z.coerce.number().int().min(1).max(100_000).default(64),
  ROSTRUM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROSTRUM_TRUST_PROXY: z.string().default(''),
  ROSTRUM_VOTE_RATE_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(100),
  ROSTRUM_SMTP_URL: z
    .string()
    .trim()
    .regex(/^(smtps?:\/\/.+)?$/, 'must be an smtp:// or smtps:// URL')
    .default(''),
  ROSTRUM_MAIL_FROM: z.string().trim().max(320).default(''),
  ROSTRUM_SESSION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 366)
    .default(168),
  ROSTRUM_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  ROSTRUM_SECRET: z.string().default(''),
  ROSTRUM_IMAGE_JOBS: z.coerce.number().int().min(1).max(64).default(1),
  ROSTRUM_IMAGE_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
  ROSTRUM_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  ROSTRUM_READ_THREADS: z.coerce.number().int().min(0).max(64).default(2),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  databaseKind: 'sqlite' | 'postgres';
  /**
   * PostgreSQL only: connections the process's pool may open for queries. The process also holds one
   * more, listening for content changes; a command opens its own pool of this size.
   */
  databasePoolSize: number;
  publicUrl: string;
  demo: boolean;
  pageCacheSeconds: number;
  pageCacheBytes: number;
  logLevel: string;
  trustProxy: string;
  /** Poll votes allowed per network per ten minutes; 0 turns the limit off. */
  voteRateLimit: number;
  /** How long a sign-in lasts without use; each use starts the period again. */
  sessionTtlMs: number;
  /** Whether cookies get the Secure flag: when the public address is https. */
  secureCookies: boolean;
  /** SMTP for invitation and password-reset mail; empty: links are shown for administrators to pass on. */
  smtpUrl: string;
  mailFrom: string;
  /** How long requests in flight may still take after SIGTERM before their connections are closed. */
  shutdownGraceMs: number;
  /**
   * The signing secrets from ROSTRUM_SECRET, the first signing and all verifying; undefined: the
   * database's own are used.
   */
  secrets: string[] | undefined;
  /** Uploaded images processed at once, and how many more may wait before uploads are refused with a 503. */
  imageJobs: number;
  imageQueue: number;
  /** How SQLite syncs commits to disk (see OpenOptions.synchronous); PostgreSQL has its own settings. */
  sqliteSynchronous: 'full' | 'normal';
  /** SQLite: worker threads that run slow reads (search, sitemaps) off the event loop; 0 runs them on it. */
  readThreads: number;
}

export class ConfigError extends Error {}

/** At least this long, each: a short secret can be guessed, and it forges every cookie and form token. */
export const MIN_SECRET_LENGTH = 32;

/** ROSTRUM_SECRET: one secret, or several separated by commas (the first signs, all verify). */
function parseSecrets(value: string): string[] | undefined {
  if (!value.trim()) return undefined;
  const secrets = value.split(',').map((s) => s.trim());
  const hint = 'make one with: openssl rand -base64 48';
  if (secrets.some((s) => !s)) throw new ConfigError(`Invalid configuration ROSTRUM_SECRET: an empty secret in the list (separate secrets with single commas; ${hint})`);
  if (secrets.some((s) => /\s/.test(s))) throw new ConfigError(`Invalid configuration ROSTRUM_SECRET: a secret contains a space or line break (${hint})`);
  const short = secrets.findIndex((s) => s.length < MIN_SECRET_LENGTH);
  if (short >= 0) {
    const which = secrets.length > 1 ? `secret ${short + 1} of ${secrets.length} is` : 'the secret is';
    throw new ConfigError(`Invalid configuration ROSTRUM_SECRET: ${which} ${secrets[short]!.length} characters long; each must be at least ${MIN_SECRET_LENGTH} (${hint})`);
  }
  return secrets;
}

/** Reads the environment once; every setting has a default so a fresh clone starts with none set. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL.trim();
  const isPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);
  if (databaseUrl && !isPostgres && !databaseUrl.startsWith('sqlite:') && !databaseUrl.startsWith('file:')) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL, a sqlite:/file: path, or empty for the embedded SQLite file');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const sqlitePath = databaseUrl ? databaseUrl.replace(/^(sqlite|file):(\/\/)?/, '') : path.join(dataDir, 'rostrum.db');
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: isPostgres ? databaseUrl : sqlitePath,
    databaseKind: isPostgres ? 'postgres' : 'sqlite',
    databasePoolSize: e.DATABASE_POOL_SIZE,
    publicUrl,
    demo: e.ROSTRUM_DEMO,
    pageCacheSeconds: e.ROSTRUM_PAGE_CACHE_SECONDS,
    pageCacheBytes: e.ROSTRUM_PAGE_CACHE_MB * 1024 * 1024,
    logLevel: e.ROSTRUM_LOG_LEVEL,
    trustProxy: e.ROSTRUM_TRUST_PROXY,
    voteRateLimit: e.ROSTRUM_VOTE_RATE_LIMIT,
    sessionTtlMs: Math.round(e.ROSTRUM_SESSION_HOURS * 3600 * 1000),
    imageJobs: e.ROSTRUM_IMAGE_JOBS,
    imageQueue: e.ROSTRUM_IMAGE_QUEUE,
    secureCookies: publicUrl.startsWith('https:'),
    smtpUrl: e.ROSTRUM_SMTP_URL,
    mailFrom: e.ROSTRUM_MAIL_FROM || `Rostrum <no-reply@${new URL(publicUrl).hostname}>`,
    shutdownGraceMs: Math.round(e.ROSTRUM_SHUTDOWN_GRACE_SECONDS * 1000),
    secrets: parseSecrets(e.ROSTRUM_SECRET),
    sqliteSynchronous: e.ROSTRUM_SQLITE_SYNCHRONOUS,
    readThreads: e.ROSTRUM_READ_THREADS,
  };
}
