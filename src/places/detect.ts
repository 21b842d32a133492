import { allCountries, countryByCode, type Country } from './countries.ts';
import { regionBySlug, regions, type Region } from './regions.ts';
import { contextualNames, countryParts, extraCountryNames, ignoredNames, notPlaces } from './vocabulary.ts';

/** A place as a tag: the kind, slug and name a tag made for it has. */
export interface PlaceTag {
  kind: 'country' | 'region';
  slug: string;
  name: string;
}

/** What a name stands for: a country's code or a region's slug (several for "MENA"); none for a phrase that is no place. */
type Target = { kind: 'country'; code: string } | { kind: 'region'; slug: string };

interface Phrase {
  /** The words, and what stands between each two: " " for any white space, "-", "." or "'". */
  words: string[];
  gaps: string[];
  targets: Target[];
  /** Words one of which the text must contain for this phrase to count. */
  context?: readonly string[];
}

const letterOrDigit = /[\p{L}\p{M}\p{N}]/u;
const anyCapitalised = '*';

/** White space of any kind reads as one space, apostrophes and dashes as their plain forms. */
function normalisedGap(gap: string): string {
  if (/^\s+$/.test(gap)) return ' ';
  return gap.replace(/[’‘]/g, "'").replace(/[‐‑–]/g, '-');
}

/** Where each word of a text starts and ends: words are sliced out only when a name could start there. */
interface Tokens {
  text: string;
  starts: number[];
  ends: number[];
}

const wordAt = (t: Tokens, i: number) => t.text.slice(t.starts[i], t.ends[i]);

/** ASCII letters and digits are told apart by their codes; only other characters need the (slower) Unicode test. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return letterOrDigit.test(text[i]!);
}

/** The words of a text: runs of letters, marks and digits. */
function tokensOf(text: string): Tokens {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inWord = i < text.length && isWordChar(text, i);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      starts.push(start);
      ends.push(i);
      start = -1;
    }
  }
  return { text, starts, ends };
}

function phraseOf(name: string, targets: Target[], context?: readonly string[]): Phrase {
  const open = name.endsWith(` ${anyCapitalised}`);
  const fixed = open ? name.slice(0, -2) : name;
  const tokens = tokensOf(fixed);
  const words = tokens.starts.map((_, i) => wordAt(tokens, i));
  const gaps = words.slice(1).map((_, i) => normalisedGap(fixed.slice(tokens.ends[i], tokens.starts[i + 1])));
  return open ? { words: [...words, anyCapitalised], gaps: [...gaps, ' '], targets, context } : { words, gaps, targets, context };
}

const sameTarget = (a: Target, b: Target) => (a.kind === 'country' && b.kind === 'country' ? a.code === b.code : a.kind === 'region' && b.kind === 'region' && a.slug === b.slug);

/**
 * Every name a country or region goes by, mapped to what it means. A spelling or demonym that two
 * countries share goes to the independent one ("American": the United States, not the Northern
 * Mariana Islands), or to neither when both are ("Dominican", "Congolese").
 */
function namesToTargets(): Map<string, Target[]> {
  const byName = new Map<string, Target[]>();
  const add = (name: string, target: Target) => {
    const known = byName.get(name) ?? [];
    if (!known.some((t) => sameTarget(t, target))) byName.set(name, [...known, target]);
  };
  const countryClaims = new Map<string, Country[]>();
  const claim = (name: string, country: Country) => {
    if (ignoredNames.has(name) || name in contextualNames) return;
    const claimants = countryClaims.get(name) ?? [];
    if (!claimants.includes(country)) countryClaims.set(name, [...claimants, country]);
  };
  for (const country of allCountries()) {
    for (const name of [country.name, country.officialName, ...country.altNames, ...country.demonyms]) claim(name, country);
  }
  for (const [name, claimants] of countryClaims) {
    const chosen = claimants.length === 1 ? claimants : claimants.filter((c) => c.independent);
    if (chosen.length === 1) add(name, { kind: 'country', code: chosen[0]!.code });
  }
  // Our own names win over the package's shared ones: "Svalbard" is Norway's.
  for (const [code, names] of [...Object.entries(extraCountryNames), ...Object.entries(countryParts)]) {
    for (const name of names) byName.set(name, [{ kind: 'country', code }]);
  }
  for (const region of regions) for (const name of [region.name, ...region.aliases]) add(name, { kind: 'region', slug: region.slug });
  return byName;
}

