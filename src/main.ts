import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Refusal } from './core/refusals.ts';
import { refusalExitCode, refusalMessage } from './cli/refusals.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { composeCapabilities } from './compose.ts';
import { acceptChangedMigration, CannotAcceptMigrationError, MigrationChangedError, migrateToLatest } from './db/migrate.ts';
import { migrations, type Database, type Db } from './schema.ts';
import { progressBar } from './cli/progress.ts';
import { exportSite, OutputError, streamWriter, type ExportOptions } from './cli/export.ts';
import { importCommand } from './cli/import.ts';
import { pollCommand } from './cli/poll.ts';
import { expertCommand } from './cli/expert.ts';
import { articleCommand } from './cli/article.ts';
import { rotateInTheEnvironment, secretCommand, secretSubcommands, type SecretSubcommand } from './cli/secret.ts';
import { closeWithDeadline } from './http/shutdown.ts';
import { loadDemoContentIfWanted } from './demo/load.ts';
import { trimmed } from './http/schemas.ts';
import { userCommand, type CliContext } from './cli/user.ts';
import { tokenCommand } from './cli/token.ts';
import { commit } from './audit/command.ts';
import { commandLineActor } from './core/actor.ts';
import { rebuildSearchIndex } from './search/documents.ts';

const help = `rostrum — publishing platform for expert analysis

Usage: rostrum <command> [options]

  serve                         migrate, load demo content into an empty site (unless ROSTRUM_DEMO=0), serve HTTP
  migrate                       bring the database schema up to date
  migrate --accept-changed NAME after checking that applied migration NAME made the schema the database has, record
                                its checksum as this version computes it (see README, Upgrades), then migrate
  demo                          load the demo content (only into a site without articles, or to finish an interrupted load)
  export [--out FILE] [--with-ballots]
                                write the whole site, media included, as one JSON document (stdout by default);
                                --with-ballots adds each poll ballot's time and choices (never who voted)
  import wordpress FILE.xml [--uploads DIR] [--dry-run] [--expert-for LOGIN=SLUG ...] [--report FILE.json]
                                bring a WordPress export's posts, pages, authors, tags and images in, with a redirect
                                from every old address; run again to bring changes (nothing is made twice)
  import ghost FILE.json [--images DIR] [--site-url URL] [--dry-run] [--expert-for SLUG=EXPERT ...] [--report FILE.json]
                                the same for a Ghost export (DIR: a copy of content/images)
  import rostrum FILE.json [--dry-run] [--report FILE.json]
                                read a Rostrum export into this site, empty or not; run again to bring changes
  user create --email E --role admin|editor|author [--password P] [--expert SLUG] [--name N]
                                an author needs --expert: the expert they write for
  user invite --email E --role admin|editor|author [--expert SLUG] [--name N]
                                make an account and print its one-time invitation link (valid for a week)
                                on the last line; the person chooses their password there
  token create --user E [--label L]
                                make an API token; prints it alone on the last line (only its hash is stored)
  token list --user E           a user's tokens: id, label, created, last used (never the token itself)
  token revoke --user E [--label L]
                                revoke a user's tokens, or only those with the label; prints how many
  expert create --name N [--slug S] [--title T] [--affiliation A] [--bio B]
  article import-docx FILE.docx --expert SLUG [--language L]
                                make a draft on the expert's blog from a Word document (title, lead, body, images,
                                footnotes and endnotes); prints what could not be carried over, then the draft's address
  poll create --question Q --option A --option B [--option ...] [--multiple] [--max-choices N]
              [--opens-at ISO] [--closes-at ISO] [--results always|after_vote|after_close] [--open] [--current]
              [--language L]    make a poll (a draft unless --open) in one of the site's languages;
                                prints its id, URL and option ids
  poll list                     every poll, newest first: id, status, current, voters, question
  poll open ID | poll close ID  open or close a poll
  poll current ID               make it the poll its edition's readers are asked (while it is open)
  poll delete ID --yes          delete a poll and its votes
  poll results ID [--format text|csv|json]
                                counts and percentages; json is the public API's answer
  poll update ID [--question Q] [--option A --option B ...] [--max-choices N] [--opens-at ISO|none] [--closes-at ISO|none]
                [--results always|after_vote|after_close]
                                edit a poll; its answers only until someone votes
  poll attach ID --article ARTICLE_ID|EXPERT/SLUG
                                the article shows this poll in place of the current poll
  poll detach --article ARTICLE_ID|EXPERT/SLUG
                                the article shows the current poll again
  secret rotate                 put a new signing secret (for voter cookies and form tokens) first in the database's
                                list; the earlier ones still verify. Refused when ROSTRUM_SECRET is set: rotate that
  secret prune                  drop the database's earlier signing secrets: what they signed stops working
  secret status                 where the signing secrets come from, and how many (never the secrets)
  search reindex                rebuild the search index from the published articles (it is kept current by itself;
                                this is for repairs); prints how many articles it holds
  help                          this text

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL, ROSTRUM_DEMO, ROSTRUM_SECRET (see README).`;

