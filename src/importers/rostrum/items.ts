/**
 * The items of a Rostrum export other than images, articles, pages and polls, each saved through its
 * capability's commands in its own transaction with its source record: settings, tags, experts,
 * glossary terms, portals and redirects. Each is recognised on the next run by the old site's id (or, for a
 * tag, its slug, which never changes), updated when the export's copy changed, and left alone otherwise.
 * Texts in other languages come with their item, in the languages this site has (see translationsHere).
 */
import type { Db } from '../../schema.ts';
import { withTransaction } from '../../db/transaction.ts';
import { uniqueSlug } from '../../db/slug.ts';
import { isRefusal } from '../../core/refusals.ts';
import { defaultSettings, getSiteSettings, type SiteSettings } from '../../site/store.ts';
import { updateSiteSettings } from '../../site/commands.ts';
import { getTagById, getTagBySlug } from '../../tags/store.ts';
import { createTag, updateTag } from '../../tags/commands.ts';
import { expertSlugTaken, getExpertById, restoreExpertTimesFromExport } from '../../experts/store.ts';
import { createExpert, updateExpert } from '../../experts/commands.ts';
import { parseProfileLinks } from '../../experts/links.ts';
import { getGlossaryTerm, listGlossaryTerms, restoreTermFromExport } from '../../glossary/store.ts';
import { createTerm, updateTerm } from '../../glossary/commands.ts';
import { getPublishedArticlesByIds } from '../../articles/store.ts';
import { getPortal, portalName } from '../../portals/store.ts';
import { updatePortal } from '../../portals/commands.ts';
import { maxCuratedArticles } from '../../portals/fields.ts';
import { getRedirect, getRedirectFrom } from '../../redirects/store.ts';
import { createRedirect, updateRedirect } from '../../redirects/commands.ts';
import { fingerprintOf, recordImportSource } from '../sources.ts';
import { saveSourceItem } from '../items.ts';
import type { ImportedKind } from '../tables.ts';
import type { ImportRun } from '../context.ts';
import { adoptedFingerprint, isAdopted } from './adopted.ts';
import type { ExportedExpert, ExportedPortal, ExportedRedirect, ExportedSettings, ExportedTag, ExportedTerm } from './format.ts';

/** One item's way in: how to find what an earlier run made of it, make it, bring it up to date, or find it here already. */
interface ItemSteps<T extends { id: number }> {
  /** How the report counts it: "tag", "expert"… */
  reportKind: string;
  kind: ImportedKind;
  key: string;
  label: string;
  /** What the export says of it: a change here means the item changed on the old site. */
  fingerprint: unknown;
  find(handle: Db, id: number): Promise<T | undefined>;
  create(tx: Db, warnings: string[]): Promise<number>;
  update(tx: Db, current: T, warnings: string[]): Promise<void>;
  /**
   * The same thing this site has already (a tag with the slug, a term in any case): used as it is, not made
   * twice, and never updated by this export afterwards. Reads only; `adopt` writes what using it needs.
   */
  existing?(handle: Db, warnings: string[]): Promise<number | undefined>;
  /** What using the site's own thing changes (a curated portal takes the export's articles after its own); whether it changed anything. */
  adopt?(tx: Db, id: number, warnings: string[]): Promise<boolean>;
  /** Whatever else the item's transaction writes once it is made or updated (the old site's times). */
  after?(tx: Db, id: number): Promise<void>;
}

/**
 * Saves one item by the rules every import follows (saveSourceItem), and answers its id here: 0 for one a
 * dry run would make or change, undefined for one skipped. A refusal by the item's command (a rule this
 * site has and the old one did not) skips that item, with its reason in the report.
 */
