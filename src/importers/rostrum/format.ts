/**
 * Rostrum's own export (`rostrum export`), as `rostrum import rostrum` reads it: the shape of every item,
 * checked at the boundary with the rules the commands that will write it apply, so that a file the import
 * accepts in its first pass cannot be refused half-way through the second. docs/export.schema.json
 * describes the same format for people and other programs.
 */
import { maxAuthors } from '../../articles/authors.ts';
import { z } from 'zod';
import { cutAtWord } from '../../views/format.ts';
import { isoDateTime, positiveId, slugField } from '../../http/schemas.ts';
import { siteSettingsFields } from '../../site/fields.ts';
import { editionLanguageCodes, type EditionLanguage } from '../../views/i18n/languages.ts';
import { tagInputSchema } from '../../tags/commands.ts';
import { tagKinds } from '../../tags/tables.ts';
import { expertInputSchema } from '../../experts/commands.ts';
import { descriptionSchema } from '../../media/commands.ts';
import { maxUploadBytes } from '../../media/fields.ts';
import { pollAnswerListField, pollQuestionField } from '../../polls/fields.ts';
import { hasDistinctLabels } from '../../polls/present.ts';
import { pollStatuses, resultsPolicies } from '../../polls/tables.ts';
import { createTermSchema } from '../../glossary/input.ts';
import { articleStatuses } from '../../articles/tables.ts';
import { articleSlugField, languageTag } from '../../articles/input.ts';
import { createPageSchema } from '../../standalone-pages/input.ts';
import { pageMenus, pageStatuses } from '../../standalone-pages/tables.ts';
import { curatedArticlesField, portalIntroField, portalTitleField, portalTranslationsField } from '../../portals/fields.ts';
import { portalSlugs } from '../../portals/tables.ts';
import { createRedirectSchema } from '../../redirects/input.ts';

export const exportFormatName = 'rostrum-export';
/** The version `rostrum export` writes; the import reads it and every earlier one. */
export const currentExportVersion = 2;
/**
 * Version 2 grew, in December 2026, fields for language editions, each optional so that the exports made
 * before still read as they did: articles' `translation_of`, the `translations` of experts, tags and
 * portals, and the `language` of polls and glossary terms. An item without them leaves what they describe
 * as it is here.
 */

/** The lists of a version 2 export, in the order they are written: each names only what comes before it. */
export const exportSections = ['tags', 'media', 'experts', 'polls', 'ballots', 'glossary', 'articles', 'pages', 'portals', 'redirects'] as const;
export type ExportSection = (typeof exportSections)[number];

/**
 * Text kept as the old site kept it: the importer must not change a character (a changed space can change
 * the page), so this checks and never transforms. Articles' text is written by no schema of its own (the
 * article commands take it as given), so it is held to these bounds only.
 */
const keptText = (max: number, required = false) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters')
    .refine((s) => !required || s.trim() !== '', 'must not be empty');

/** A time in UTC to the second or the millisecond: the forms Rostrum stores (its own, and its demo's). */
const storedForm = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * A time, checked, and written as Rostrum stores times (`2024-05-02T08:00:00.000Z`) unless it is in such a
 * form already: times are compared as text, so a date alone or one with an offset would sort wrongly
 * against the site's own; one in UTC is kept as it was, since pages and their JSON print it as stored.
 */
const time = z
  .string()
  .refine((s) => isoDateTime.safeParse(s).success, 'must be an ISO 8601 date-time, such as 2024-05-02T08:00:00Z')
  .transform((s) => (storedForm.test(s) ? s : isoDateTime.parse(s)));
const optionalTime = time.nullable();
/** The largest number a count column holds on PostgreSQL (integer): more would fail half-way through the import. */
const maxCount = 2_147_483_647;
const count = z.number().int().min(0).max(maxCount, `must be at most ${maxCount}`);
/** When the export was written: checked like every other time, though nothing is kept of it. */
export const exportedAtSchema = time;

