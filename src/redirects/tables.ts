import type { Generated } from 'kysely';

/** Where a redirect came from: typed in the office or the API, made by a move (a slug changed), or by an import. */
export type RedirectOrigin = 'office' | 'api' | 'move' | 'import';

/** One old address and where it now leads. */
export interface RedirectsTable {
  id: Generated<number>;
  /** The old address in its one spelling (see addressKey): a path, with a sorted query when it has one. */
  fromPath: string;
  /** A path on this site, or an absolute http(s) URL elsewhere. */
  target: string;
  /** 301 (moved for good, the default), 302, 307 or 308. */
  status: number;
  /** 1: every address under fromPath goes to the same place under target (a blog whose slug changed). */
  prefix: number;
  origin: RedirectOrigin;
  note: string;
  createdAt: string;
  updatedAt: string;
}

export interface RedirectTables {
  redirects: RedirectsTable;
}