export async function saveItem<T extends { id: number }>(run: ImportRun, steps: ItemSteps<T>): Promise<number | undefined> {
  const earlier = run.known.get(steps.key);
  if (earlier && isAdopted(earlier.fingerprint)) return keepAdopted(run, steps, earlier.targetId);
  const warnings: string[] = [];
  try {
    if (!earlier) {
      const adopted = await adoptExisting(run, steps, warnings);
      if (adopted !== undefined) return adopted;
    }
    const saved = await saveSourceItem<{ id: number }>(
      run,
      {
        key: steps.key,
        reportKind: steps.reportKind,
        label: steps.label,
        targetKind: steps.kind,
        content: steps.fingerprint,
        publicAddresses: 0,
        find: (handle, id) => steps.find(handle, id),
        async save(tx, current) {
          if (current) await steps.update(tx, current as T, warnings);
          const id = current?.id ?? (await steps.create(tx, warnings));
          await steps.after?.(tx, id);
          return { target: { id } };
        },
      },
      warnings,
    );
    // A dry run makes nothing: what depends on the item is counted as if it had been made.
    return saved.targetId ?? (run.dryRun ? 0 : undefined);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    run.report.record(steps.reportKind, 'skipped', steps.label, [err.message], 'refused by this site’s rules');
    return undefined;
  }
}

/** A thing of the site's own that an earlier run used: left as it is, whatever the export says of it now. */
async function keepAdopted<T extends { id: number }>(run: ImportRun, steps: ItemSteps<T>, id: number): Promise<number | undefined> {
  if (!(await steps.find(run.ctx.handle, id))) {
    run.report.record(steps.reportKind, 'skipped', steps.label, [], 'deleted here since an earlier import');
    return undefined;
  }
  run.report.record(steps.reportKind, 'unchanged', steps.label);
  return id;
}

/**
 * The site's own counterpart of an item, when it has one: used as it is and recorded as the site's own
 * (adoptedFingerprint), so that no later run of this export takes it for something it made and updates it.
 */
async function adoptExisting<T extends { id: number }>(run: ImportRun, steps: ItemSteps<T>, warnings: string[]): Promise<number | undefined> {
  const id = await steps.existing?.(run.ctx.handle, warnings);
  if (id === undefined) return undefined;
  if (run.dryRun) {
    run.report.record(steps.reportKind, 'unchanged', steps.label, warnings);
    return id;
  }
  const changed = await withTransaction(run.ctx.handle, async (tx) => {
    const wrote = (await steps.adopt?.(tx, id, warnings)) ?? false;
    await recordImportSource(tx, { source: run.source, itemKey: steps.key, kind: steps.kind, targetId: id, fingerprint: adoptedFingerprint });
    return wrote;
  });
  run.report.record(steps.reportKind, changed ? 'updated' : 'unchanged', steps.label, warnings);
  return id;
}

/**
 * The export's texts in other languages that this site can hold: those in its languages other than its
 * default (the default's texts are the item's own fields). Each such language is given, empty where the
 * export has no text in it, so that a text the old site removed goes here too; a language this site lacks
 * is left out with a warning. Undefined when the export says nothing of translations (made before editions):
 * the item's texts here are then left as they are.
 */
export function translationsHere<T>(translations: Record<string, T> | undefined, languages: readonly string[], empty: T, what: string, warnings: string[]): Record<string, T> | undefined {
  if (translations === undefined) return undefined;
  const [defaultLanguage, ...others] = languages;
  for (const language of Object.keys(translations)) {
    if (others.includes(language)) continue;
    warnings.push(
      language === defaultLanguage
        ? `its ${what} in ${language} is not brought over: ${language} is this site’s default language, whose texts are the item’s own`
        : `its ${what} in ${language} is not brought over: this site has no ${language} edition`,
    );
  }
  return Object.fromEntries(others.map((language) => [language, translations[language] ?? empty]));
}

const settingsOf = (s: ExportedSettings) => ({
  name: s.name,
  tagline: s.tagline,
  description: s.description,
  brand_color: s.brand_color,
  ...(s.languages && { languages: s.languages }),
  ...(s.translations && { translations: s.translations }),
  ...(s.time_zone && { time_zone: s.time_zone }),
});
const sameSettings = (a: ExportedSettings, b: Pick<SiteSettings, 'name' | 'tagline' | 'description' | 'brandColor' | 'languages' | 'translations' | 'timeZone'>) =>
  a.name === b.name &&
  a.tagline === b.tagline &&
  a.description === b.description &&
  a.brand_color === b.brandColor &&
  (!a.languages || a.languages.join() === b.languages.join()) &&
  (!a.translations || JSON.stringify(a.translations) === JSON.stringify(b.translations)) &&
  (!a.time_zone || a.time_zone === b.timeZone);