const usage = {
  user: 'rostrum user create|invite --email E --role admin|editor|author [--password P] [--expert SLUG] [--name N]',
  token: 'rostrum token create|list|revoke --user E [--label L]',
  expert: 'rostrum expert create --name N [--slug S] [--title T] [--affiliation A] [--bio B]',
  article: 'rostrum article import-docx FILE.docx --expert SLUG [--language L]',
  search: 'rostrum search reindex',
  secret: 'rostrum secret rotate|prune|status',
  poll: 'rostrum poll create|list|open|close|current|update|delete|results|attach|detach (rostrum help lists their options)',
  import:
    'rostrum import wordpress FILE.xml [--uploads DIR] | import ghost FILE.json [--images DIR] [--site-url URL], with [--dry-run] [--expert-for LOGIN=SLUG ...] [--report FILE.json] | import rostrum FILE.json [--dry-run] [--report FILE.json]',
} as const;

/** Bad input: the message is shown as is and the exit code is 2. */
class UsageError extends Error {}
/** A failure the user can act on without a stack trace (a full disk, say): the message is shown and the exit code is 1. */
class CliFailure extends Error {}

async function open(config: Config, options: { migrate: boolean } = { migrate: true }): Promise<Db> {
  composeCapabilities();
  const handle = openDatabase<Database>({
    kind: config.databaseKind,
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    synchronous: config.sqliteSynchronous,
    readThreads: config.readThreads,
  });
  if (options.migrate) await migrateToLatest(handle, migrations);
  return handle;
}

// Options are read through zod with the API's own field rules, so that the CLI accepts exactly what the API
// does. Text is trimmed, and an option given as empty text counts as not given.
const blank = { blankAsMissing: true };

const noOptions = z.object({}).strict();
const migrateOptions = z
  .object({
    'accept-changed': z
      .string()
      .trim()
      .regex(/^\d{4}_[a-z0-9_]+$/, 'must name a migration, such as 0005_tags')
      .optional(),
  })
  .strict();
const exportOptions = z.object({ out: trimmed(z.string().optional(), blank), 'with-ballots': z.boolean().optional() }).strict();

/** Parses the options a subcommand takes; the first problem becomes a UsageError naming the option. */
function parseOptions<T extends z.ZodTypeAny>(schema: T, values: Record<string, unknown>): z.output<T> {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const result = schema.safeParse(given);
  if (result.success) return result.data as z.output<T>;
  const issue = result.error.issues[0]!;
  if (issue.code === z.ZodIssueCode.unrecognized_keys) throw new UsageError(`--${issue.keys[0]} does not apply to this command`);
  const name = `--${String(issue.path[0])}`;
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') throw new UsageError(`${name} is required`);
  throw new UsageError(/^(must|is) /.test(issue.message) ? `${name} ${issue.message}` : `${name}: ${issue.message}`);
}

async function serve(config: Config) {
  const handle = await open(config);
  if (config.demo) await loadDemoContentIfWanted(handle, (steps) => progressBar('Loading demo content', steps));
  const { buildApp } = await import('./app.tsx');
  const { app } = await buildApp(config, handle, { logger: true });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    // A second signal means the operator will not wait for the grace period.
    if (stopping) process.exit(1);
    stopping = true;
    console.error(`Rostrum is stopping (${signal}): requests in flight have ${config.shutdownGraceMs / 1000} s to finish.`);
    try {
      await closeWithDeadline(app, config.shutdownGraceMs, (message) => console.error(message));
      await handle.close();
    } catch (err) {
      console.error('Rostrum could not stop cleanly:', err);
      process.exit(1);
    }
    process.exit(0);
  };
  // stop() never rejects: it reports its own failure and ends the process either way.
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
  // With PORT=0 the system picks the port: the line names the address actually bound.
  const address = await app.listen({ port: config.port, host: config.host });
  console.error(`Rostrum is serving ${config.publicUrl} (listening on ${address}, ${config.databaseKind})`);
  const { firstAdminSetupPath } = await import('./admin/setup.tsx');
  const setup = await firstAdminSetupPath(handle);
  if (setup) console.error(`No one can sign in yet. Create the first administrator at ${config.publicUrl}${setup}`);
}