/** What a field of the old site's rules says, as the command that writes it will say it. */
const passes =
  <T extends z.ZodTypeAny>(schema: T, pick: (value: Record<string, unknown>) => unknown) =>
  (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const result = schema.safeParse(pick(value));
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, message: issue.message, path: issue.path });
  };

export const siteSchema = z
  .object({
    /** Stable for the life of the exported site's database: what every item's source key starts from. */
    id: z.string().regex(/^[0-9a-f]{16,64}$/, 'must be the exported site’s identity, in hexadecimal'),
    public_url: z.string().max(2000),
  })
  .strict();

/** Exports made before language editions (December 2026) carry no languages: the site's own stay as they are. */
export const settingsSchema = z.object(siteSettingsFields).partial({ languages: true, translations: true, time_zone: true }).strict();

/**
 * Texts in other languages than the exported site's default, by language code, as the commands take them.
 * Their rules (known languages, lengths) are the commands' own, checked through `passes`.
 */
const translationsOf = <T extends z.ZodRawShape>(texts: T) => z.record(z.string(), z.object(texts).partial().strict());

const tagFields = { slug: slugField, name: z.string(), kind: z.enum(tagKinds) };
const tagTranslations = translationsOf({ name: z.string(), description: z.string() });
export const tagSchema = z
  .object({ id: positiveId, ...tagFields, description: z.string().optional(), translations: tagTranslations.optional() })
  .strict()
  .superRefine(passes(tagInputSchema, (t) => ({ name: t.name, slug: t.slug, kind: t.kind, description: t.description, translations: t.translations })));
/** Version 1 named tags by their slugs only. */
export const tagSchemaV1 = z
  .object(tagFields)
  .strict()
  .superRefine(passes(tagInputSchema, (t) => ({ name: t.name, slug: t.slug, kind: t.kind })));

const base64 = z
  .string()
  .min(1, 'holds no image')
  .max(Math.ceil(maxUploadBytes / 3) * 4, 'is larger than the 20 MB an image may be')
  .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'must be the image’s bytes in base64');

export const mediaSchema = z
  .object({
    id: positiveId,
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the image, in hexadecimal'),
    mime: z.string().regex(/^image\/[a-z0-9.+-]+$/, 'must be an image type such as image/jpeg'),
    width: positiveId,
    height: positiveId,
    alt: z.string(),
    credit: z.string(),
    credit_url: z.string(),
    variant_widths: z.string().regex(/^(\d+(,\d+)*)?$/, 'must be widths separated by commas'),
    created_at: time,
    original_base64: base64,
  })
  .strict()
  .superRefine(passes(descriptionSchema, (m) => ({ alt: m.alt, credit: m.credit, credit_url: m.credit_url })));

const expertFields = {
  slug: slugField,
  name: z.string(),
  position: z.string(),
  affiliation: z.string(),
  bio: z.string(),
  photo: positiveId.nullable(),
  same_as: z.array(z.string()),
};
const expertRules = passes(expertInputSchema, (e) => ({
  name: e.name,
  slug: e.slug,
  title: e.position,
  affiliation: e.affiliation,
  bio: e.bio,
  photo: e.photo,
  same_as: e.same_as,
  translations: e.translations,
}));
/** A profile in another language, in the API's names (`title` is the position). */
const expertTranslations = translationsOf({ name: z.string(), title: z.string(), affiliation: z.string(), bio: z.string() });
export const expertSchema = z
  .object({ id: positiveId, ...expertFields, translations: expertTranslations.optional(), created_at: time, updated_at: time })
  .strict()
  .superRefine(expertRules);
/** Version 1 named experts by their slugs, with no times. */
export const expertSchemaV1 = z.object(expertFields).strict().superRefine(expertRules);

