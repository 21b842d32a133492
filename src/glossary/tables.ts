import type { Generated } from 'kysely';

/** A term or acronym readers meet in articles ("EAEU"), with what it stands for and what it means. */
export interface GlossaryTermsTable {
  id: Generated<number>;
  term: string;
  /** The term in lower case: terms are unique in their language whatever their case ("EU" and "eu" are one term). */
  termKey: string;
  /** The language of the articles that use it ('en', 'ru'): each edition's glossary page lists its own, and marks only its articles. */
  language: string;
  /** The term's anchor on /glossary (`#term-eaeu`); kept when the term is edited, so links stay good. */
  slug: string;
  expansion: string;
  /** Short Markdown, rendered and sanitised when shown. */
  definition: string;
  createdAt: string;
  updatedAt: string;
}

export interface GlossaryTables {
  glossaryTerms: GlossaryTermsTable;
}
