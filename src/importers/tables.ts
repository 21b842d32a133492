import type { Generated } from 'kysely';

/** What an imported item became here. */
export type ImportedKind = 'article' | 'page' | 'expert' | 'tag' | 'media' | 'poll' | 'glossary' | 'portal' | 'redirect' | 'settings';

/**
 * Where each imported item came from, so that running an import again finds what it made the first time:
 * updates it when the source changed, leaves it when not, and never makes it twice.
 */
export interface ImportSourcesTable {
  id: Generated<number>;
  /** The source site: its kind and address ("wordpress https://example.org"). */
  source: string;
  /** The item within it ("post 1241", "attachment 611", "author themedemos"). */
  itemKey: string;
  kind: ImportedKind;
  targetId: number;
  /** A hash of the item as the source gave it: unchanged means nothing to do. */
  fingerprint: string;
  importedAt: string;
  updatedAt: string;
}

export interface ImportTables {
  importSources: ImportSourcesTable;
}