const pollOptionSchema = z.object({ id: positiveId, position: count, label: z.string(), votes: count }).strict();
export const pollSchema = z
  .object({
    id: positiveId,
    question: pollQuestionField,
    max_choices: positiveId,
    status: z.enum(pollStatuses),
    results_policy: z.enum(resultsPolicies),
    opens_at: optionalTime,
    closes_at: optionalTime,
    current: z.boolean(),
    /** The edition it belongs to; one current poll per language. */
    language: languageTag.optional(),
    voters: count,
    created_at: time,
    updated_at: time,
    options: z.array(pollOptionSchema),
  })
  .strict()
  .superRefine((poll, ctx) => {
    if (poll.opens_at && poll.closes_at && poll.closes_at <= poll.opens_at) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must come after opens_at', path: ['closes_at'] });
    const ordered = [...poll.options].sort((a, b) => a.position - b.position);
    const labels = pollAnswerListField('options').safeParse(ordered.map((o) => o.label));
    if (!labels.success) for (const issue of labels.error.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, message: issue.message, path: ['options', ...issue.path] });
    else if (!hasDistinctLabels(labels.data)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'two options read the same', path: ['options'] });
    if (new Set(poll.options.map((o) => o.id)).size !== poll.options.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'two options have one id', path: ['options'] });
    if (poll.max_choices > poll.options.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is more than the number of options', path: ['max_choices'] });
    if (poll.options.some((o) => o.votes > poll.voters * poll.max_choices))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an option has more votes than the poll has voters', path: ['options'] });
  });

export const ballotSchema = z.object({ poll: positiveId, cast_at: time, options: z.array(positiveId).min(1, 'names no option') }).strict();

/** A language Rostrum has an edition in: what a glossary term may be filed under. */
const editionLanguage = z.enum(editionLanguageCodes as [EditionLanguage, ...EditionLanguage[]], {
  errorMap: () => ({ message: `is not a language Rostrum has an edition in: ${editionLanguageCodes.join(', ')}` }),
});
const glossaryRules = passes(createTermSchema, (g) => ({ term: g.term, expansion: g.expansion, definition: g.definition, language: g.language }));
export const glossarySchema = z
  .object({ id: positiveId, term: z.string(), slug: slugField, expansion: z.string(), definition: z.string(), language: editionLanguage.optional(), created_at: time, updated_at: time })
  .strict()
  .superRefine(glossaryRules);

const articleFields = {
  id: positiveId,
  expert: slugField,
  // Chosen by hand in any script (`средний-коридор`), as the article commands take it.
  slug: articleSlugField,
  // The article commands' own limits (articles/input.ts): longer would be refused half-way through.
  title: keptText(300, true),
  lead: keptText(2000),
  body: keptText(200_000),
  image: positiveId.nullable(),
  status: z.enum(articleStatuses),
  language: languageTag,
  featured: z.boolean(),
  published_at: optionalTime,
  created_at: time,
  updated_at: time,
  tags: z.array(slugField),
};
/** What goes to review or to readers must have a lead and a body, as the article commands require. */
const wholeWhenNotDraft = (a: { status: string; lead: string; body: string }, ctx: z.RefinementCtx) => {
  if (a.status === 'draft') return;
  if (a.lead.trim() === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must not be empty for an article that is ${a.status}`, path: ['lead'] });
  if (a.body.trim() === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must not be empty for an article that is ${a.status}`, path: ['body'] });
};
export const articleSchema = z
  .object({
    ...articleFields,
    poll: positiveId.nullable(),
    /** The article whose version in another language this one is: the first of its group (null: none, or it is the first). */
    translation_of: positiveId.nullable().optional(),
    /** A co-written article's authors in byline order, `expert` first (absent: `expert` alone). */
    experts: z.array(slugField).min(1).max(maxAuthors).optional(),
  })
  .strict()
  .superRefine(wholeWhenNotDraft)
  .superRefine((a, ctx) => {
    if (a.experts && (a.experts[0] !== a.expert || new Set(a.experts).size !== a.experts.length))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must start with the article’s expert and name each expert once', path: ['experts'] });
  });
/** Version 1 had no polls on articles. */
export const articleSchemaV1 = z.object(articleFields).strict().superRefine(wholeWhenNotDraft);

