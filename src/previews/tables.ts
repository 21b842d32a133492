import type { Generated } from 'kysely';

/**
 * A secret link that shows a draft as it will read, for comment by someone without an account. Only
 * the token's hash is kept; a revoked link stays (revokedAt set) so that its visitors are told it was
 * withdrawn rather than that it never existed.
 */
export interface PreviewLinksTable {
  id: Generated<number>;
  articleId: number;
  /** sha256 of the token; the token itself is shown once, when the link is made. */
  tokenHash: string;
  /** Who the link was made for ("Ministry reviewers"), so that the list of links says which is which. */
  label: string;
  createdBy: number | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface PreviewTables {
  previewLinks: PreviewLinksTable;
}
