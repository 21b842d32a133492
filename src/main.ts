import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { migrations, type Database, type Db } from './schema.ts';
import { buildApp } from './app.tsx';
import { progressBar } from './cli/progress.ts';
import { exportSite, exportSize } from './cli/export.ts';
import { demoSteps, isEmptySite, loadDemoContent } from './demo/load.ts';
import { roles } from './http/auth.ts';
import { createApiToken, createUser, getUserByEmail } from './users/store.ts';
import { createExpert, expertSlugTaken, getExpertBySlug } from './experts/store.ts';
import { isSlug } from './db/slug.ts';

const help = `rostrum — publishing platform for expert analysis

Usage: rostrum <command> [options]

  serve                         migrate, load demo content into an empty site (unless ROSTRUM_DEMO=0), serve HTTP
  migrate                       bring the database schema up to date
  demo                          load the demo content (only into a site without articles)
  export [--out FILE]           write the whole site, media included, as one JSON document (stdout by default)
  user create --email E --role admin|editor|author [--password P] [--expert SLUG]
  token create --user E [--label L]
                                make an API token; prints it alone on the last line (only its hash is stored)
  expert create --name N [--slug S] [--title T] [--affiliation A] [--bio B]
  help                          this text

Configuration comes from the environment: PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL, ROSTRUM_DEMO (see README).`;

class UsageError extends Error {}

async function open(config: Config, options: { migrate: boolean } = { migrate: true }): Promise<Db> {
  const handle = openDatabase<Database>({ kind: config.databaseKind, url: config.databaseUrl });
  if (options.migrate) await migrateToLatest(handle, migrations);
  return handle;
}

function option(values: Record<string, unknown>, name: string, required: true): string;
function option(values: Record<string, unknown>, name: string, required?: false): string | undefined;
function option(values: Record<string, unknown>, name: string, required = false): string | undefined {
  const value = values[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

async function serve(config: Config) {
  const handle = await open(config);
  if (config.demo && (await isEmptySite(handle))) await loadDemoContent(handle, progressBar('Loading demo content', demoSteps()));
  const { app } = await buildApp(config, handle, { logger: true });
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: config.port, host: config.host });
  console.error(`Rostrum is serving ${config.publicUrl} (${config.databaseKind})`);
}

async function withDatabase(config: Config, work: (handle: Db) => Promise<void>, options = { migrate: true }) {
  const handle = await open(config, options);
  try {
    await work(handle);
  } finally {
    await handle.close();
  }
}

const emailSchema = z.string().email().max(320);

async function run(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(help);
    return;
  }
  const config = loadConfig();
  const { values } = parseArgs({
    args: command === 'user' || command === 'token' || command === 'expert' ? rest : [sub, ...rest].filter((a): a is string => a !== undefined),
    options: {
      email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, expert: { type: 'string' }, user: { type: 'string' },
      label: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' }, affiliation: { type: 'string' },
      bio: { type: 'string' }, out: { type: 'string' },
    },
    strict: true,
  });

  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return withDatabase(config, async (handle) => {
        const report = await migrateToLatest(handle, migrations);
        console.log(report.applied.length ? `Applied: ${report.applied.join(', ')}` : 'The schema is up to date.');
      }, { migrate: false });
    case 'demo':
      return withDatabase(config, async (handle) => {
        if (!(await isEmptySite(handle))) throw new UsageError('The site already has articles; demo content loads only into an empty site.');
        await loadDemoContent(handle, progressBar('Loading demo content', demoSteps()));
        console.log('Demo content loaded.');
      });
    case 'export':
      return withDatabase(config, async (handle) => {
        const out = option(values, 'out');
        const stream = out ? fs.createWriteStream(out) : process.stdout;
        const bar = progressBar('Exporting', await exportSize(handle));
        await exportSite(handle, (chunk) => stream.write(chunk), bar.tick);
        bar.stop();
        if (out) await new Promise<void>((resolve, reject) => (stream as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
      });
    case 'user':
      if (sub !== 'create') throw new UsageError('Usage: rostrum user create --email E --role admin|editor|author [--password P] [--expert SLUG]');
      return withDatabase(config, async (handle) => {
        const email = option(values, 'email', true);
        if (!emailSchema.safeParse(email).success) throw new UsageError(`--email: "${email}" is not an e-mail address`);
        const role = option(values, 'role', true);
        const validRole = roles.find((r) => r === role);
        if (!validRole) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
        const password = option(values, 'password');
        if (password !== undefined && password.length < 10) throw new UsageError('--password must be at least 10 characters');
        const expertSlug = option(values, 'expert');
        const expert = expertSlug ? await getExpertBySlug(handle, expertSlug) : undefined;
        if (expertSlug && !expert) throw new UsageError(`--expert: there is no expert "${expertSlug}"`);
        if (await getUserByEmail(handle, email)) throw new UsageError(`A user with the e-mail ${email} exists already`);
        const user = await createUser(handle, { email, role: validRole, password, expertId: expert?.id });
        console.log(`Created ${user.role} ${user.email} (id ${user.id})`);
      });
    case 'token':
      if (sub !== 'create') throw new UsageError('Usage: rostrum token create --user E [--label L]');
      return withDatabase(config, async (handle) => {
        const email = option(values, 'user', true);
        const user = await getUserByEmail(handle, email);
        if (!user) throw new UsageError(`There is no user with the e-mail ${email}; create one with: rostrum user create`);
        const token = await createApiToken(handle, user.id, option(values, 'label') ?? '');
        console.log(`API token for ${user.email} (${user.role}); it is shown only this once:`);
        console.log(token);
      });
    case 'expert':
      if (sub !== 'create') throw new UsageError('Usage: rostrum expert create --name N [--slug S] [--title T] [--bio B]');
      return withDatabase(config, async (handle) => {
        const name = option(values, 'name', true);
        const slug = option(values, 'slug');
        if (slug && !isSlug(slug)) throw new UsageError('--slug must be lower-case letters, digits and single hyphens');
        if (slug && (await expertSlugTaken(handle, slug))) throw new UsageError(`An expert with the slug ${slug} exists already`);
        const expert = await createExpert(handle, { name, slug, position: option(values, 'title'), affiliation: option(values, 'affiliation'), bio: option(values, 'bio') });
        console.log(`Created expert ${expert.name}: ${config.publicUrl}/blogs/${expert.slug}`);
      });
    default:
      throw new UsageError(`Unknown command "${command}". Run "rostrum help" for the list.`);
  }
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`rostrum: ${err.message}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