/** One matcher for all names: phrases by first word, longest first, so that a match takes the longest name there. */
function compileMatcher(): Map<string, Phrase[]> {
  const phrases: Phrase[] = [];
  for (const [name, targets] of namesToTargets()) phrases.push(phraseOf(name, targets));
  for (const name of notPlaces) phrases.push(phraseOf(name, []));
  for (const [name, { code, context }] of Object.entries(contextualNames)) phrases.push(phraseOf(name, [{ kind: 'country', code }], context));
  const byFirstWord = new Map<string, Phrase[]>();
  for (const phrase of phrases) {
    if (phrase.words.length === 0) continue;
    byFirstWord.set(phrase.words[0]!, [...(byFirstWord.get(phrase.words[0]!) ?? []), phrase]);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return byFirstWord;
}

let matcher: Map<string, Phrase[]> | undefined;
/** The lower-case letters a name may start with ("sub-Saharan"): words starting with any other are skipped unread. */
let lowerCaseStarts: Set<string> | undefined;

function matchesAt(phrase: Phrase, tokens: Tokens, at: number): boolean {
  if (at + phrase.words.length > tokens.starts.length) return false;
  for (let k = 1; k < phrase.words.length; k++) {
    const word = wordAt(tokens, at + k);
    const expected = phrase.words[k]!;
    if (expected === anyCapitalised ? !/^\p{Lu}/u.test(word) : word !== expected) return false;
    if (normalisedGap(tokens.text.slice(tokens.ends[at + k - 1], tokens.starts[at + k])) !== phrase.gaps[k - 1]) return false;
  }
  return true;
}

/** The names found in one text, left to right; a match consumes its words, so "South Sudan" is never also "Sudan". */
function findPhrases(text: string): { found: Phrase[]; wordCount: number; words: () => Set<string> } {
  matcher ??= compileMatcher();
  lowerCaseStarts ??= new Set([...matcher.keys()].map((w) => w[0]!).filter((c) => c >= 'a' && c <= 'z'));
  const tokens = tokensOf(text);
  const found: Phrase[] = [];
  for (let i = 0; i < tokens.starts.length;) {
    const first = text[tokens.starts[i]!]!;
    const phrase = first >= 'a' && first <= 'z' && !lowerCaseStarts.has(first) ? undefined : matcher.get(wordAt(tokens, i))?.find((p) => matchesAt(p, tokens, i));
    if (!phrase) {
      i++;
      continue;
    }
    found.push(phrase);
    i += phrase.words.length;
  }
  // Only a name that needs context asks for the text's words.
  return { found, wordCount: tokens.starts.length, words: () => new Set(tokens.starts.map((_, i) => wordAt(tokens, i))) };
}

/** Markdown as prose: link targets, images' addresses, HTML tags and code spans carry no place names worth counting. */
function proseOf(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
}

export interface ArticleText {
  title: string;
  lead: string;
  /** Markdown, or text with its HTML tags stripped. */
  body: string;
}

/**
 * Tuning, checked against every demo article (detect.test.ts). A place is discussed when the title or
 * lead names it, or the body names it three times (twice in a body under 600 words). A country the
 * body names twice also counts when the title or lead frames the article by a region it belongs to:
 * Russia in a piece on the Arctic's shipping lanes. A region not named is inferred from its
 * discussed members: three of them, or half of a region of five or fewer (two of the Baltic states).
 */
const shortBodyWords = 600;
const bodyMentionsNeeded = (bodyWords: number) => (bodyWords < shortBodyWords ? 2 : 3);
const framedMentionsNeeded = 2;
const membersNeeded = (region: Region) => Math.max(2, Math.min(3, Math.ceil(region.members.length / 2)));

const keyOf = (t: Target) => (t.kind === 'country' ? `c:${t.code}` : `r:${t.slug}`);

interface Mentions {
  target: Target;
  /** In the title or lead. */
  heading: number;
  body: number;
}

/** How often the article names each place, in its title and lead and in its body, and how long its body is. */
export function placeMentions(article: ArticleText): { mentions: Mentions[]; bodyWords: number } {
  const heading = findPhrases(`${article.title}\n\n${article.lead}`);
  const body = findPhrases(proseOf(article.body));
  let words: Set<string> | undefined;
  const hasWord = (word: string) => (words ??= new Set([...heading.words(), ...body.words()])).has(word);
  const counts = new Map<string, Mentions>();
  const tally = (phrases: Phrase[], part: 'heading' | 'body') => {
    for (const phrase of phrases) {
      if (phrase.context && !phrase.context.some(hasWord)) continue;
      for (const target of phrase.targets) {
        const entry = counts.get(keyOf(target)) ?? { target, heading: 0, body: 0 };
        entry[part] += 1;
        counts.set(keyOf(target), entry);
      }
    }
  };
  tally(heading.found, 'heading');
  tally(body.found, 'body');
  return { mentions: [...counts.values()], bodyWords: body.wordCount };
}

/** The countries and regions an article discusses, as the tags to suggest: countries first, most mentioned first, then regions. */
export function suggestPlaces(article: ArticleText): PlaceTag[] {
  const { mentions, bodyWords } = placeMentions(article);
  const framing = mentions.flatMap((m) => (m.target.kind === 'region' && m.heading > 0 ? [regionBySlug(m.target.slug)!] : []));
  const framed = (t: Target) => t.kind === 'country' && framing.some((r) => r.members.includes(t.code));
  const discussed = mentions
    .filter((m) => m.heading > 0 || m.body >= bodyMentionsNeeded(bodyWords) || (m.body >= framedMentionsNeeded && framed(m.target)))
    .sort((a, b) => b.heading - a.heading || b.body - a.body);
  const countryCodes = discussed.flatMap((m) => (m.target.kind === 'country' ? [m.target.code] : []));
  const named = discussed.flatMap((m) => (m.target.kind === 'region' ? [m.target.slug] : []));
  const inferred = regions.filter((r) => r.inferred && !named.includes(r.slug) && r.members.filter((c) => countryCodes.includes(c)).length >= membersNeeded(r));
  return [
    ...countryCodes.map((code) => countryByCode(code)!).map((c): PlaceTag => ({ kind: 'country', slug: c.tagSlug, name: c.name })),
    ...[...named.map((slug) => regionBySlug(slug)!), ...inferred].map((r): PlaceTag => ({ kind: 'region', slug: r.slug, name: r.name })),
  ];
}
