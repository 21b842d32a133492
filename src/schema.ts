import type { Migration } from 'kysely';
import type { DatabaseHandle } from './db/connect.ts';
import type { SiteTables } from './site/tables.ts';
import type { ExpertTables } from './experts/tables.ts';
import type { MediaTables } from './media/tables.ts';
import type { UserTables } from './users/tables.ts';
import type { TagTables } from './tags/tables.ts';
import type { ArticleTables } from './articles/tables.ts';
import type { PortalTables } from './portals/tables.ts';
import type { PollTables } from './polls/tables.ts';
import type { AuditTables } from './audit/tables.ts';
import type { SearchTables } from './search/tables.ts';
import type { GlossaryTables } from './glossary/tables.ts';
import type { StandalonePageTables } from './standalone-pages/tables.ts';
import type { RedirectTables } from './redirects/tables.ts';
import type { ImportTables } from './importers/tables.ts';
import type { NoticeTables } from './notifications/tables.ts';
import type { PreviewTables } from './previews/tables.ts';
import { siteMigrations } from './site/migrations.ts';
import { mediaMigrations } from './media/migrations.ts';
import { expertMigrations } from './experts/migrations.ts';
import { userMigrations } from './users/migrations.ts';
import { tagMigrations } from './tags/migrations.ts';
import { articleMigrations } from './articles/migrations.ts';
import { portalMigrations } from './portals/migrations.ts';
import { pollMigrations } from './polls/migrations.ts';
import { auditMigrations } from './audit/migrations.ts';
import { searchMigrations } from './search/migrations.ts';
import { glossaryMigrations } from './glossary/migrations.ts';
import { standalonePageMigrations } from './standalone-pages/migrations.ts';
import { redirectMigrations } from './redirects/migrations.ts';
import { importMigrations } from './importers/migrations.ts';
import { noticeMigrations } from './notifications/migrations.ts';
import { previewMigrations } from './previews/migrations.ts';
import { repairMigrations } from './db/repair-migrations.ts';

/** The whole database: each capability contributes its own tables. */
export type Database = SiteTables &
  ExpertTables &
  MediaTables &
  UserTables &
  TagTables &
  ArticleTables &
  PortalTables &
  PollTables &
  AuditTables &
  SearchTables &
  GlossaryTables &
  StandalonePageTables &
  RedirectTables &
  ImportTables &
  PreviewTables &
  NoticeTables;
export type Db = DatabaseHandle<Database>;

/** Every capability's migrations; names carry a global number so that foreign keys find their tables. */
export const migrations: Record<string, Migration> = {
  ...siteMigrations,
  ...mediaMigrations,
  ...expertMigrations,
  ...userMigrations,
  ...tagMigrations,
  ...articleMigrations,
  ...portalMigrations,
  ...pollMigrations,
  ...auditMigrations,
  ...searchMigrations,
  ...glossaryMigrations,
  ...standalonePageMigrations,
  ...redirectMigrations,
  ...importMigrations,
  ...previewMigrations,
  ...noticeMigrations,
  ...repairMigrations,
};
