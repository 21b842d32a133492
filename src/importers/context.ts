import type { Actor } from '../core/actor.ts';
import type { CommandContext } from '../audit/command.ts';
import type { ImportReport } from './report.ts';
import { importSourcesOf, type ImportSource } from './sources.ts';
import type { UploadsFolder } from './uploads.ts';

/** What every step of one import run shares. */
export interface ImportRun {
  /** Commands run with this context; pages are dropped from caches once at the end, not after every item. */
  ctx: CommandContext;
  actor: Actor;
  /** The source site: "wordpress https://example.org". */
  source: string;
  /** What earlier runs imported from this source, by item key (see import_sources). */
  known: Map<string, ImportSource>;
  report: ImportReport;
  dryRun: boolean;
  uploads?: UploadsFolder;
  /** Where an image's address names the uploads folder: `/wp-content/uploads/`, `/content/images/`. */
  uploadsMarker: RegExp;
}

/**
 * A run's shared state: what earlier runs imported from the source, read once. Commands run in it announce
 * nothing themselves: readers' caches are dropped every so many items and at the end, not after each save.
 */
export async function startImportRun(ctx: CommandContext, actor: Actor, options: { source: string; report: ImportReport; uploads?: UploadsFolder; uploadsMarker?: RegExp }): Promise<ImportRun> {
  return {
    ctx: { ...ctx, contentChanged: () => undefined },
    actor,
    source: options.source,
    known: await importSourcesOf(ctx.handle, options.source),
    report: options.report,
    dryRun: options.report.dryRun,
    uploads: options.uploads,
    uploadsMarker: options.uploadsMarker ?? /^$/,
  };
}
