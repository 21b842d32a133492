import { everyEdition, Layout } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
import type { EditionLanguage } from '../views/i18n/languages.ts';
import { glossaryAnchor } from './marking.ts';

/** A term as the glossary page shows it; `definitionHtml` is sanitised Markdown. */
export interface TermView {
  term: string;
  slug: string;
  expansion: string;
  definitionHtml: string;
}

interface LetterGroup {
  letter: string;
  id: string;
  terms: TermView[];
}

const digits = '0–9';

/**
 * The letters each edition's index shows whether or not a term starts with them, so that it reads as an
 * alphabet. Russian words never start with Ъ, Ы or Ь, and Ё is filed under Е, as Russian dictionaries do.
 */
const alphabets: Record<EditionLanguage, string[]> = {
  en: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ru: [...'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ'],
};

/**
 * The index letter a term is filed under: its first letter, or 0–9 for a digit. A Latin letter without
 * its accents (É under E); a Cyrillic one as it is, since Й is a letter of its own, except Ё, which is Е's.
 */
function letterOf(term: string): string {
  const first = String.fromCodePoint(term.codePointAt(0) ?? 0x20);
  if (/\p{N}/u.test(first)) return digits;
  if (/\p{Script=Cyrillic}/u.test(first)) return first.toUpperCase().replace('Ё', 'Е');
  return first.normalize('NFKD').replace(/\p{M}/gu, '').charAt(0).toUpperCase();
}

const letterId = (letter: string) => `letter-${letter === digits ? 'digits' : letter.toLowerCase()}`;

/** The edition's alphabet always, with digits first and any other letter a term starts with after it. */
function groupByLetter(terms: TermView[], alphabet: string[], compare: (a: string, b: string) => number): { letters: string[]; groups: LetterGroup[] } {
  const byLetter = new Map<string, TermView[]>();
  for (const t of terms) {
    const letter = letterOf(t.term);
    byLetter.set(letter, [...(byLetter.get(letter) ?? []), t]);
  }
  const others = [...byLetter.keys()].filter((l) => l !== digits && !alphabet.includes(l)).sort(compare);
  const letters = [...(byLetter.has(digits) ? [digits] : []), ...alphabet, ...others];
  const groups = letters.flatMap((letter) => (byLetter.has(letter) ? [{ letter, id: letterId(letter), terms: byLetter.get(letter)! }] : []));
  return { letters, groups };
}

/** The glossary page of one edition: its language's terms, in the order given (the route sorts them as the language does). */
export function GlossaryPage(props: { site: SiteView; terms: TermView[] }) {
  const { site } = props;
  const { t, path, language, compare } = site.locale;
  const { letters, groups } = groupByLetter(props.terms, alphabets[language], compare);
  const present = new Set(groups.map((g) => g.letter));
  return (
    <Layout
      site={site}
      title={t('glossary.title')}
      description={t('glossary.description', { site: site.name })}
      canonicalPath={path('/glossary')}
      alternates={everyEdition(site, '/glossary')}
      bodyClass="glossary-page"
    >
      <header class="page-header">
        <h1>{t('glossary.title')}</h1>
        <p class="page-intro">{t('glossary.intro')}</p>
      </header>
      {groups.length === 0 ? (
        <p class="empty">{t('glossary.empty')}</p>
      ) : (
        <>
          <nav class="letter-index" aria-label={t('glossary.byLetter')}>
            <ul>
              {letters.map((letter) => (
                <li>{present.has(letter) ? <a href={`#${letterId(letter)}`}>{letter}</a> : <span class="letter-empty">{letter}</span>}</li>
              ))}
            </ul>
          </nav>
          {groups.map((group) => (
            <section class="glossary-letter" aria-labelledby={group.id}>
              <h2 id={group.id}>{group.letter}</h2>
              <dl class="glossary-list">
                {group.terms.map((term) => (
                  <div class="glossary-entry" id={glossaryAnchor(term.slug)}>
                    <dt>{term.term}</dt>
                    <dd class="glossary-expansion">{term.expansion}</dd>
                    {term.definitionHtml && <dd class="glossary-definition" dangerouslySetInnerHTML={{ __html: term.definitionHtml }} />}
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </>
      )}
    </Layout>
  );
}
