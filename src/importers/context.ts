import type { Actor } from '../core/actor.ts';
import type { CommandContext } from '../audit/command.ts';
import type { ImportReport } from './report.ts';
import type { ImportSource } from './sources.ts';
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
