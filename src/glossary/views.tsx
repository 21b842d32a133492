import { Layout } from '../views/layout.tsx';
import type { SiteView } from '../views/site.ts';
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

const latinLetters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** The index letter a term is filed under: its first letter without accents, or 0–9 for a digit. */
function letterOf(term: string): string {
  const first = term
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .charAt(0)
    .toUpperCase();
  return /\p{N}/u.test(first) ? '0–9' : first;
}

const letterId = (letter: string) => `letter-${letter === '0–9' ? 'digits' : letter.toLowerCase()}`;

/** A to Z always, so the index reads as an alphabet, plus any other letter a term starts with. */
function groupByLetter(terms: TermView[]): { letters: string[]; groups: LetterGroup[] } {
  const byLetter = new Map<string, TermView[]>();
  for (const t of terms) {
    const letter = letterOf(t.term);
    byLetter.set(letter, [...(byLetter.get(letter) ?? []), t]);
  }
  const others = [...byLetter.keys()].filter((l) => !latinLetters.includes(l)).sort((a, b) => (a === '0–9' ? -1 : b === '0–9' ? 1 : a.localeCompare(b)));
  const letters = [...others.filter((l) => l === '0–9'), ...latinLetters, ...others.filter((l) => l !== '0–9')];
  const groups = letters.flatMap((letter) => (byLetter.has(letter) ? [{ letter, id: letterId(letter), terms: byLetter.get(letter)! }] : []));
  return { letters, groups };
}

export function GlossaryPage(props: { site: SiteView; terms: TermView[] }) {
  const { letters, groups } = groupByLetter(props.terms);
  const present = new Set(groups.map((g) => g.letter));
  return (
    <Layout site={props.site} title="Glossary" description={`Terms and acronyms used in ${props.site.name}’s analysis, A to Z.`} canonicalPath="/glossary" bodyClass="glossary-page">
      <header class="page-header">
        <h1>Glossary</h1>
        <p class="page-intro">The terms and acronyms our experts use, A to Z. In an article, the first use of each is linked here.</p>
      </header>
      {groups.length === 0 ? (
        <p class="empty">The glossary has no terms yet.</p>
      ) : (
        <>
          <nav class="letter-index" aria-label="Glossary by letter">
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
                {group.terms.map((t) => (
                  <div class="glossary-entry" id={glossaryAnchor(t.slug)}>
                    <dt>{t.term}</dt>
                    <dd class="glossary-expansion">{t.expansion}</dd>
                    {t.definitionHtml && <dd class="glossary-definition" dangerouslySetInnerHTML={{ __html: t.definitionHtml }} />}
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
