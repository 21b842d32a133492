import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoArticles, demoExperts, demoTags, type DemoArticle } from './content.ts';
import { demoPolls } from './polls.ts';
import { demoArticleTranslations, demoExpertsRussian, demoGlossaryRussian, demoPollsRussian, demoPortalsRussian, demoSiteRussian, demoTagsRussian, type DemoArticleRef } from './content-ru.ts';
import { isAnyScriptSlug, slugCore } from '../db/slug.ts';
import { createTermSchema } from '../glossary/input.ts';
import { pollAnswerField, pollQuestionField } from '../polls/fields.ts';

const cyrillic = /\p{Script=Cyrillic}/u;
const keyOf = (ref: DemoArticleRef) => `${ref.expert}/${ref.slug}`;
const originals = new Map(demoArticles.map((a) => [keyOf(a), a]));
const translated = new Map(demoArticleTranslations.map((t) => [keyOf(t.of), t]));
const bodies = demoArticleTranslations.map((t) => t.body);

function originalOf(ref: DemoArticleRef): DemoArticle {
  const original = originals.get(keyOf(ref));
  assert.ok(original, `no English article ${keyOf(ref)}`);
  return original;
}

/** Words as content.test.ts counts them: Markdown punctuation and footnote labels are not words. */
function wordCount(markdown: string): number {
  return markdown
    .replace(/^\[\^\d+\]:/gm, ' ')
    .replace(/[#>*|[\]^]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const footnoteDefinitions = (body: string) => [...body.matchAll(/^\[\^(\w+)\]:/gm)].map((m) => m[1]!);
const footnoteReferences = (body: string) => [...body.matchAll(/\[\^(\w+)\](?!:)/g)].map((m) => m[1]!);

/** The Markdown blocks whose number a faithful translation keeps. */
function structureOf(body: string): Record<string, number> {
  const lines = body.split('\n');
  const count = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;
  return {
    headings: count(/^## /),
    quotations: count(/^> /),
    bulletItems: count(/^- /),
    numberedItems: count(/^\d+\. /),
    tableRows: count(/^\|/),
    paragraphs: body.split(/\n\s*\n/).length,
    footnoteDefinitions: footnoteDefinitions(body).length,
    footnoteReferences: footnoteReferences(body).length,
  };
}

/** Letters and digits, in order: the words of a text. */
const wordsOf = (text: string) => text.match(/[\p{L}\p{N}]+/gu) ?? [];

/** A word's stem for comparing inflected forms: its first five letters, but always one short of the word ("путь", "пути"). */
const stemOf = (word: string) => word.toLowerCase().slice(0, Math.max(1, Math.min(5, word.length - 1)));

/** Whether the words of `phrase`, each allowing for inflection, occur one after another in `text`. */
function occursInflected(phrase: string, text: string): boolean {
  const stems = wordsOf(phrase).map(stemOf);
  const words = wordsOf(text).map((w) => w.toLowerCase());
  return words.some((_, start) => stems.every((stem, i) => words[start + i]?.startsWith(stem) ?? false));
}

/** Whether `form` occurs in `text` as whole words; acronyms only in capitals, as the glossary matches them. */
function occursExactly(form: string, text: string): boolean {
  const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags = form === form.toUpperCase() ? 'u' : 'iu';
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, flags).test(text);
}

test('the site’s Russian texts are written in Russian', () => {
  for (const [field, text] of Object.entries(demoSiteRussian)) assert.match(text, cyrillic, field);
});

test('every expert has a Russian profile, and every profile is an expert’s', () => {
  assert.deepEqual(Object.keys(demoExpertsRussian).sort(), demoExperts.map((e) => e.slug).sort());
  for (const [slug, expert] of Object.entries(demoExpertsRussian)) {
    for (const text of [expert.name, expert.position, expert.affiliation, expert.bio]) assert.match(text, cyrillic, slug);
    assert.ok(!/[A-Za-z]/.test(expert.name), `${slug}: the name should be written in Cyrillic`);
    const sentences = expert.bio.split(/(?<=[.!?])\s+/).filter(Boolean).length;
    assert.ok(sentences >= 2 && sentences <= 3, `${slug} bio has ${sentences} sentences`);
  }
});

test('every topic and region tag has a Russian name, and every name is a tag’s', () => {
  const tags = new Map(demoTags.map((t) => [t.slug, t]));
  for (const [slug, name] of Object.entries(demoTagsRussian)) {
    assert.ok(tags.has(slug), `unknown tag ${slug}`);
    assert.match(name, cyrillic, slug);
  }
  for (const tag of demoTags) {
    if (tag.kind !== 'country') assert.ok(demoTagsRussian[tag.slug], `no Russian name for the ${tag.kind} ${tag.slug}`);
  }
});

test('at least six translations, of distinct English articles, by every expert', () => {
  assert.ok(demoArticleTranslations.length >= 6, `${demoArticleTranslations.length} translations`);
  assert.equal(translated.size, demoArticleTranslations.length, 'an article is translated twice');
  for (const t of demoArticleTranslations) originalOf(t.of);
  for (const expert of demoExperts) {
    assert.ok(
      demoArticleTranslations.some((t) => t.of.expert === expert.slug),
      `nothing by ${expert.slug} is translated`,
    );
  }
});

test('translations are in Russian: title in sentence case, one-paragraph lead, image description and credit', () => {
  for (const t of demoArticleTranslations) {
    const key = keyOf(t.of);
    for (const text of [t.title, t.lead, t.body, t.imageAlt]) assert.match(text, cyrillic, key);
    assert.ok(!t.lead.includes('\n'), `${key}: the lead must be one paragraph`);
    assert.ok(t.imageAlt.length > 10 && t.imageCredit.length > 0, key);
    // Sentence case: after the first word, only proper names are capitalised.
    const later = wordsOf(t.title).slice(1);
    const capitalised = later.filter((w) => /^\p{Lu}/u.test(w)).length;
    assert.ok(capitalised <= later.length / 3, `${key}: "${t.title}" is not in sentence case`);
    // Latin letters are for names an editor keeps as they are; a body written in Russian has next to none.
    const words = wordsOf(t.body);
    const latin = words.filter((w) => /[A-Za-z]/.test(w));
    assert.ok(latin.length <= words.length / 100, `${key}: untranslated words ${latin.slice(0, 10).join(', ')}`);
  }
});

test('hand-chosen slugs are valid and do not collide within the expert’s blog; titles make slugs', () => {
  for (const t of demoArticleTranslations) {
    assert.ok(slugCore(t.title).length > 0, `${keyOf(t.of)}: the title makes no slug`);
    if (t.slug === undefined) continue;
    assert.ok(isAnyScriptSlug(t.slug), `${keyOf(t.of)}: ${t.slug}`);
    assert.ok(!originals.has(`${t.of.expert}/${t.slug}`), `${t.slug} is an English article's slug`);
  }
});

test('translations are whole: the original’s headings, lists, quotations, tables, paragraphs and footnotes, and a similar length', () => {
  for (const t of demoArticleTranslations) {
    const original = originalOf(t.of);
    assert.deepEqual(structureOf(t.body), structureOf(original.body), keyOf(t.of));
    // Russian needs somewhat fewer words than English for the same text; a summary would need far fewer.
    const ratio = wordCount(t.body) / wordCount(original.body);
    assert.ok(ratio >= 0.75 && ratio <= 1.2, `${keyOf(t.of)}: ${wordCount(t.body)} words for ${wordCount(original.body)}`);
  }
});

test('every footnote reference has its definition, and every definition is referred to, in the original’s order', () => {
  for (const t of demoArticleTranslations) {
    const definitions = footnoteDefinitions(t.body);
    const references = footnoteReferences(t.body);
    assert.deepEqual(references, definitions, keyOf(t.of));
    assert.deepEqual(definitions, footnoteDefinitions(originalOf(t.of).body), keyOf(t.of));
    for (const label of definitions) {
      const definition = t.body.match(new RegExp(`^\\[\\^${label}\\]: (.+)$`, 'm'))?.[1] ?? '';
      assert.match(definition, cyrillic, `${keyOf(t.of)}: footnote ${label} is untranslated`);
    }
  }
});

test('tables keep their columns in every row', () => {
  for (const t of demoArticleTranslations) {
    const rows = t.body.split('\n').filter((line) => line.startsWith('|'));
    const columns = new Set(rows.map((row) => row.split('|').length));
    assert.ok(columns.size <= 1, `${keyOf(t.of)}: rows with different numbers of cells`);
  }
});

test('the portals of the Russian edition feature translated articles', () => {
  assert.deepEqual(Object.keys(demoPortalsRussian).sort(), ['business', 'researchers', 'students']);
  for (const [slug, portal] of Object.entries(demoPortalsRussian)) {
    assert.match(portal.title, cyrillic, slug);
    assert.match(portal.intro, cyrillic, slug);
    assert.equal(portal.intro.split(/\n\s*\n/).length, 2, `${slug}: intro should have two paragraphs`);
    assert.ok(portal.featured.length >= 2 && portal.featured.length <= 3, slug);
    for (const ref of portal.featured) assert.ok(translated.has(keyOf(ref)), `${slug}: ${keyOf(ref)} is not translated`);
  }
});

test('polls: Russian, as many vote counts as options, one conducted, one current and open', () => {
  assert.ok(demoPollsRussian.length >= 2);
  const english = new Set(demoPolls.map((p) => p.question));
  assert.equal(new Set(demoPollsRussian.map((p) => p.question)).size, demoPollsRussian.length, 'two polls ask the same');
  for (const poll of demoPollsRussian) {
    pollQuestionField.parse(poll.question);
    for (const option of poll.options) pollAnswerField.parse(option);
    assert.match(poll.question, cyrillic);
    assert.ok(!english.has(poll.question));
    assert.equal(poll.votes.length, poll.options.length, poll.question);
    assert.ok(
      poll.votes.every((v) => Number.isInteger(v) && v >= 0),
      poll.question,
    );
    assert.ok(!Number.isNaN(Date.parse(poll.opensAt)), poll.question);
    if (poll.closesAt !== undefined) assert.ok(Date.parse(poll.closesAt) > Date.parse(poll.opensAt), poll.question);
    if (poll.article) assert.ok(translated.has(keyOf(poll.article)), `${poll.question}: ${keyOf(poll.article)} is not translated`);
  }
  const now = Date.now();
  const conducted = demoPollsRussian.filter((p) => p.closesAt !== undefined && Date.parse(p.closesAt) < now);
  assert.ok(conducted.length >= 1, 'no conducted poll');
  for (const poll of conducted) assert.ok(poll.votes.reduce((a, b) => a + b, 0) >= 100, `${poll.question}: too few votes for a result`);
  const current = demoPollsRussian.filter((p) => p.current);
  assert.equal(current.length, 1, 'exactly one poll is current');
  assert.equal(current[0]!.closesAt, undefined, 'the current poll is open');
  assert.ok(Date.parse(current[0]!.opensAt) < now, 'the current poll has opened');
  assert.ok(current[0]!.article, 'the current poll belongs beside an article');
});

test('glossary: valid terms, each used in the translations in the forms it lists', () => {
  assert.ok(demoGlossaryRussian.length >= 8);
  assert.equal(new Set(demoGlossaryRussian.map((g) => g.term.toLowerCase())).size, demoGlossaryRussian.length, 'a term is listed twice');
  for (const g of demoGlossaryRussian) {
    createTermSchema.parse({ term: g.term, expansion: g.expansion, definition: g.definition });
    for (const text of [g.term, g.expansion, g.definition]) assert.match(text, cyrillic, g.term);
    assert.ok(
      bodies.some((body) => occursInflected(g.term, body)),
      `${g.term} occurs in no translation`,
    );
    assert.ok(g.forms.length > 0, g.term);
    assert.equal(new Set(g.forms.map((f) => f.toLowerCase())).size, g.forms.length, `${g.term}: a form is listed twice`);
    for (const form of g.forms) {
      assert.ok(occursInflected(g.term, form) && wordsOf(form).length === wordsOf(g.term).length, `${form} is not a form of ${g.term}`);
      assert.ok(
        bodies.some((body) => occursExactly(form, body)),
        `${g.term}: “${form}” occurs in no translation`,
      );
    }
  }
  // Inflection is the point: most terms occur in a form other than the one they are filed under.
  const inflected = demoGlossaryRussian.filter((g) => g.forms.some((f) => f.toLowerCase() !== g.term.toLowerCase()));
  assert.ok(inflected.length >= demoGlossaryRussian.length * 0.75, `only ${inflected.length} terms occur inflected`);
});
