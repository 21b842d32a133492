// The search bench's second query set, drawn at run time from the corpus's own text, so that nothing
// can be tuned to the fixed queries: articles picked at random, and from each one word that few of the
// sample hold, one that most do, and a phrase of two or three words as it stands in the text.
import type { Db } from '../src/schema.ts';
import { mulberry32 } from '../src/demo/images.ts';

export interface SampledQuery {
  kind: 'rare word' | 'common word' | 'phrase';
  /** The path of the search request. */
  path: string;
}

/** Words too short or too plain for anyone to search on. */
const stopWords = new Set([
  'that',
  'this',
  'with',
  'from',
  'their',
  'they',
  'have',
  'what',
  'when',
  'which',
  'will',
  'would',
  'there',
  'than',
  'then',
  'into',
  'over',
  'each',
  'every',
  'about',
  'these',
  'those',
  'while',
  'where',
  'been',
  'were',
  'also',
  'more',
  'most',
  'such',
]);

/** Every word of a Markdown text, in order: links, footnotes and punctuation taken out. */
function wordsOf(markdown: string): string[] {
  const plain = markdown
    .replace(/\]\([^)]*\)/g, ' ')
    .replace(/\[\^\d+\]:?/g, ' ')
    .toLowerCase();
  return plain.split(/[^a-z]+/).filter(Boolean);
}

const searchable = (w: string) => w.length >= 4 && !stopWords.has(w);

/**
 * `articles` articles drawn with the seed, three queries from each. The seed is printed with the
 * results so that a run's queries can be drawn again (BENCH_SEARCH_SEED).
 */
export async function sampleQueries(handle: Db, seed: number, articles: number): Promise<SampledQuery[]> {
  const random = mulberry32(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const { maxId } = await handle.db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('maxId'))
    .executeTakeFirstOrThrow();
  const ids = [...new Set(Array.from({ length: articles }, () => 1 + Math.floor(random() * Number(maxId))))];
  const rows = await handle.db.selectFrom('articles').select(['id', 'title', 'bodyMarkdown']).where('id', 'in', ids).where('status', '=', 'published').orderBy('id').execute();
  const texts = rows.map((r) => wordsOf(`${r.title}\n${r.bodyMarkdown}`));
  // How many of the sampled articles hold each word: the sample stands for the corpus.
  const documentFrequency = new Map<string, number>();
  for (const words of texts) for (const w of new Set(words.filter(searchable))) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  const df = (w: string) => documentFrequency.get(w)!;
  const search = (q: string) => `/api/v1/public/search?${new URLSearchParams({ q })}`;
  const queries: SampledQuery[] = [];
  for (const words of texts) {
    const distinct = [...new Set(words.filter(searchable))].sort((a, b) => df(a) - df(b) || a.localeCompare(b));
    const rarest = distinct.filter((w) => df(w) === df(distinct[0]!));
    const common = distinct.slice(-Math.max(1, Math.ceil(distinct.length / 10)));
    // A phrase as the text has it, starting on a word worth searching for.
    const starts = words.flatMap((w, i) => (searchable(w) && i + 3 <= words.length ? [i] : []));
    const start = starts.length ? pick(starts) : 0;
    const phrase = words.slice(start, start + 2 + Math.floor(random() * 2)).join(' ');
    queries.push({ kind: 'rare word', path: search(pick(rarest)) }, { kind: 'common word', path: search(pick(common)) }, { kind: 'phrase', path: search(`"${phrase}"`) });
  }
  return queries;
}