/**
 * The site's name, tagline, description, brand colour and languages (with the texts in each): taken from
 * the export when this site still has the ones it started with (or had them from an earlier run of this
 * export); a site that has its own keeps them, with a warning. Answers the site's languages once the
 * settings are in (in a dry run, those they would be): what the other items' translations are held to.
 */
export async function importSettings(run: ImportRun, settings: ExportedSettings): Promise<readonly string[]> {
  const key = 'settings';
  const fingerprint = fingerprintOf(settings);
  const earlier = run.known.get(key);
  const current = await getSiteSettings(run.ctx.handle);
  if (earlier?.fingerprint === fingerprint || (!earlier && sameSettings(settings, current))) {
    run.report.record('settings', 'unchanged', 'site settings');
    if (!run.dryRun && !earlier) await recordImportSource(run.ctx.handle, { source: run.source, itemKey: key, kind: 'settings', targetId: 0, fingerprint });
    return current.languages;
  }
  const untouched = sameSettings(
    {
      name: defaultSettings.name,
      tagline: defaultSettings.tagline,
      description: defaultSettings.description,
      brand_color: defaultSettings.brandColor,
      languages: defaultSettings.languages,
      translations: {},
      time_zone: defaultSettings.timeZone,
    },
    current,
  );
  if (!earlier && !untouched) {
    run.report.record('settings', 'skipped', 'site settings', [`this site has settings of its own (“${current.name}”); they are kept`], 'this site has its own');
    return current.languages;
  }
  const languages = settings.languages ?? current.languages;
  if (run.dryRun) {
    run.report.record('settings', earlier ? 'updated' : 'imported', 'site settings');
    return languages;
  }
  await withTransaction(run.ctx.handle, async (tx) => {
    await updateSiteSettings({ ...run.ctx, handle: tx }, run.actor, settingsOf(settings));
    await recordImportSource(tx, { source: run.source, itemKey: key, kind: 'settings', targetId: 0, fingerprint });
  });
  run.report.record('settings', earlier ? 'updated' : 'imported', 'site settings');
  return (await getSiteSettings(run.ctx.handle)).languages;
}

/**
 * A tag, known by its slug (which never changes), with its names in this site's other languages
 * (`languages`, the default first); one this site has with the slug already is the same tag.
 */
export function importTag(run: ImportRun, tag: ExportedTag, languages: readonly string[]): Promise<number | undefined> {
  const translationsOf = (warnings: string[]) => translationsHere(tag.translations, languages, { name: '', description: '' }, 'name', warnings);
  const description = tag.description ?? '';
  return saveItem(run, {
    reportKind: 'tag',
    kind: 'tag',
    key: `tag ${tag.slug}`,
    label: `tag ${tag.slug} “${tag.name}”`,
    // An export made before editions says nothing of names in other languages, and is known as it was.
    fingerprint: { name: tag.name, kind: tag.kind, ...(description && { description }), ...(tag.translations && { translations: tag.translations }) },
    find: (handle, id) => getTagById(handle, id),
    create: async (tx, warnings) =>
      (await createTag({ ...run.ctx, handle: tx }, run.actor, { slug: tag.slug, name: tag.name, kind: tag.kind, description, translations: translationsOf(warnings) })).id,
    update: async (tx, current, warnings) =>
      void (await updateTag({ ...run.ctx, handle: tx }, run.actor, current.id, { name: tag.name, kind: tag.kind, description, translations: translationsOf(warnings) })),
    existing: async (handle) => (await getTagBySlug(handle, tag.slug))?.id,
  });
}

const noProfile = { name: '', title: '', affiliation: '', bio: '' };

/**
 * An expert, with their portrait (`photo`, already an image here), their profile in this site's other
 * languages (`languages`, the default first) and the old site's times.
 */
