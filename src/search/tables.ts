/** One published article as search sees it: denormalised, so that a query reads no other capability's tables. */
export interface SearchDocumentsTable {
  articleId: number;
  expertId: number;
  language: string;
  publishedAt: string;
  title: string;
  lead: string;
  /** The body as plain text (HTML stripped). */
  body: string;
  expertName: string;
  /** The document's tag names, joined by tagNameSeparator, as the full-text index reads them. */
  tagNames: string;
  /** The filters as words for SQLite's full-text index: see facetTokens. */
  facets: string;
}

/** The tags a document carries, for filtering; the name is kept so that the document's text can be rebuilt. */
export interface SearchDocumentTagsTable {
  articleId: number;
  tagId: number;
  name: string;
}

/** Work search owes the index: a row `rebuild` asks for a full rebuild before the next search is served. */
export interface SearchStateTable {
  key: string;
  value: string;
}

/** An article not yet published, as the office's search sees it (src/search/office.ts). */
export interface SearchDraftsTable {
  articleId: number;
  language: string;
  title: string;
  lead: string;
  body: string;
}

export interface SearchTables {
  searchDocuments: SearchDocumentsTable;
  searchDrafts: SearchDraftsTable;
  searchDocumentTags: SearchDocumentTagsTable;
  searchState: SearchStateTable;
}
