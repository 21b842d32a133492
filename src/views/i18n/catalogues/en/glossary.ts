/** The reader's words of the glossary pages (see ../index.ts). */
export const glossary = {
  'glossary.title': 'Glossary',
  'glossary.description': 'Terms and acronyms used in {site}’s analysis, A to Z.',
  'glossary.intro': 'The terms and acronyms our experts use, A to Z. In an article, the first use of each is linked here.',
  'glossary.empty': 'The glossary has no terms yet.',
  'glossary.byLetter': 'Glossary by letter',
} as const;
