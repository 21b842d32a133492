import { slugCore } from '../db/slug.ts';
import { allCountries, countryByTagSlug, countryPath, countryTagSlug, type Country } from './countries.ts';
import { regionBySlug, regionPath, regions, type Region } from './regions.ts';
import { extraCountryNames } from './vocabulary.ts';
import { suggestPlaces, type ArticleText, type PlaceTag } from './detect.ts';

/**
 * Places as tags. A country's tag has kind "country", the slug of its English common name and that
 * name ("kazakhstan", "Kazakhstan"); a region's has kind "region" and the region's slug and name
 * ("central-asia", "Central Asia"). Feeds, search and the tag pages map between them with these.
 */
export type Place = { kind: 'country'; country: Country } | { kind: 'region'; region: Region };

export const countryTag = (c: Country): PlaceTag => ({ kind: 'country', slug: c.tagSlug, name: c.name });
export const regionTag = (r: Region): PlaceTag => ({ kind: 'region', slug: r.slug, name: r.name });

/** The place a tag stands for, if its kind and slug are a place's. */
export function placeOfTag(tag: { kind: string; slug: string }): Place | undefined {
  if (tag.kind === 'country') {
    const country = countryByTagSlug(tag.slug);
    return country && { kind: 'country', country };
  }
  if (tag.kind === 'region') {
    const region = regionBySlug(tag.slug);
    return region && { kind: 'region', region };
  }
  return undefined;
}

/** The public page of the place a tag stands for: /countries/kz, /regions/central-asia; undefined for a topic. */
export function placePathOfTag(tag: { kind: string; slug: string }): string | undefined {
  const place = placeOfTag(tag);
  if (!place) return undefined;
  return place.kind === 'country' ? countryPath(place.country) : regionPath(place.region);
}

let byLabelSlug: Map<string, PlaceTag> | undefined;

function labelIndex(): Map<string, PlaceTag> {
  const index = new Map<string, PlaceTag>();
  const add = (label: string, tag: PlaceTag) => {
    const key = slugCore(label);
    if (key && !index.has(key)) index.set(key, tag);
  };
  for (const r of regions) for (const label of [r.name, ...r.aliases]) add(label, regionTag(r));
  for (const c of allCountries()) for (const label of [c.name, c.officialName]) add(label, countryTag(c));
  for (const [code, labels] of Object.entries(extraCountryNames)) {
    const country = allCountries().find((c) => c.code === code)!;
    for (const label of labels) add(label, countryTag(country));
  }
  return index;
}

/**
 * The place a tag label names, by its name, official name or a short form ("Kazakhstan", "united
 * states", "UK", "EAEU"), so that a tag typed or accepted in the editor is made with the place's kind,
 * slug and name. Undefined for a topic.
 */
export function placeTagForLabel(label: string): PlaceTag | undefined {
  byLabelSlug ??= labelIndex();
  return byLabelSlug.get(slugCore(label));
}

/** The suggestions to store with an article at save: the places its text discusses, as JSON. */
export const suggestedTagsJson = (text: ArticleText): string => JSON.stringify(suggestPlaces(text));

/** The stored suggestions less the tags the article carries already (by slug). Bad JSON reads as none. */
export function pendingSuggestions(storedJson: string, carriedSlugs: Iterable<string>): PlaceTag[] {
  const carried = new Set(carriedSlugs);
  let stored: unknown;
  try {
    stored = JSON.parse(storedJson);
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  const isPlaceTag = (t: unknown): t is PlaceTag => typeof t === 'object' && t !== null && placeOfTag(t as PlaceTag) !== undefined;
  return stored
    .filter(isPlaceTag)
    .filter((t) => !carried.has(t.slug))
    .map(({ kind, slug, name }) => ({ kind, slug, name }));
}

/** The editor's checkbox for accepting a suggestion is named accept_place:<kind>:<slug>. */
export const acceptFieldName = (tag: PlaceTag) => `accept_place:${tag.kind}:${tag.slug}`;

/** The names of the places whose suggestion a form ticked; unknown or forged names are ignored. */
export function acceptedPlaceNames(fields: Record<string, string>): string[] {
  return Object.keys(fields).flatMap((field) => {
    const [prefix, kind, slug] = field.split(':');
    const place = prefix === 'accept_place' && kind && slug ? placeOfTag({ kind, slug }) : undefined;
    if (!place) return [];
    return [place.kind === 'country' ? place.country.name : place.region.name];
  });
}

/** A comma-separated tags text with these labels added, each once: a label that names the same tag as one there already is left out. */
export function withTagLabels(tagsText: string, labels: string[]): string {
  const present = tagsText
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const slugOf = (label: string) => placeTagForLabel(label)?.slug ?? slugCore(label);
  const slugs = new Set(present.map(slugOf));
  for (const label of labels) {
    if (slugs.has(slugOf(label))) continue;
    slugs.add(slugOf(label));
    present.push(label);
  }
  return present.join(', ');
}

/** The stored suggestions of an article less those the tags text (as the editor shows it) names already. */
export function suggestionsBesides(storedJson: string, tagsText: string): PlaceTag[] {
  const named = tagsText
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return pendingSuggestions(
    storedJson,
    named.map((label) => placeTagForLabel(label)?.slug ?? slugCore(label)),
  );
}

/**
 * The tags whose articles are a region's analysis, on its page, its feeds, the sitemap and in search:
 * the region's own, and for a geographic region its countries' too. An organisation (NATO, the EU,
 * BRICS…) or the Arctic is not every member's affairs: only what is tagged with it counts.
 */
export function regionAnalysisTagSlugs(region: Region): string[] {
  if (!region.inferred) return [region.slug];
  return [region.slug, ...region.members.flatMap((code) => countryTagSlug(code) ?? [])];
}
