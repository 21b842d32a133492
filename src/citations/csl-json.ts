import { citationKey } from './bibtex.ts';
import { dateParts, type CitableWork } from './work.ts';

type CslName = { family: string; given: string } | { literal: string };

/** One item of CSL-JSON, the data model of Zotero, Mendeley and every CSL processor. */
export interface CslItem {
  id: string;
  type: 'post-weblog';
  title: string;
  author: CslName[];
  issued: { 'date-parts': [[number, number, number]] };
  'container-title': string;
  publisher: string;
  URL: string;
  abstract?: string;
  language: string;
  keyword?: string;
  accessed?: { 'date-parts': [[number, number, number]] };
}

export function cslItems(work: CitableWork): CslItem[] {
  return [
    {
      id: citationKey(work),
      type: 'post-weblog',
      title: work.title,
      author: work.authors.map((a) => (a.literal ? { literal: a.family } : { family: a.family, given: a.given })),
      issued: { 'date-parts': [dateParts(work.publishedAt)] },
      'container-title': work.containerTitle,
      publisher: work.publisher,
      URL: work.url,
      ...(work.abstract && { abstract: work.abstract }),
      language: work.language,
      ...(work.keywords.length > 0 && { keyword: work.keywords.join(', ') }),
      ...(work.accessed && { accessed: { 'date-parts': [dateParts(work.accessed)] } }),
    },
  ];
}
