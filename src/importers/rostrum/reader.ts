/**
 * Reading a Rostrum export as a stream: an export holds every image in base64 and may be larger than any
 * string a JavaScript engine can hold, so it is never read whole. `walkExport` hands on one top-level
 * value or list item at a time; `checkExport` is the first of the import's two passes, which checks
 * every item and writes nothing, so that a file refused is refused before anything is written.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { JSONParser, TokenType } from '@streamparser/json';
import type { z } from 'zod';
import {
  currentExportVersion,
  exportFormatName,
  exportSections,
  exportedAtSchema,
  itemLabel,
  itemSchemas,
  settingsSchema,
  siteSchema,
  type ExportedExpert,
  type ExportedPage,
  type ExportedPoll,
  type ExportedPortal,
  type ExportedSettings,
  type ExportedSite,
  type ExportedTag,
  type ExportedTerm,
  type ExportSection,
} from './format.ts';

/** The file is not an export this Rostrum can read: the message says why, in words for the person who gave it. */
export class RostrumExportError extends Error {}

/** The values at the top of an export that are not lists. */
const topValues = ['format', 'version', 'exported_at', 'site', 'ballots_included', 'settings'] as const;
type TopValue = (typeof topValues)[number];

export type ExportEvent = { top: TopValue; value: unknown } | { section: ExportSection; index: number; value: unknown };

/** The lists each version has, in the order it writes them. */
const sectionsOf: Record<1 | 2, readonly ExportSection[]> = {
  1: ['tags', 'experts', 'media', 'articles', 'portals'],
  2: exportSections,
};

const isTopValue = (key: string): key is TopValue => (topValues as readonly string[]).includes(key);
const isSection = (key: string): key is ExportSection => (exportSections as readonly string[]).includes(key);

/**
 * How deep a value may nest: the export's deepest is a poll's answer (the document, its list, the poll,
 * its answers, the answer: 5). Deeper is no export, and would only make the parser work.
 */
const maxDepth = 8;

/**
 * How many bytes of the file one item may take. Every item is built whole in memory before it is checked,
 * so a list item the size of the file would hold the file: an image is at most 20 MB (27 in base64), and
 * anything else is text within the commands' limits (a body of 200,000 characters, 1.2 MB at worst
 * written as \u escapes).
 */
export const itemByteBudget = { media: 64 * 1024 * 1024, other: 2 * 1024 * 1024 } as const;
const budgetOf = (section: ExportSection | undefined) => (section === 'media' ? itemByteBudget.media : itemByteBudget.other);
const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * Watches the tokens of the document: that it is an object, which keys it has, and that each list is a
 * list, at the top; how deep values nest and how many bytes each item of a list takes, everywhere. What is
 * not an export is refused at its first key, before the rest is read, and an item too large or too deep
 * as soon as it is, before it is built whole.
 */
function documentWatcher() {
  let depth = 0;
  let key: string | undefined;
  let section: ExportSection | undefined;
  let afterColon = false;
  let started = false;
  /** Where the item being read began, in bytes from the start of the file. */
  let itemStart: number | undefined;
  let itemIndex = 0;
  const seen: string[] = [];
  const checkItemSize = (at: number) => {
    if (itemStart === undefined || at - itemStart <= budgetOf(section)) return;
    throw new RostrumExportError(`This export cannot be imported: ${section}[${itemIndex}]: the item is larger than the ${megabytes(budgetOf(section))} one may be`);
  };
  return {
    seen,
    get started() {
      return started;
    },
    /** The file has been read up to `offset`: an item still open must not have outgrown its budget. */
    readTo(offset: number) {
      checkItemSize(offset);
    },
    onToken({ token, value, offset }: { token: TokenType; value?: unknown; offset: number }) {
      if (!started) {
        started = true;
        if (token !== TokenType.LEFT_BRACE) throw new RostrumExportError('This is not a Rostrum export: it is not a JSON object');
      }
      checkItemSize(offset);
      const inList = depth === 2 && section !== undefined;
      if (inList && token === TokenType.COMMA) itemIndex++;
      else if (inList && token !== TokenType.RIGHT_BRACKET) itemStart = offset;
      if (depth === 1) {
        if (afterColon) {
          afterColon = false;
          if (isSection(key!) && token !== TokenType.LEFT_BRACKET) throw new RostrumExportError(`This export cannot be imported: "${key}" must be a list`);
          section = isSection(key!) ? key : undefined;
          itemIndex = 0;
        } else if (token === TokenType.STRING) {
          key = String(value);
          if (!isTopValue(key) && !isSection(key)) throw new RostrumExportError(`This is not a Rostrum export: it has "${key.slice(0, 80)}" at its top, which Rostrum does not write`);
          if (seen.includes(key)) throw new RostrumExportError(`This export cannot be imported: it has "${key}" twice`);
          seen.push(key);
        } else if (token === TokenType.COLON) afterColon = true;
      }
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
        if (++depth > maxDepth) throw new RostrumExportError(`This export cannot be imported: ${section ? `${section}[${itemIndex}]: ` : ''}its values nest deeper than an export's do`);
      } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
      // Back at the list's own depth (or above it), the item read is whole: the next one counts afresh.
      if (depth <= 2) itemStart = undefined;
    },
  };
}