async function withDatabase(config: Config, work: (handle: Db) => Promise<void>, options = { migrate: true }) {
  const handle = await open(config, options);
  try {
    await work(handle);
  } finally {
    await handle.close();
  }
}

const fileErrors: Record<string, string> = {
  ENOENT: 'its directory does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'the file system is read-only',
};

interface Output {
  stream: fs.WriteStream;
  /** Flushes and puts the file in place. */
  commit(): Promise<void>;
  /** Drops what was written; an earlier file at the path stays as it was. */
  abort(): void;
}

/**
 * Opens the --out file before any work, so that a bad path is a usage error rather than a failure halfway.
 * A regular file is written beside the target and renamed over it at the end, so that an export cut off
 * halfway neither passes for a whole one nor destroys the previous export; anything else (/dev/stdout, a
 * FIFO) is written directly.
 */
async function openOutput(out: string): Promise<Output> {
  let direct = false;
  try {
    direct = !fs.statSync(out).isFile();
  } catch {}
  const target = direct ? out : path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  const stream = fs.createWriteStream(target);
  try {
    await once(stream, 'open');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`--out: cannot write to ${out}: ${fileErrors[code] ?? (err instanceof Error ? err.message : String(err))}`);
  }
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(new OutputError(err)) : resolve())));
      if (!direct) fs.renameSync(target, out);
    },
    abort() {
      stream.destroy();
      if (!direct) fs.rmSync(target, { force: true });
    },
  };
}

async function exportCommand(handle: Db, out: string | undefined, options: ExportOptions) {
  const output = out ? await openOutput(out) : undefined;
  try {
    await exportSite(handle, streamWriter(output?.stream ?? process.stdout), (steps) => progressBar('Exporting', steps), options);
    await output?.commit();
  } catch (err) {
    output?.abort();
    if (!(err instanceof OutputError)) throw err;
    // Piped into `head` or the like: the reader has what it wanted and left. Nothing to report.
    if (!output && err.readerGone) return;
    throw new CliFailure(`could not write the export${out ? ` to ${out}` : ''}: ${err.message}`);
  }
}

