import { mulberry32 } from '../src/demo/images.ts';

// Generated, English-looking text for the corpus. Real words put together by a tiny grammar read like
// analysis at a glance, and give the Markdown renderer, the HTML and the page sizes realistic shapes
// (word lengths, punctuation, typographer quotes) where lorem ipsum would not. Seeded: the same seed
// always gives the same corpus, so runs compare.

const determiners = ['the', 'the', 'the', 'a', 'this', 'that', 'each', 'every', 'its', 'their', 'our', 'any'];
const adjectives = [
  'regional',
  'fiscal',
  'strategic',
  'structural',
  'durable',
  'fragile',
  'uneven',
  'modest',
  'sharp',
  'gradual',
  'domestic',
  'foreign',
  'monetary',
  'industrial',
  'digital',
  'maritime',
  'northern',
  'coastal',
  'rural',
  'urban',
  'informal',
  'public',
  'private',
  'narrow',
  'broad',
  'recent',
  'long-term',
  'short-lived',
  'quiet',
  'visible',
  'hidden',
  'contested',
  'shared',
  'competing',
  'rising',
  'falling',
  'stable',
  'volatile',
  'cautious',
  'ambitious',
  'practical',
  'political',
  'legal',
];
const nouns = [
  'policy',
  'market',
  'border',
  'reform',
  'coalition',
  'budget',
  'treaty',
  'supply',
  'demand',
  'pipeline',
  'harbour',
  'tariff',
  'subsidy',
  'election',
  'parliament',
  'ministry',
  'agency',
  'currency',
  'inflation',
  'surplus',
  'deficit',
  'alliance',
  'strategy',
  'capacity',
  'network',
  'grid',
  'corridor',
  'region',
  'province',
  'economy',
  'workforce',
  'pension',
  'mandate',
  'court',
  'regulator',
  'investor',
  'lender',
  'exporter',
  'farmer',
  'voter',
  'city',
  'port',
  'railway',
  'harvest',
  'drought',
  'migration',
  'settlement',
  'dispute',
  'negotiation',
  'ceasefire',
  'sanction',
  'standard',
  'framework',
  'index',
  'forecast',
];
const verbs = [
  'shapes',
  'weakens',
  'strengthens',
  'reflects',
  'complicates',
  'reveals',
  'limits',
  'extends',
  'replaces',
  'supports',
  'undermines',
  'anticipates',
  'follows',
  'outlasts',
  'redefines',
  'tests',
  'favours',
  'constrains',
  'accelerates',
  'delays',
  'obscures',
  'rewards',
  'protects',
  'exposes',
  'narrows',
  'widens',
  'sustains',
  'reshapes',
];
const prepositions = ['of', 'in', 'across', 'beyond', 'within', 'under', 'after', 'before', 'between', 'along', 'against', 'for'];
const adverbs = ['quietly', 'steadily', 'rarely', 'often', 'largely', 'partly', 'already', 'still', 'increasingly', 'plainly'];
const conjunctions = ['but', 'and', 'while', 'although', 'because', 'yet', 'whereas', 'so'];
const openers = ['In practice,', 'For now,', 'Even so,', 'By contrast,', 'Put simply,', 'Seen from the capital,', 'On paper,', 'Over time,'];

const firstNames = [
  'Amara',
  'Lukas',
  'Sofia',
  'Jonah',
  'Ines',
  'Rahul',
  'Mei',
  'Tomasz',
  'Leila',
  'Kwame',
  'Astrid',
  'Diego',
  'Hana',
  'Olu',
  'Mateo',
  'Freya',
  'Yusuf',
  'Camille',
  'Ravi',
  'Elena',
  'Kenji',
  'Noor',
  'Pavel',
  'Zanele',
  'Marta',
];
const lastNames = [
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Castellanos',
  'Nakamura',
  'Haddad',
  'Kowalski',
  'Mensah',
  'Varga',
  'Iyer',
  'Brennan',
  'Sato',
  'Adeyemi',
  'Novak',
  'Fischer',
  'Rahman',
  'Delgado',
  'Petrov',
  'Achebe',
  'Larsen',
];
const positions = ['Senior Fellow', 'Research Director', 'Fellow', 'Associate Fellow', 'Head of Programme', 'Visiting Scholar'];
const programmes = ['Energy and Climate', 'Global Economy', 'Security and Defence', 'Europe', 'Asia-Pacific', 'Africa', 'Americas', 'Technology Policy'];

export type Rng = () => number;