/**
 * Reads the export once, start to end, and hands each top-level value and each item of its lists to
 * `visit` in the file's order. A chunk of the file is read only once `visit` has finished with what the
 * last one held, so memory holds one chunk and the items it completes (an image is the largest).
 */
export async function walkExport(open: () => Readable, visit: (event: ExportEvent) => Promise<void> | void, signal?: AbortSignal): Promise<string[]> {
  const parser = new JSONParser({ paths: [...topValues.map((k) => `$.${k}`), ...exportSections.map((s) => `$.${s}.*`)], keepStack: false, stringBufferSize: 64 * 1024 });
  const watcher = documentWatcher();
  const events: ExportEvent[] = [];
  let ended = false;
  let read = 0;
  parser.onToken = (token) => watcher.onToken(token);
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1) events.push({ top: String(key) as TopValue, value });
    else events.push({ section: String(stack[1]!.key) as ExportSection, index: Number(key), value });
  };
  parser.onEnd = () => {
    ended = true;
  };
  const stream = open();
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) break;
      try {
        parser.write(chunk as Buffer);
        read += (chunk as Buffer).length;
        watcher.readTo(read);
      } catch (err) {
        if (err instanceof RostrumExportError) throw err;
        throw new RostrumExportError(`This file is not JSON, or not whole: ${(err as Error).message}`);
      }
      for (const event of events.splice(0)) await visit(event);
    }
    if (signal?.aborted) return watcher.seen;
    if (!ended) {
      try {
        parser.end();
      } catch {
        throw new RostrumExportError('This file ends before its export does: it was cut short, or is not JSON');
      }
    }
    if (!watcher.started) throw new RostrumExportError('This file is empty');
    for (const event of events.splice(0)) await visit(event);
    return watcher.seen;
  } finally {
    stream.destroy();
  }
}

/** What the first pass learned: the version, the small lists (kept), and how many items the large ones have. */
export interface CheckedExport {
  version: 1 | 2;
  site?: ExportedSite;
  settings: ExportedSettings;
  ballotsIncluded: boolean;
  tags: ExportedTag[];
  experts: ExportedExpert[];
  polls: ExportedPoll[];
  glossary: ExportedTerm[];
  pages: ExportedPage[];
  portals: ExportedPortal[];
  /** Items per list, for the progress bar and the report. */
  counts: Record<ExportSection, number>;
}

/** The lists read again item by item in the second pass; the others are few and small, and are kept from the first. */
export const streamedSections = ['media', 'ballots', 'articles', 'redirects'] as const satisfies readonly ExportSection[];
export type StreamedSection = (typeof streamedSections)[number];
export const isStreamed = (section: ExportSection): section is StreamedSection => (streamedSections as readonly string[]).includes(section);

const fail = (where: string, message: string) => new RostrumExportError(`This export cannot be imported: ${where}: ${message}`);

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** An item read and checked against its version's schema, or the reason it cannot be imported. */
export function parseItem<T>(version: 1 | 2, section: ExportSection, index: number, value: unknown): T {
  const schema = itemSchemas[version][section];
  if (!schema) throw fail(section, `version ${version} exports have no such list`);
  const parsed = schema.safeParse(value);
  const label = typeof value === 'object' && value !== null ? itemLabel(section, value as Record<string, unknown>) : 'an item';
  if (!parsed.success) throw fail(`${section}[${index}] (${label})`, problemOf(parsed.error));
  return parsed.data as T;
}