export const pageSchema = z
  .object({
    id: positiveId,
    title: z.string(),
    path: z.string(),
    body: z.string(),
    status: z.enum(pageStatuses),
    menu: z.enum(pageMenus),
    menu_order: z.number().int(),
    published_at: optionalTime,
    created_at: time,
    updated_at: time,
  })
  .strict()
  .superRefine(passes(createPageSchema, (p) => ({ title: p.title, path: p.path, body: p.body, status: p.status, menu: p.menu, menu_order: p.menu_order })))
  .superRefine((p, ctx) => {
    if (p.path === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must not be empty', path: ['path'] });
  });

const portalFields = { slug: z.enum(portalSlugs), title: portalTitleField, intro: portalIntroField, articles: curatedArticlesField };
/** Version 1 had no portal words in other languages. */
export const portalSchemaV1 = z.object(portalFields).strict();
export const portalSchema = z.object({ ...portalFields, translations: portalTranslationsField.optional() }).strict();

export const redirectSchema = z
  .object({
    id: positiveId,
    from: z.string(),
    to: z.string(),
    status: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]),
    prefix: z.boolean(),
    origin: z.enum(['office', 'api', 'move', 'import']),
    note: z.string(),
    created_at: time,
    updated_at: time,
  })
  .strict()
  .superRefine(passes(createRedirectSchema, (r) => ({ from: r.from, to: r.to, status: r.status, prefix: r.prefix, note: r.note })));

export type ExportedSite = z.output<typeof siteSchema>;
export type ExportedSettings = z.output<typeof settingsSchema>;
export type ExportedTag = z.output<typeof tagSchemaV1> & { id?: number; description?: string; translations?: z.output<typeof tagTranslations> };
export type ExportedMedia = z.output<typeof mediaSchema>;
export type ExportedExpert = z.output<typeof expertSchemaV1> & { id?: number; created_at?: string; updated_at?: string; translations?: z.output<typeof expertTranslations> };
export type ExportedPoll = z.output<typeof pollSchema>;
export type ExportedBallot = z.output<typeof ballotSchema>;
export type ExportedTerm = z.output<typeof glossarySchema>;
export type ExportedArticle = z.output<typeof articleSchemaV1> & { poll?: number | null; translation_of?: number | null; experts?: string[] };
export type ExportedPage = z.output<typeof pageSchema>;
export type ExportedPortal = z.output<typeof portalSchema>;
export type ExportedRedirect = z.output<typeof redirectSchema>;

/** Each list's item schema, by version. */
export const itemSchemas: Record<1 | 2, Partial<Record<ExportSection, z.ZodTypeAny>>> = {
  1: { tags: tagSchemaV1, media: mediaSchema, experts: expertSchemaV1, articles: articleSchemaV1, portals: portalSchemaV1 },
  2: {
    tags: tagSchema,
    media: mediaSchema,
    experts: expertSchema,
    polls: pollSchema,
    ballots: ballotSchema,
    glossary: glossarySchema,
    articles: articleSchema,
    pages: pageSchema,
    portals: portalSchema,
    redirects: redirectSchema,
  },
};

/** A title or question as messages show it: whole when short, cut at a word otherwise. */
export const shortName = (text: string) => cutAtWord(text, 60);

/** What each item is called in messages: "article 12 “Title”". */
export function itemLabel(section: ExportSection, item: Record<string, unknown>): string {
  const name = (['title', 'name', 'term', 'question', 'from', 'path'] as const).map((k) => item[k]).find((v) => typeof v === 'string');
  const id = item.id ?? item.slug;
  const noun = {
    tags: 'tag',
    media: 'image',
    experts: 'expert',
    polls: 'poll',
    ballots: 'ballot',
    glossary: 'glossary term',
    articles: 'article',
    pages: 'page',
    portals: 'portal',
    redirects: 'redirect',
  }[section];
  const shown = typeof name === 'string' ? ` “${shortName(name)}”` : '';
  return `${noun}${id !== undefined ? ` ${String(id)}` : ''}${shown}`;
}