/** `rostrum migrate --accept-changed NAME`: see acceptChangedMigration. Audited when the database has its audit log. */
async function acceptChanged(handle: Db, name: string) {
  let accepted;
  try {
    accepted = await acceptChangedMigration(handle, migrations, name);
  } catch (err) {
    if (err instanceof CannotAcceptMigrationError) throw new UsageError(err.message);
    throw err;
  }
  if (accepted.previous === accepted.current) {
    console.log(`Migration ${name} is recorded as this version has it already; nothing was changed.`);
    return;
  }
  const short = (checksum: string | undefined) => (checksum ? checksum.slice(0, 12) : 'none');
  const tables = await handle.db.introspection.getTables();
  if (tables.some((t) => t.name === 'audit_events')) {
    const audit = {
      action: 'migration.accept_changed',
      subject: { kind: 'site', label: `migration ${name}` },
      detail: `from the command line; checksum ${short(accepted.previous)} replaced by ${short(accepted.current)}`,
    };
    await commit({ handle, contentChanged: () => undefined }, commandLineActor('migrate --accept-changed'), async () => ({ result: undefined, audit, announce: false }));
  }
  console.log(`Migration ${name} is now recorded as this version has it (checksum ${short(accepted.previous)} replaced by ${short(accepted.current)}).`);
}

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(help);
    return;
  }
  const config = loadConfig(env);
  const cli = (usageLine: string): CliContext => ({
    publicUrl: config.publicUrl,
    usage: usageLine,
    parseOptions,
    usageError: (message) => new UsageError(message),
    withDatabase: (work) => withDatabase(config, work),
  });
  // Poll subcommands take an ID argument and flags, and read their own arguments.
  if (command === 'poll') {
    return pollCommand(argv.slice(1), {
      publicUrl: config.publicUrl,
      usage: usage.poll,
      parseOptions,
      usageError: (message) => new UsageError(message),
      withDatabase: (work) => withDatabase(config, work),
    });
  }
  if (command === 'import') {
    return importCommand(argv.slice(1), { ...cli(usage.import), failure: (message) => new CliFailure(message) });
  }
  if (command === 'article') return articleCommand(argv.slice(1), cli(usage.article));
  if (command === 'expert') {
    return expertCommand(argv.slice(1), {
      publicUrl: config.publicUrl,
      usage: usage.expert,
      parseOptions,
      usageError: (message) => new UsageError(message),
      withDatabase: (work) => withDatabase(config, work),
    });
  }
  const { values } = parseArgs({
    args: command === 'user' || command === 'token' || command === 'search' || command === 'secret' ? rest : [sub, ...rest].filter((a): a is string => a !== undefined),
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      expert: { type: 'string' },
      user: { type: 'string' },
      label: { type: 'string' },
      name: { type: 'string' },
      slug: { type: 'string' },
      title: { type: 'string' },
      affiliation: { type: 'string' },
      bio: { type: 'string' },
      out: { type: 'string' },
      'with-ballots': { type: 'boolean' },
      'accept-changed': { type: 'string' },
    },
    strict: true,
  });

  switch (command) {
    case 'serve':
      parseOptions(noOptions, values);
      return serve(config);
    case 'migrate': {
      const { 'accept-changed': accept } = parseOptions(migrateOptions, values);
      return withDatabase(
        config,
        async (handle) => {
          if (accept) await acceptChanged(handle, accept);
          const report = await migrateToLatest(handle, migrations);
          console.log(report.applied.length ? `Applied: ${report.applied.join(', ')}` : 'The schema is up to date.');
        },
        { migrate: false },
      );
    }
    case 'demo':
      parseOptions(noOptions, values);
      return withDatabase(config, async (handle) => {
        const loaded = await loadDemoContentIfWanted(handle, (steps) => progressBar('Loading demo content', steps));
        if (!loaded) throw new UsageError('The site already has articles; demo content loads only into an empty site.');
        console.log('Demo content loaded.');
      });
    case 'search':
      if (sub !== 'reindex') throw new UsageError(`Usage: ${usage.search}`);
      parseOptions(noOptions, values);
      return withDatabase(config, async (handle) => {
        console.log(`Indexed ${await rebuildSearchIndex(handle)} published articles.`);
      });
    case 'secret': {
      if (!secretSubcommands.includes(sub as SecretSubcommand)) throw new UsageError(`Usage: ${usage.secret}`);
      parseOptions(noOptions, values);
      if (config.secrets && sub !== 'status') throw new UsageError(rotateInTheEnvironment);
      return withDatabase(config, (handle) => secretCommand(handle, sub as SecretSubcommand, config.secrets?.length));
    }
    case 'export': {
      const { out, 'with-ballots': withBallots } = parseOptions(exportOptions, values);
      return withDatabase(config, (handle) => exportCommand(handle, out, { publicUrl: config.publicUrl, withBallots }));
    }
    case 'user':
      return userCommand(sub, values, cli(usage.user));
    case 'token':
      return tokenCommand(sub, values, cli(usage.token));
    default:
      throw new UsageError(`Unknown command "${command}". Run "rostrum help" for the list.`);
  }
}

/**
 * Runs `rostrum <argv>` with the configuration in `env` and resolves to its exit code: 0 done (a server
 * listening), 2 bad input, 1 a failure. bin/rostrum.js runs it and exits with a non-zero code; tests of the
 * argument handling call it in their own process.
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    await run(argv, env);
    return 0;
  } catch (err: unknown) {
    if (err instanceof UsageError || err instanceof ConfigError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`rostrum: ${err.message}`);
      return 2;
    }
    if (err instanceof Refusal) {
      console.error(`rostrum: ${refusalMessage(err)}`);
      return refusalExitCode(err);
    }
    if (err instanceof CliFailure || err instanceof MigrationChangedError) {
      console.error(`rostrum: ${err.message}`);
      return 1;
    }
    console.error(err);
    return 1;
  }
}