/** The references between items, checked as the first pass goes: each list names only what came before it. */
class References {
  readonly media = new Set<number>();
  readonly mediaHashes = new Set<string>();
  readonly experts = new Set<string>();
  readonly expertIds = new Set<number>();
  readonly tags = new Set<string>();
  readonly tagIds = new Set<number>();
  readonly pollOptions = new Map<number, { options: Set<number>; maxChoices: number }>();
  /** The current poll of each language (one each: each edition asks its own). */
  readonly currentPolls = new Map<string, number>();
  readonly terms = new Set<string>();
  readonly termIds = new Set<number>();
  readonly articles = new Set<number>();
  readonly articleAddresses = new Set<string>();
  /** Each article's language, and the translations' links: checked at the end, since a group may be named by a later article. */
  readonly articleLanguages = new Map<number, string>();
  readonly translationLinks: Array<{ where: string; id: number; of: number }> = [];
  readonly pageIds = new Set<number>();
  readonly pagePaths = new Set<string>();
  readonly portals = new Set<string>();
  readonly redirectIds = new Set<number>();
  readonly redirectFroms = new Set<string>();
  /** Portraits: version 1 lists experts before images, so these are checked at the end. */
  readonly photos: Array<{ where: string; media: number }> = [];
}

function unique<T>(set: Set<T>, value: T, where: string, what: string) {
  if (set.has(value)) throw fail(where, `another item has the same ${what}`);
  set.add(value);
}

function checkItem(version: 1 | 2, section: ExportSection, index: number, value: unknown, refs: References): unknown {
  const item = parseItem<Record<string, unknown>>(version, section, index, value);
  const where = `${section}[${index}] (${itemLabel(section, item)})`;
  const needs = (ok: boolean, message: string) => {
    if (!ok) throw fail(where, message);
  };
  switch (section) {
    case 'tags':
      unique(refs.tags, item.slug as string, where, 'slug');
      if (item.id !== undefined) unique(refs.tagIds, item.id as number, where, 'id');
      break;
    case 'media':
      unique(refs.media, item.id as number, where, 'id');
      unique(refs.mediaHashes, item.hash as string, where, 'hash');
      break;
    case 'experts':
      unique(refs.experts, item.slug as string, where, 'slug');
      if (item.id !== undefined) unique(refs.expertIds, item.id as number, where, 'id');
      if (item.photo !== null) refs.photos.push({ where, media: item.photo as number });
      break;
    case 'polls': {
      const poll = item as unknown as ExportedPoll;
      needs(!refs.pollOptions.has(poll.id), 'another poll has the same id');
      for (const other of refs.pollOptions.values()) needs(!poll.options.some((o) => other.options.has(o.id)), 'an option has the id of another poll’s option');
      refs.pollOptions.set(poll.id, { options: new Set(poll.options.map((o) => o.id)), maxChoices: poll.max_choices });
      // A language has one current poll at most: a second would say nothing of which one readers are asked.
      // A poll of an export made before editions has no language: it is in the column's default, English.
      if (poll.current) {
        const language = poll.language ?? 'en';
        const other = refs.currentPolls.get(language);
        needs(other === undefined, `poll ${other} is marked current already in its language (${language})`);
        refs.currentPolls.set(language, poll.id);
      }
      break;
    }
    case 'ballots': {
      const poll = refs.pollOptions.get(item.poll as number);
      needs(poll !== undefined, `poll ${String(item.poll)} is not in the export`);
      const chosen = new Set(item.options as number[]);
      needs(
        [...chosen].every((id) => poll!.options.has(id)),
        'it names an option its poll does not have',
      );
      needs(chosen.size <= poll!.maxChoices, 'it chooses more options than its poll allows');
      break;
    }
    case 'glossary':
      unique(refs.termIds, item.id as number, where, 'id');
      // Unique in its language whatever the case, as the glossary keeps terms.
      unique(refs.terms, `${(item.language as string | undefined) ?? ''}:${(item.term as string).toLowerCase()}`, where, 'term in its language');
      break;
    case 'articles': {
      unique(refs.articles, item.id as number, where, 'id');
      unique(refs.articleAddresses, `${String(item.expert)}/${String(item.slug)}`, where, 'expert and slug');
      needs(refs.experts.has(item.expert as string), `its expert "${String(item.expert)}" is not in the export`);
      needs(item.image === null || refs.media.has(item.image as number), `its image ${String(item.image)} is not in the export`);
      needs(item.poll === undefined || item.poll === null || refs.pollOptions.has(item.poll as number), `its poll ${String(item.poll)} is not in the export`);
      const missing = (item.tags as string[]).find((slug) => !refs.tags.has(slug));
      needs(missing === undefined, `its tag "${missing}" is not in the export`);
      refs.articleLanguages.set(item.id as number, item.language as string);
      if (typeof item.translation_of === 'number') refs.translationLinks.push({ where, id: item.id as number, of: item.translation_of });
      break;
    }
    case 'pages':
      unique(refs.pageIds, item.id as number, where, 'id');
      unique(refs.pagePaths, item.path as string, where, 'path');
      break;
    case 'portals': {
      unique(refs.portals, item.slug as string, where, 'slug');
      const missing = (item.articles as number[]).find((id) => !refs.articles.has(id));
      needs(missing === undefined, `article ${missing} is not in the export`);
      break;
    }
    case 'redirects':
      unique(refs.redirectIds, item.id as number, where, 'id');
      unique(refs.redirectFroms, item.from as string, where, 'old address');
      break;
  }
  return item;
}

