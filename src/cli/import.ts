import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Db } from '../schema.ts';
import { commandLineActor } from '../core/actor.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { UploadsFolder } from '../importers/uploads.ts';
import type { ImportReport } from '../importers/report.ts';
import { importWordPress } from '../importers/wordpress/import.ts';
import { ImportInterrupted } from '../importers/report.ts';
import { importGhost } from '../importers/ghost/import.ts';
import { GhostExportError } from '../importers/ghost/export.ts';
import { importRostrum } from '../importers/rostrum/import.ts';
import { RostrumExportError } from '../importers/rostrum/reader.ts';
import { commandLineContext } from './context.ts';
import { progressBar } from './progress.ts';
import type { CliContext } from './user.ts';

export interface ImportCliContext extends CliContext {
  /** A failure the person can act on (a missing file): shown without a stack trace, exit code 1. */
  failure(message: string): Error;
}

const optionSpec = {
  uploads: { type: 'string' },
  images: { type: 'string' },
  'site-url': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'expert-for': { type: 'string', multiple: true },
  report: { type: 'string' },
} as const;

interface ImportArguments {
  file: string;
  /** WordPress's uploads folder or Ghost's images folder. */
  uploads?: string;
  siteUrl?: string;
  dryRun: boolean;
  expertFor: string[];
  report?: string;
}

type ImportKind = 'wordpress' | 'ghost' | 'rostrum';

/** The options each kind of import has no use for. */
const notFor: Record<ImportKind, string[]> = { wordpress: ['images', 'site-url'], ghost: ['uploads'], rostrum: ['uploads', 'images', 'site-url', 'expert-for'] };

function readArguments(kind: ImportKind, args: string[], ctx: ImportCliContext): ImportArguments {
  const { values, positionals } = parseArgs({ args, options: optionSpec, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw ctx.usageError(`Usage: ${ctx.usage}`);
  const other = notFor[kind];
  const misplaced = other.find((name) => values[name as keyof typeof values] !== undefined);
  if (misplaced) throw ctx.usageError(`--${misplaced} does not apply to import ${kind}`);
  const siteUrl = values['site-url'];
  if (siteUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(siteUrl)) throw ctx.usageError("--site-url takes the Ghost site's address, such as https://example.org");
  return {
    file: positionals[0]!,
    uploads: kind === 'wordpress' ? values.uploads : values.images,
    siteUrl,
    dryRun: values['dry-run'] ?? false,
    expertFor: values['expert-for'] ?? [],
    report: values.report,
  };
}

/** `--expert-for login=slug`, each naming an expert who exists: checked before anything is read or written. */
async function chosenExperts(handle: Db, pairs: string[], ctx: ImportCliContext): Promise<Map<string, number>> {
  const chosen = new Map<string, number>();
  for (const pair of pairs) {
    const m = /^([^=]+)=([a-z0-9-]+)$/.exec(pair.trim());
    if (!m) throw ctx.usageError(`--expert-for takes LOGIN=EXPERT-SLUG, such as --expert-for jsmith=john-smith (got "${pair}")`);
    const expert = await getExpertBySlug(handle, m[2]!);
    if (!expert) throw ctx.usageError(`--expert-for ${pair}: there is no expert with the slug "${m[2]}" (rostrum expert create makes one)`);
    chosen.set(m[1]!, expert.id);
  }
  return chosen;
}

/** A Ghost export is read whole (it is JSON); one this large is not an export of posts. */
const maxGhostExportBytes = 512 * 1024 * 1024;

async function readableFile(path: string, ctx: ImportCliContext): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw ctx.failure(`there is no file ${path}`);
  return info.size;
}

/** Progress on stderr, begun once the first pass has counted the items; Ctrl+C stops after the item in hand. */
function progressAndInterrupt() {
  let bar: ReturnType<typeof progressBar> | undefined;
  const controller = new AbortController();
  const stop = () => {
    process.stderr.write('\nStopping after the item in hand; run the same command again to go on.\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  return {
    signal: controller.signal,
    onProgress: (_done: number, total: number) => {
      bar ??= progressBar('Importing', total);
      bar.tick();
    },
    done: () => {
      bar?.stop();
      process.removeListener('SIGINT', stop);
    },
  };
}

async function finish(report: ImportReport, reportFile: string | undefined) {
  console.log(report.toText());
  if (reportFile) await writeFile(reportFile, `${JSON.stringify(report.toJson(), null, 2)}\n`);
}

/**
 * `rostrum import wordpress FILE.xml [--uploads DIR] …` and `rostrum import ghost FILE.json [--images DIR]
 * [--site-url URL] …`, each with `--dry-run`, `--expert-for LOGIN=SLUG` and `--report FILE.json`; and
 * `rostrum import rostrum FILE.json`, with `--dry-run` and `--report FILE.json`.
 */
export async function importCommand(argv: string[], ctx: ImportCliContext): Promise<void> {
  const [kind, ...rest] = argv;
  if (kind !== 'wordpress' && kind !== 'ghost' && kind !== 'rostrum') throw ctx.usageError(`Usage: ${ctx.usage}`);
  const args = readArguments(kind, rest, ctx);
  const size = await readableFile(args.file, ctx);
  if (kind === 'ghost' && size > maxGhostExportBytes) throw ctx.failure(`${args.file} is larger than 512 MB; a Ghost export of posts is far smaller`);
  const uploads = args.uploads ? await UploadsFolder.open(args.uploads).catch((err: Error) => Promise.reject(ctx.failure(err.message))) : undefined;
  await ctx.withDatabase(async (handle) => {
    const expertFor = await chosenExperts(handle, args.expertFor, ctx);
    const progress = progressAndInterrupt();
    const common = { dryRun: args.dryRun, expertFor, onProgress: progress.onProgress, signal: progress.signal };
    try {
      const report =
        kind === 'wordpress'
          ? await importWordPress(commandLineContext(handle), commandLineActor('import wordpress'), { ...common, open: () => createReadStream(args.file), uploads })
          : kind === 'ghost'
            ? await importGhost(commandLineContext(handle), commandLineActor('import ghost'), { ...common, json: await readFile(args.file, 'utf8'), images: uploads, siteUrl: args.siteUrl })
            : await importRostrum(commandLineContext(handle), commandLineActor('import rostrum'), { ...common, open: () => createReadStream(args.file) });
      progress.done();
      await finish(report, args.report);
    } catch (err) {
      progress.done();
      if (err instanceof GhostExportError || err instanceof RostrumExportError) throw ctx.failure(err.message);
      if (!(err instanceof ImportInterrupted)) throw err;
      await finish(err.report, args.report);
      throw ctx.failure(err.message);
    }
  });
}
