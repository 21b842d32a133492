import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoArticles, demoExperts, demoPortals, demoSite, demoTags } from './content.ts';

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function wordCount(markdown: string): number {
  return markdown
    .replace(/^\[\^\d+\]:/gm, ' ')
    .replace(/[#>*|[\]^]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

test('site settings are complete', () => {
  assert.ok(demoSite.name.length > 0);
  assert.ok(demoSite.tagline.length > 0);
  assert.ok(demoSite.description.length > 0);
  assert.match(demoSite.brandColor, /^#[0-9a-f]{6}$/i);
});

test('there are exactly three experts with unique slugs and complete profiles', () => {
  assert.equal(demoExperts.length, 3);
  assert.equal(new Set(demoExperts.map((e) => e.slug)).size, 3);
  for (const expert of demoExperts) {
    assert.match(expert.slug, slugPattern);
    assert.ok(expert.name && expert.position && expert.affiliation, expert.slug);
    const sentences = expert.bio.split(/(?<=[.!?])\s+/).filter(Boolean).length;
    assert.ok(sentences >= 2 && sentences <= 3, `${expert.slug} bio has ${sentences} sentences`);
    assert.ok(Number.isInteger(expert.portraitSeed));
  }
});

test('tags are unique and of a known kind', () => {
  assert.equal(new Set(demoTags.map((t) => t.slug)).size, demoTags.length);
  for (const tag of demoTags) {
    assert.match(tag.slug, slugPattern);
    assert.ok(['topic', 'region', 'country'].includes(tag.kind));
  }
  for (const kind of ['topic', 'region', 'country'] as const) {
    assert.ok(
      demoTags.some((t) => t.kind === kind),
      `no ${kind} tag`,
    );
  }
});

test('at least 14 articles, at least 4 per expert, all by known experts', () => {
  assert.ok(demoArticles.length >= 14);
  const experts = new Set(demoExperts.map((e) => e.slug));
  for (const article of demoArticles) assert.ok(experts.has(article.expert), article.slug);
  for (const expert of demoExperts) {
    const count = demoArticles.filter((a) => a.expert === expert.slug).length;
    assert.ok(count >= 4, `${expert.slug} has ${count} articles`);
  }
});

test('article slugs are valid and unique per expert', () => {
  const seen = new Set<string>();
  for (const article of demoArticles) {
    assert.match(article.slug, slugPattern);
    const key = `${article.expert}/${article.slug}`;
    assert.ok(!seen.has(key), `duplicate ${key}`);
    seen.add(key);
  }
});

test('every article tag exists', () => {
  const tags = new Set(demoTags.map((t) => t.slug));
  for (const article of demoArticles) {
    assert.ok(article.tags.length > 0, article.slug);
    for (const tag of article.tags) assert.ok(tags.has(tag), `${article.slug}: unknown tag ${tag}`);
  }
});

test('exactly one article is featured', () => {
  assert.equal(demoArticles.filter((a) => a.featured === true).length, 1);
});

test('dates, leads, images and bodies are well formed', () => {
  for (const a of demoArticles) {
    const date = new Date(a.publishedAt);
    assert.ok(!Number.isNaN(date.getTime()), a.slug);
    assert.equal(date.toISOString(), a.publishedAt, `${a.slug}: publishedAt is not canonical ISO`);
    assert.ok(a.publishedAt >= '2025-01-01' && a.publishedAt < '2026-12-01', `${a.slug}: ${a.publishedAt}`);
    assert.ok(a.title.length > 0 && a.lead.length > 0, a.slug);
    assert.ok(!a.lead.includes('\n'), `${a.slug}: lead must be one paragraph`);
    assert.ok(Number.isInteger(a.image.seed), a.slug);
    assert.ok(a.image.alt.length > 10 && a.image.credit.length > 0, a.slug);
    if (a.image.creditUrl !== undefined) assert.match(a.image.creditUrl, /^https:\/\//);
    const words = wordCount(a.body);
    assert.ok(words >= 600 && words <= 1200, `${a.slug}: ${words} words`);
    assert.match(a.body, /^## /m, `${a.slug}: no subheading`);
  }
});

test('most bodies have footnotes, each with at least two, and every reference is defined', () => {
  let withFootnotes = 0;
  for (const a of demoArticles) {
    const definitions = new Set([...a.body.matchAll(/^\[\^(\w+)\]:/gm)].map((m) => m[1]));
    const references = new Set([...a.body.matchAll(/\[\^(\w+)\](?!:)/g)].map((m) => m[1]));
    if (definitions.size === 0 && references.size === 0) continue;
    withFootnotes++;
    assert.ok(definitions.size >= 2, `${a.slug}: ${definitions.size} footnote(s)`);
    assert.deepEqual([...references].sort(), [...definitions].sort(), `${a.slug}: references and definitions differ`);
  }
  assert.ok(withFootnotes > demoArticles.length / 2, `only ${withFootnotes} articles have footnotes`);
});

test('several bodies use quotations and lists', () => {
  const quotes = demoArticles.filter((a) => /^> /m.test(a.body)).length;
  const lists = demoArticles.filter((a) => /^(?:- |\d+\. )/m.test(a.body)).length;
  assert.ok(quotes >= 3, `${quotes} articles with a blockquote`);
  assert.ok(lists >= 3, `${lists} articles with a list`);
});

test('portals cover the three audiences and reference existing articles', () => {
  assert.deepEqual(demoPortals.map((p) => p.slug).sort(), ['business', 'researchers', 'students']);
  const articles = new Set(demoArticles.map((a) => `${a.expert}/${a.slug}`));
  for (const portal of demoPortals) {
    assert.ok(portal.title.length > 0);
    assert.equal(portal.intro.split(/\n\s*\n/).length, 2, `${portal.slug}: intro should have two paragraphs`);
    assert.ok(portal.featured.length >= 2 && portal.featured.length <= 3, portal.slug);
    for (const ref of portal.featured) assert.ok(articles.has(ref), `${portal.slug}: unknown article ${ref}`);
  }
});