/** The name under which the items of this export are known in import_sources (see README, Export). */
export function sourceOf(checked: Pick<CheckedExport, 'version' | 'site' | 'settings'>): string {
  if (checked.site) return `rostrum ${checked.site.id}`;
  // Version 1 named no site: its settings, as they were, stand for it.
  return `rostrum settings ${createHash('sha256').update(JSON.stringify(checked.settings)).digest('hex').slice(0, 32)}`;
}

/**
 * Checks an export's events as they come, in the file's order: the top values, and every item by its
 * schema and its references to what came before it. The first pass runs it over the whole file; the
 * second runs a fresh one over its own read, so that a file changed between the two reads is held to the
 * same rules (and refused where it differs from what the first pass saw).
 */
export class ExportChecker {
  private version: 1 | 2 | undefined;
  private formatSeen = false;
  private site: ExportedSite | undefined;
  private settings: ExportedSettings | undefined;
  private ballotsIncluded = false;
  private readonly kept: Pick<CheckedExport, 'tags' | 'experts' | 'polls' | 'glossary' | 'pages' | 'portals'> = { tags: [], experts: [], polls: [], glossary: [], pages: [], portals: [] };
  private readonly counts = Object.fromEntries(exportSections.map((s) => [s, 0])) as Record<ExportSection, number>;
  private readonly refs = new References();
  private lastSection = -1;
  private currentSection: ExportSection | undefined;

  /** A top value checked and taken in; a list item checked and answered, as the import will save it. */
  visit(event: ExportEvent): unknown {
    if ('top' in event) return this.visitTop(event.top, event.value);
    const { section, index, value } = event;
    if (this.version === undefined) throw new RostrumExportError('This is not a Rostrum export: "format" and "version" must come before its lists');
    const order = sectionsOf[this.version];
    if (section !== this.currentSection) {
      const at = order.indexOf(section);
      if (at < 0) throw fail(section, `version ${this.version} exports have no such list`);
      if (at < this.lastSection) throw fail(section, `the lists must come in the order ${order.join(', ')}`);
      this.lastSection = at;
      this.currentSection = section;
    }
    const item = checkItem(this.version, section, index, value, this.refs);
    this.counts[section]++;
    if (!isStreamed(section)) (this.kept[section] as unknown[]).push(item);
    return item;
  }