export function importExpert(run: ImportRun, expert: ExportedExpert, photo: number | null, languages: readonly string[]): Promise<number | undefined> {
  const profile = { name: expert.name, title: expert.position, affiliation: expert.affiliation, bio: expert.bio, photo, same_as: expert.same_as };
  const translationsOf = (warnings: string[]) => translationsHere(expert.translations, languages, noProfile, 'profile', warnings);
  return saveItem(run, {
    reportKind: 'expert',
    kind: 'expert',
    key: expert.id === undefined ? `expert ${expert.slug}` : `expert ${expert.id}`,
    label: `expert ${expert.slug} “${expert.name}”`,
    // An export made before editions says nothing of other languages, and is known as it was.
    fingerprint: { ...profile, slug: expert.slug, created_at: expert.created_at, updated_at: expert.updated_at, ...(expert.translations && { translations: expert.translations }) },
    find: (handle, id) => getExpertById(handle, id),
    create: async (tx, warnings) => {
      const slug = await uniqueSlug(expert.slug, (s) => expertSlugTaken(tx, s));
      if (slug !== expert.slug) warnings.push(`another expert here has the slug ${expert.slug}; this one’s blog is at /blogs/${slug}`);
      return (await createExpert({ ...run.ctx, handle: tx }, run.actor, { ...profile, slug, translations: translationsOf(warnings) })).id;
    },
    update: async (tx, current, warnings) => {
      const slugFree = current.slug === expert.slug || !(await expertSlugTaken(tx, expert.slug));
      if (!slugFree) warnings.push(`another expert here has the slug ${expert.slug}; this one keeps ${current.slug}`);
      const translations = translationsOf(warnings);
      const changes = { ...profile, ...(slugFree && { slug: expert.slug }), ...(translations && { translations }) };
      const same = JSON.stringify([current.name, current.position, current.affiliation, current.bio, current.photoMediaId, parseProfileLinks(current.sameAs), current.slug]);
      // The command writes nothing when the texts in other languages are as given too.
      if (translations || same !== JSON.stringify([profile.name, profile.title, profile.affiliation, profile.bio, profile.photo, profile.same_as, changes.slug ?? current.slug])) {
        await updateExpert({ ...run.ctx, handle: tx }, run.actor, { id: current.id }, changes);
      }
    },
    after: async (tx, id) => {
      if (expert.created_at && expert.updated_at) await restoreExpertTimesFromExport(tx, id, { createdAt: expert.created_at, updatedAt: expert.updated_at });
    },
  });
}

/**
 * A glossary term with its anchor, in its language (one of this site's: `languages`, the default first;
 * a term of an export made before editions is in the default). A term this site's glossary has already in
 * that language (in any case) keeps its own words here; one in a language this site lacks is skipped.
 */
export function importTerm(run: ImportRun, term: ExportedTerm, bodyOf: (markdown: string) => string, languages: readonly string[]): Promise<number | undefined> {
  const words = { term: term.term, expansion: term.expansion, definition: bodyOf(term.definition), ...(term.language !== undefined && { language: term.language }) };
  const language = term.language ?? languages[0];
  return saveItem(run, {
    reportKind: 'glossary term',
    kind: 'glossary',
    key: `glossary ${term.id}`,
    label: `glossary term “${term.term}”${term.language ? ` (${term.language})` : ''}`,
    fingerprint: { ...words, slug: term.slug, created_at: term.created_at, updated_at: term.updated_at },
    find: (handle, id) => getGlossaryTerm(handle, id),
    create: async (tx) => (await createTerm({ ...run.ctx, handle: tx }, run.actor, words)).id,
    update: async (tx, current) => {
      const changed =
        current.term !== words.term || current.expansion !== words.expansion || current.definition !== words.definition || (words.language !== undefined && current.language !== words.language);
      if (changed) await updateTerm({ ...run.ctx, handle: tx }, run.actor, current.id, words);
    },
    existing: async (handle, warnings) => {
      const same = (await listGlossaryTerms(handle)).find((t) => t.termKey === term.term.toLowerCase() && t.language === language);
      if (same && (same.expansion !== words.expansion || same.definition !== words.definition)) warnings.push('this site’s glossary has the term already; its own words are kept');
      return same?.id;
    },
    after: async (tx, id) => {
      const kept = await restoreTermFromExport(tx, id, { slug: term.slug, createdAt: term.created_at, updatedAt: term.updated_at });
      if (kept && kept.slug !== term.slug) run.report.notes.push({ item: `glossary term “${term.term}”`, warnings: [`another term here has the anchor #${term.slug}; this one’s is #${kept.slug}`] });
    },
  });
}

/**
 * A portal's title, introduction and chosen articles (`articleIds`, already ids here). A portal this site
 * has curated itself (and no earlier run of this export did) keeps its title and introduction, and the
 * export's articles are added after its own.
 */