export class TextGenerator {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = mulberry32(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)]!;
  }

  /** `count` different items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(this.rng() * pool.length), 1)[0]!);
    return chosen;
  }

  private nounPhrase(): string {
    const parts = [this.pick(determiners)];
    if (this.chance(0.6)) parts.push(this.pick(adjectives));
    parts.push(this.pick(nouns));
    if (this.chance(0.35)) parts.push(this.pick(prepositions), this.pick(determiners), this.pick(nouns));
    return parts.join(' ');
  }

  private clause(): string {
    const adverb = this.chance(0.25) ? ` ${this.pick(adverbs)}` : '';
    return `${this.nounPhrase()}${adverb} ${this.pick(verbs)} ${this.nounPhrase()}`;
  }

  sentence(): string {
    let text = this.clause();
    if (this.chance(0.45)) text += `, ${this.pick(conjunctions)} ${this.clause()}`;
    if (this.chance(0.15)) text = `${this.pick(openers)} ${text}`;
    return capitalise(text) + (this.chance(0.05) ? '?' : '.');
  }

  paragraph(sentences = this.int(3, 6)): string {
    return Array.from({ length: sentences }, () => this.sentence()).join(' ');
  }

  /** A headline such as "Fragile Harbour Reform and the Politics of Drought". */
  title(): string {
    const patterns = [
      () => `The ${this.pick(adjectives)} ${this.pick(nouns)} ${this.pick(prepositions)} ${this.pick(nouns)}`,
      () => `Why ${this.pick(determiners)} ${this.pick(nouns)} ${this.pick(verbs)} ${this.pick(determiners)} ${this.pick(adjectives)} ${this.pick(nouns)}`,
      () => `${this.pick(adjectives)} ${this.pick(nouns)} and the politics of ${this.pick(nouns)}`,
      () => `What the ${this.pick(nouns)} ${this.pick(verbs)}: ${this.pick(adjectives)} ${this.pick(nouns)} ${this.pick(prepositions)} the ${this.pick(nouns)}`,
    ];
    return titleCase(this.pick(patterns)());
  }

  heading(): string {
    return capitalise(`${this.pick(adjectives)} ${this.pick(nouns)} ${this.pick(prepositions)} ${this.pick(determiners)} ${this.pick(nouns)}`);
  }

  personName(): string {
    return `${this.pick(firstNames)} ${this.pick(lastNames)}`;
  }

  position(): { position: string; affiliation: string } {
    return { position: this.pick(positions), affiliation: `${this.pick(programmes)} Programme` };
  }

  /**
   * An article body in Markdown, about `targetWords` words: an introduction, sections under
   * level-2 headings, a list, a quotation, inline emphasis, a link and a footnote.
   */
  articleBody(targetWords = 800): string {
    const blocks: string[] = [this.paragraph(), withFootnoteRef(this.paragraph())];
    let section = 0;
    while (countWords(blocks) < targetWords) {
      section++;
      blocks.push(`## ${this.heading()}`);
      blocks.push(this.withInlineMarkup(this.paragraph()));
      if (section === 1) blocks.push(Array.from({ length: 4 }, () => `- ${this.sentence()}`).join('\n'));
      if (section === 2) blocks.push(`> ${this.paragraph(2)}`);
      blocks.push(this.paragraph());
    }
    blocks.push(`[^1]: ${this.sentence()} See the [${this.pick(nouns)} dataset](https://example.org/data/${this.int(100, 999)}).`);
    return blocks.join('\n\n');
  }

  private withInlineMarkup(paragraph: string): string {
    const words = paragraph.split(' ');
    const at = (n: number) => Math.min(words.length - 1, n);
    words[at(3)] = `**${words[at(3)]}**`;
    words[at(9)] = `*${words[at(9)]}*`;
    words[at(15)] = `[${words[at(15)]}](https://example.org/reports/${this.int(1000, 9999)})`;
    return words.join(' ');
  }
}

function withFootnoteRef(paragraph: string): string {
  return paragraph.replace(/\.$/, '.[^1]');
}

function countWords(blocks: string[]): number {
  return blocks.reduce((n, b) => n + b.split(/\s+/).length, 0);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const smallWords = new Set(['a', 'and', 'the', 'of', 'in', 'for', 'along', 'under', 'after', 'before', 'between', 'across', 'beyond', 'within', 'against']);

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((w, i) => (i > 0 && smallWords.has(w) ? w : capitalise(w)))
    .join(' ');
}