  private visitTop(top: TopValue, value: unknown): undefined {
    switch (top) {
      case 'format':
        if (value !== exportFormatName) throw new RostrumExportError(`This is not a Rostrum export: its format is ${JSON.stringify(value)?.slice(0, 80)}, not "${exportFormatName}"`);
        this.formatSeen = true;
        return;
      case 'version':
        if (!this.formatSeen) throw new RostrumExportError(`This is not a Rostrum export: "format" must come first`);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
          throw new RostrumExportError(`This export cannot be imported: its version ${JSON.stringify(value)?.slice(0, 40)} is not a version number`);
        if (value > currentExportVersion)
          throw new RostrumExportError(
            `This export was written by a newer Rostrum (format version ${value}); this one reads versions 1 to ${currentExportVersion}. Upgrade Rostrum here, then import it.`,
          );
        this.version = value as 1 | 2;
        return;
      case 'site':
        this.site = parsedTop('site', siteSchema, value);
        return;
      case 'settings':
        this.settings = parsedTop('settings', settingsSchema, value);
        return;
      case 'ballots_included':
        if (typeof value !== 'boolean') throw fail('ballots_included', 'must be true or false');
        this.ballotsIncluded = value;
        return;
      case 'exported_at':
        parsedTop('exported_at', exportedAtSchema, value);
        return;
    }
  }

  /** Once the whole file is read (`seen`: its keys): what it holds, or why it is not a whole export. */
  finish(seen: string[]): CheckedExport {
    const { version, settings, site, refs } = this;
    if (!this.formatSeen) throw new RostrumExportError('This is not a Rostrum export: it has no "format"');
    if (version === undefined) throw new RostrumExportError('This export cannot be imported: it has no "version"');
    if (!settings) throw fail('settings', 'is missing');
    if (version >= 2 && !site) throw fail('site', 'is missing');
    const missing = sectionsOf[version].find((s) => !seen.includes(s));
    if (missing) throw fail(missing, 'is missing');
    for (const photo of refs.photos) if (!refs.media.has(photo.media)) throw fail(photo.where, `its portrait ${photo.media} is not in the export`);
    checkTranslationGroups(refs);
    return { version, site, settings, ballotsIncluded: this.ballotsIncluded, ...this.kept, counts: { ...this.counts } };
  }
}

/**
 * The groups of versions in other languages, once every article is read (an article may name one later in
 * the list): each names an article of the export that is the first of its group (a translation of none),
 * and a group has one version per language, as the article commands require.
 */
function checkTranslationGroups(refs: References): void {
  const linked = new Set(refs.translationLinks.map((link) => link.id));
  const languagesOf = new Map<number, Set<string>>();
  for (const { where, id, of } of refs.translationLinks) {
    if (of === id) throw fail(where, 'translation_of: an article cannot be a translation of itself');
    const original = refs.articleLanguages.get(of);
    if (original === undefined) throw fail(where, `translation_of: article ${of} is not in the export`);
    if (linked.has(of)) throw fail(where, `translation_of: article ${of} is a translation itself; name the first version of the group`);
    const languages = languagesOf.get(of) ?? new Set([original]);
    const language = refs.articleLanguages.get(id)!;
    if (languages.has(language)) throw fail(where, `translation_of: the group of article ${of} has a version in ${language} already`);
    languagesOf.set(of, languages.add(language));
  }
}

function parsedTop<T extends z.ZodTypeAny>(where: string, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fail(where, problemOf(parsed.error));
  return parsed.data as z.output<T>;
}

/**
 * The import's first pass: reads the whole file and checks every item (its shape, the rules its command
 * will apply, and that what it names is in the file), writing nothing. Throws RostrumExportError at the
 * first problem, naming the item.
 */
export async function checkExport(open: () => Readable, signal?: AbortSignal): Promise<CheckedExport> {
  const checker = new ExportChecker();
  const seen = await walkExport(open, (event) => void checker.visit(event), signal);
  return checker.finish(seen);
}

/**
 * The second pass's own read, checked as the first was, against what the first found: a file that changed
 * between the two reads is refused (what was saved before the difference is kept, as after an interruption).
 */
export function sameExport(first: CheckedExport, second: CheckedExport): void {
  const differs = (what: string) => new RostrumExportError(`This export changed while it was imported (${what} differs between the two reads); run the import again on a file nothing writes to`);
  if (first.version !== second.version || first.site?.id !== second.site?.id) throw differs('its site');
  const section = exportSections.find((s) => first.counts[s] !== second.counts[s]);
  if (section) throw differs(`the number of ${section}`);
}