export async function importPortal(run: ImportRun, portal: ExportedPortal, articleIds: number[], introOf: (markdown: string) => string, languages: readonly string[]): Promise<void> {
  const published = await getPublishedArticlesByIds(run.ctx.handle, articleIds);
  const listed = articleIds.filter((id) => published.has(id));
  const dropped = articleIds.length - listed.length;
  const wordsOf = (warnings: string[]) => {
    const translations = translationsHere<{ title?: string; intro?: string }>(portal.translations, languages, {}, 'title and introduction', warnings);
    const texts = translations && Object.fromEntries(Object.entries(translations).map(([language, t]) => [language, { title: t.title ?? '', intro: introOf(t.intro ?? '') }]));
    return { title: portal.title, intro: introOf(portal.intro), articles: listed, ...(texts && { translations: texts }) };
  };
  await saveItem(run, {
    reportKind: 'portal',
    kind: 'portal',
    key: `portal ${portal.slug}`,
    label: `portal ${portal.slug}`,
    fingerprint: { ...portal, articles: listed },
    find: async (handle) => ({ ...(await getPortal(handle, portal.slug)), id: 0 }),
    create: async (tx, warnings) => {
      if (dropped) warnings.push(`${dropped} of its articles are not published here, and are not listed`);
      await updatePortal({ ...run.ctx, handle: tx }, run.actor, portal.slug, wordsOf(warnings));
      return 0;
    },
    // A portal the site has curated is the site's: it keeps its title and introduction, takes the export's
    // articles after its own this once, and is not touched by later runs.
    existing: async (handle) => {
      const own = await getPortal(handle, portal.slug);
      const untouched = own.articleIds.length === 0 && own.introMarkdown === '' && own.title === portalName(portal.slug) && Object.keys(own.translations).length === 0;
      return untouched ? undefined : 0;
    },
    adopt: async (tx, _id, warnings) => {
      warnings.push('this site has curated this portal itself: its title and introduction (in every language) are kept, and the export’s articles come after its own');
      if (dropped) warnings.push(`${dropped} of its articles are not published here, and are not listed`);
      const own = await getPortal(tx, portal.slug);
      const articles = [...own.articleIds, ...listed.filter((id) => !own.articleIds.includes(id))].slice(0, maxCuratedArticles);
      if (articles.length === own.articleIds.length) return false;
      await updatePortal({ ...run.ctx, handle: tx }, run.actor, portal.slug, { articles });
      return true;
    },
    update: async (tx, _current, warnings) => {
      if (dropped) warnings.push(`${dropped} of its articles are not published here, and are not listed`);
      await updatePortal({ ...run.ctx, handle: tx }, run.actor, portal.slug, wordsOf(warnings));
    },
  });
}

/**
 * An old address and where it leads. One this site has from the same address already is the same
 * redirect when it leads to the same place; otherwise this site's own is kept, with a warning.
 */
export function importRedirect(run: ImportRun, redirect: ExportedRedirect): Promise<number | undefined> {
  const rule = { from: redirect.from, to: redirect.to, status: redirect.status, prefix: redirect.prefix, note: redirect.note };
  const sameRule = (r: { target: string; status: number; prefix: number }) => r.target === redirect.to && r.status === redirect.status && r.prefix === (redirect.prefix ? 1 : 0);
  return saveItem(run, {
    reportKind: 'redirect',
    kind: 'redirect',
    key: `redirect ${redirect.id}`,
    label: `redirect from ${redirect.from}`,
    fingerprint: rule,
    find: (handle, id) => getRedirect(handle, id),
    create: async (tx) => (await createRedirect({ ...run.ctx, handle: tx }, run.actor, rule, redirect.origin)).id,
    update: async (tx, current) => {
      if (!sameRule(current) || current.note !== redirect.note || current.fromPath !== redirect.from) await updateRedirect({ ...run.ctx, handle: tx }, run.actor, current.id, rule);
    },
    existing: async (handle, warnings) => {
      const own = await getRedirectFrom(handle, redirect.from);
      if (own && !sameRule(own)) warnings.push(`this site sends ${redirect.from} to ${own.target} already; that is kept (the old site sent it to ${redirect.to})`);
      return own?.id;
    },
  });
}
