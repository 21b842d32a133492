import type { glossary as english } from '../en/glossary.ts';

export const glossary = {
  'glossary.title': 'Глоссарий',
  'glossary.description': 'Термины и сокращения из аналитики {site}, от А до Я.',
  'glossary.intro': 'Термины и сокращения, которые используют наши эксперты, от А до Я. Первое употребление каждого из них в статье ведёт сюда.',
  'glossary.empty': 'В глоссарии пока нет терминов.',
  'glossary.byLetter': 'Глоссарий по буквам',
} as const satisfies Record<keyof typeof english, string>;
