import type { GlossaryTerm } from './store.ts';
import { glossaryAnchor } from './marking.ts';
import { editionPrefix, englishOnly, type Editions } from '../views/i18n/languages.ts';

/** A term's entry on its edition's glossary page: `/glossary#term-eaeu`, `/ru/glossary#term-sankcii`. */
export const glossaryTermPath = (slug: string, prefix = '') => `${prefix}/glossary#${glossaryAnchor(slug)}`;

/** A term as the API shows it; the private list adds when it was made and changed. */
export function termJson(term: GlossaryTerm, publicUrl: string, withTimes = false, editions: Editions = englishOnly) {
  return {
    id: term.id,
    term: term.term,
    slug: term.slug,
    language: term.language,
    expansion: term.expansion,
    definition: term.definition,
    url: publicUrl + glossaryTermPath(term.slug, editionPrefix(editions, term.language)),
    ...(withTimes && { created_at: term.createdAt, updated_at: term.updatedAt }),
  };
}

/** The term as the audit log names it. */
export const termSubject = (term: GlossaryTerm) => ({ kind: 'glossary_term', id: term.id, label: term.term });

/** What an edit changed, for the audit log. */
export function changeDetail(before: GlossaryTerm, after: GlossaryTerm): string {
  const changes = [
    before.term !== after.term && `Renamed from “${before.term}”`,
    before.language !== after.language && `Language ${before.language} → ${after.language}`,
    before.expansion !== after.expansion && `Expansion was “${before.expansion}”`,
    before.definition !== after.definition && 'Definition changed',
  ].filter(Boolean);
  return changes.length ? changes.join('; ') : 'No change';
}
