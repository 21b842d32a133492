import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { Db } from '../schema.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { positiveId } from '../http/schemas.ts';
import { formProblem } from '../office/refusals.ts';
import type { SiteView } from '../views/site.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { Checkbox, ErrorSummary, Field, PostForm, Select, TextArea, type FieldErrors } from '../office/forms.tsx';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguages, type EditionLanguage } from '../views/i18n/languages.ts';
import { localeFor } from '../views/i18n/locale.ts';
import { placeName } from '../places/names.ts';
import { placeOfTag } from '../places/tags.ts';
import { getTagById, getTagDescriptions, getTagTranslations, getTagTranslationsByIds, listTags, type Tag, type TagNames } from './store.ts';
import { createTag, deleteTag, mergeTag, tagDescriptionMaxLength, updateTag, type TagChanges, type TagInput } from './commands.ts';
import { tagKinds, type TagKind } from './tables.ts';
import { tagPermissions } from './policies.ts';

const idParams = z.object({ id: positiveId });

const kindLabels: Record<TagKind, string> = { topic: 'Topic', region: 'Region', country: 'Country' };
const notices = { saved: 'Tag saved.', created: 'Tag created.', deleted: 'Tag deleted.', merged: 'Tags merged: this tag now carries the other one’s articles, and its old address leads here.' };

const section = 'tags';

/** A name field's form name in another language: `translations.ru.name`, which is also where the command reports its problems. */
const translatedField = (language: string) => `translations.${language}.name`;
const translatedLabel = (language: EditionLanguage) => `Name in ${editionLanguages[language].nativeName}`;

/** A description field's form name in another language: `translations.ru.description`. */
const translatedDescriptionField = (language: string) => `translations.${language}.description`;
const translatedDescriptionLabel = (language: EditionLanguage) => `Description in ${editionLanguages[language].nativeName}`;
const descriptionHint = 'Shown on the tag’s page under its name, and given to search engines. Markdown: *emphasis*, **bold**, [links](https://example.org), lists.';

/** The texts in other languages a form sent, as the command takes them; a language the site lacks is the command's to refuse. */
function translationsOf(body: Record<string, unknown>): Record<string, { name?: unknown; description?: unknown }> {
  const texts: Record<string, { name?: unknown; description?: unknown }> = {};
  for (const [field, value] of Object.entries(body)) {
    const [, language, text] = /^translations\.([^.]+)\.(name|description)$/.exec(field) ?? [];
    if (language !== undefined && text !== undefined) texts[language] = { ...texts[language], [text]: value };
  }
  return texts;
}

/** The labels of every field the tag forms have, for their error summaries. */
const formLabels = (otherLanguages: EditionLanguage[]) => ({
  name: 'Name',
  slug: 'Slug',
  kind: 'Kind',
  description: 'Description',
  ...Object.fromEntries(otherLanguages.flatMap((l) => [[translatedField(l), translatedLabel(l)] as const, [translatedDescriptionField(l), translatedDescriptionLabel(l)] as const])),
});

const typedValues = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** The fields in other languages, each edition's name and description together. */
function TranslatedFields(props: { tag?: Tag; otherLanguages: EditionLanguage[]; values: Record<string, string>; errors: FieldErrors }) {
  return (
    <>
      {props.otherLanguages.map((language) => {
        const place = props.tag && placeName(props.tag, language);
        return (
          <fieldset class="office-fieldset">
            <legend>In {editionLanguages[language].nativeName}</legend>
            <Field
              name={translatedField(language)}
              label={translatedLabel(language)}
              value={props.values[translatedField(language)]}
              errors={props.errors}
              maxLength={200}
              hint={place ? `Left empty, pages in this language call it “${place}”, the place’s own name there.` : 'Left empty, pages in this language show the name above.'}
            />
            <TextArea
              name={translatedDescriptionField(language)}
              label={translatedDescriptionLabel(language)}
              value={props.values[translatedDescriptionField(language)]}
              errors={props.errors}
              rows={3}
              maxLength={tagDescriptionMaxLength}
              hint="Left empty, pages in this language show the description above."
            />
          </fieldset>
        );
      })}
    </>
  );
}

function TagListPage(props: { site: SiteView; actor: UserActor; tags: Tag[]; visible: Set<number>; otherLanguages: EditionLanguage[]; names: Map<number, TagNames>; notice?: string }) {
  const { otherLanguages } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Tags" section={section} notice={props.notice}>
      <div class="page-actions">
        <h1>Tags</h1>
        {permits(tagPermissions, props.actor, 'create') && (
          <a class="button button-primary" href="/admin/tags/new">
            New tag
          </a>
        )}
      </div>
      <p class="office-lede">Topics, regions and countries that articles carry. A tag has a page for readers once a published article carries it.</p>
      {props.tags.length === 0 ? (
        <p>No tag yet: tags are made as articles are tagged, or here with “New tag”.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Slug</th>
                <th scope="col">Kind</th>
                {otherLanguages.length > 0 && <th scope="col">In other languages</th>}
                <th scope="col">Readers see it</th>
              </tr>
            </thead>
            <tbody>
              {props.tags.map((tag) => (
                <tr>
                  <td>
                    <a href={`/admin/tags/${tag.id}`}>{tag.name}</a>
                  </td>
                  <td>{tag.slug}</td>
                  <td>{kindLabels[tag.kind]}</td>
                  {otherLanguages.length > 0 && <td>{otherNames(tag, props.names.get(tag.id) ?? {}, otherLanguages)}</td>}
                  <td>{props.visible.has(tag.id) ? <a href={`/tags/${tag.slug}`}>Yes, on published articles</a> : 'No, on drafts or on nothing'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </OfficePage>
  );
}

/** "ru: Энергетика"; a place without a stored name shows the one pages give it. */
function otherNames(tag: Tag, names: TagNames, languages: EditionLanguage[]): string {
  const shown = languages.flatMap((language) => {
    const name = names[language] || placeName(tag, language);
    return name ? [`${language}: ${name}`] : [];
  });
  return shown.join('; ') || '—';
}

interface TagEditProps {
  site: SiteView;
  actor: UserActor;
  tag: Tag;
  /** The site's languages besides the default, each with a name field. */
  otherLanguages: EditionLanguage[];
  /** The fields by form name: name, kind, translations.ru.name… */
  values: Record<string, string>;
  errors: FieldErrors;
  deleteError?: string;
  /** The merge form's problem, and the target chosen. */
  mergeErrors?: FieldErrors;
  mergeInto?: string;
  /** Every other tag, which this one may be merged into. */
  others: Tag[];
  notice?: string;
}

function TagEditPage(props: TagEditProps) {
  const { tag, errors } = props;
  const csrf = props.actor.session!.csrfToken;
  const deleteErrors: FieldErrors = props.deleteError ? { confirm: props.deleteError } : {};
  return (
    <OfficePage site={props.site} actor={props.actor} title={`Tag: ${tag.name}`} section={section} notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/tags">Tags</a>
      </p>
      <h1>{tag.name}</h1>
      <p>
        <a href={`/tags/${tag.slug}`}>View the tag’s page</a>
      </p>
      <ErrorSummary errors={errors} labels={formLabels(props.otherLanguages)} />
      <PostForm action={`/admin/tags/${tag.id}`} csrf={csrf} class="office-form">
        <Field name="name" label="Name" value={props.values.name} errors={errors} required maxLength={200} />
        {placeOfTag(tag) ? (
          <p class="field-hint">The address is /tags/{tag.slug}, which ties this tag to its place’s page: it stays as it is.</p>
        ) : (
          <Field
            name="slug"
            label="Slug"
            value={props.values.slug}
            errors={errors}
            required
            maxLength={120}
            hint={`The tag’s address: /tags/${tag.slug}. Changed, the old address and its feeds lead to the new one, so links keep working.`}
          />
        )}
        <Select name="kind" label="Kind" value={props.values.kind} errors={errors} choices={tagKinds.map((k) => ({ value: k, label: kindLabels[k] }))} />
        <TextArea name="description" label="Description" value={props.values.description} errors={errors} rows={5} maxLength={tagDescriptionMaxLength} hint={descriptionHint} />
        <TranslatedFields tag={tag} otherLanguages={props.otherLanguages} values={props.values} errors={errors} />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Save tag
          </button>
        </div>
      </PostForm>
      {permits(tagPermissions, props.actor, 'merge') && props.others.length > 0 && <MergePanel tag={tag} csrf={csrf} others={props.others} errors={props.mergeErrors ?? {}} into={props.mergeInto} />}
      {permits(tagPermissions, props.actor, 'delete') && (
        <section class="office-panel danger-zone" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete this tag</h2>
          <ErrorSummary errors={deleteErrors} labels={{ confirm: 'Confirm deletion' }} />
          <p>Articles that carry it lose it; their text stays as it is. The tag’s page for readers goes.</p>
          <PostForm action={`/admin/tags/${tag.id}/delete`} csrf={csrf}>
            <Checkbox name="confirm" label="Yes, delete this tag" errors={deleteErrors} />
            <button type="submit" class="button button-danger">
              Delete tag
            </button>
          </PostForm>
        </section>
      )}
    </OfficePage>
  );
}

/** Merging this tag into another, with what it does said before it is done. */
function MergePanel(props: { tag: Tag; csrf: string; others: Tag[]; errors: FieldErrors; into?: string }) {
  const { tag } = props;
  return (
    <section class="office-panel" aria-labelledby="merge-heading">
      <h2 id="merge-heading">Merge into another tag</h2>
      <ErrorSummary errors={props.errors} labels={{ into: 'Merge into', confirm: 'Confirm merging' }} />
      <p>
        For two tags that mean the same. The articles tagged “{tag.name}” get the tag chosen instead (once, where they have both), /tags/{tag.slug} and its feeds lead to that tag’s page, and “
        {tag.name}” goes.
      </p>
      <PostForm action={`/admin/tags/${tag.id}/merge`} csrf={props.csrf}>
        <Select
          name="into"
          label="Merge into"
          value={props.into ?? ''}
          errors={props.errors}
          choices={[{ value: '', label: 'Choose a tag' }, ...props.others.map((other) => ({ value: other.slug, label: `${other.name} (${other.slug})`, group: kindLabels[other.kind] }))]}
        />
        <Checkbox name="confirm" label={`Yes, merge “${tag.name}” into the tag chosen`} errors={props.errors} />
        <button type="submit" class="button">
          Merge tags
        </button>
      </PostForm>
    </section>
  );
}

/** A new tag: its name, and optionally its slug, kind, description and names in other languages. */
function NewTagPage(props: { site: SiteView; actor: UserActor; otherLanguages: EditionLanguage[]; values: Record<string, string>; errors: FieldErrors }) {
  const { values, errors } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title="New tag" section={section}>
      <p class="breadcrumb">
        <a href="/admin/tags">Tags</a>
      </p>
      <h1>New tag</h1>
      <ErrorSummary errors={errors} labels={formLabels(props.otherLanguages)} />
      <PostForm action="/admin/tags/new" csrf={props.actor.session!.csrfToken} class="office-form">
        <Field name="name" label="Name" value={values.name} errors={errors} required maxLength={200} />
        <Field name="slug" label="Slug" value={values.slug} errors={errors} maxLength={120} hint="The tag’s address, /tags/slug. Left empty, it is made from the name." />
        <Select name="kind" label="Kind" value={values.kind ?? 'topic'} errors={errors} choices={tagKinds.map((k) => ({ value: k, label: kindLabels[k] }))} />
        <TextArea name="description" label="Description" value={values.description} errors={errors} rows={5} maxLength={tagDescriptionMaxLength} hint={descriptionHint} />
        <TranslatedFields otherLanguages={props.otherLanguages} values={values} errors={errors} />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Create tag
          </button>
        </div>
      </PostForm>
    </OfficePage>
  );
}

/** Tags in the editorial office: the list, making, describing, renaming, merging and deleting. */
/** The ids of the tags a published article carries (their pages exist): articles answer, passed in by app.tsx. */
export type PublishedTagIds = (handle: Db) => Promise<Set<number>>;

export async function tagOffice(app: FastifyInstance, ctx: AppContext, publishedTagIds: PublishedTagIds): Promise<void> {
  const { handle } = ctx;

  /** The tag the address names; a malformed id names none (the command refuses whoever may not act first). */
  const tagIdOf = (request: FastifyRequest) => {
    const parsed = idParams.safeParse(request.params);
    return parsed.success ? parsed.data.id : 0;
  };

  async function tagOf(request: FastifyRequest): Promise<Tag> {
    const tag = await getTagById(handle, tagIdOf(request));
    if (!tag) throw notFound('There is no such tag');
    return tag;
  }

  /** The site's languages besides its default: the office asks for a name in each. */
  const otherLanguages = async () => (await getSiteSettings(handle)).languages.slice(1);

  async function savedValues(tag: Tag): Promise<Record<string, string>> {
    const [names, descriptions] = await Promise.all([getTagTranslations(handle, tag.id), getTagDescriptions(handle, tag.id)]);
    return {
      name: tag.name,
      slug: tag.slug,
      kind: tag.kind,
      description: tag.description,
      ...Object.fromEntries(Object.entries(names).map(([language, name]) => [translatedField(language), name])),
      ...Object.fromEntries(Object.entries(descriptions).map(([language, text]) => [translatedDescriptionField(language), text.description])),
    };
  }

  /** Every tag but this one, as the site's default language sorts them: what it may be merged into. */
  async function otherTags(tag: Tag): Promise<Tag[]> {
    const { compare } = localeFor((await getSiteSettings(handle)).languages[0]!);
    return (await listTags(handle)).filter((other) => other.id !== tag.id).sort((a, b) => compare(a.name, b.name) || a.id - b.id);
  }

  const sendEditPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    tag: Tag,
    form: Partial<Pick<TagEditProps, 'values' | 'errors' | 'deleteError' | 'mergeErrors' | 'mergeInto'>> = {},
    status = 200,
  ) =>
    sendOfficePage(
      reply,
      <TagEditPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        tag={tag}
        otherLanguages={await otherLanguages()}
        values={form.values ?? (await savedValues(tag))}
        errors={form.errors ?? {}}
        deleteError={form.deleteError}
        mergeErrors={form.mergeErrors}
        mergeInto={form.mergeInto}
        others={await otherTags(tag)}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />,
      status,
    );

  /** What the tag forms send, as the commands take it. */
  const formInput = (body: Record<string, unknown>) => ({
    name: body.name,
    kind: body.kind,
    ...(body.slug !== undefined && { slug: body.slug }),
    ...(body.description !== undefined && { description: body.description }),
    translations: translationsOf(body),
  });

  const sendNewPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FieldErrors, status: number) =>
    sendOfficePage(reply, <NewTagPage site={await ctx.siteView()} actor={officeActor(request)} otherLanguages={await otherLanguages()} values={values} errors={errors} />, status);

  app.get('/admin/tags/new', async (request, reply) => {
    requirePermission(tagPermissions, officeActor(request), 'create');
    return sendNewPage(request, reply, { kind: 'topic' }, {}, 200);
  });

  app.post('/admin/tags/new', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { slug, ...input } = formInput(body);
    let tag: Tag;
    try {
      // An empty slug is none: the command makes one from the name.
      tag = await createTag(requestContext(ctx, request), officeActor(request), { ...input, ...(slug !== '' && slug !== undefined && { slug }) } as TagInput);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return sendNewPage(request, reply, typedValues(body), problem.errors, problem.status);
    }
    return redirectAfterPost(reply, `/admin/tags/${tag.id}`, 'created');
  });

  app.get('/admin/tags', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(tagPermissions, actor, 'list');
    const [tags, visible, settings] = await Promise.all([listTags(handle), publishedTagIds(handle), getSiteSettings(handle)]);
    // By kind, then A to Z as the site's default language sorts names (Cyrillic ones too, Ё beside Е).
    const { compare } = localeFor(settings.languages[0]!);
    tags.sort((a, b) => (a.kind === b.kind ? 0 : a.kind < b.kind ? -1 : 1) || compare(a.name, b.name) || a.id - b.id);
    const otherLanguages = settings.languages.slice(1);
    // Every tag is listed, so every tag's names are read (no list of ids as long as the tags).
    const names = otherLanguages.length > 0 ? await getTagTranslationsByIds(handle) : new Map<number, TagNames>();
    return sendOfficePage(
      reply,
      <TagListPage site={await ctx.siteView()} actor={actor} tags={tags} visible={visible} otherLanguages={otherLanguages} names={names} notice={noticeFrom(request, notices)} />,
    );
  });

  app.get('/admin/tags/:id', async (request, reply) => {
    requirePermission(tagPermissions, officeActor(request), 'update');
    return sendEditPage(request, reply, await tagOf(request));
  });

  app.post('/admin/tags/:id', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await updateTag(requestContext(ctx, request), officeActor(request), tagIdOf(request), formInput(body) as TagChanges, { everyField: true });
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      const tag = await tagOf(request);
      const typed = typedValues(body);
      typed.kind ??= tag.kind;
      typed.slug ??= tag.slug;
      return sendEditPage(request, reply, tag, { values: typed, errors: problem.errors }, problem.status);
    }
    return redirectAfterPost(reply, `/admin/tags/${tagIdOf(request)}`, 'saved');
  });

  app.post('/admin/tags/:id/merge', async (request, reply) => {
    const actor = officeActor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const into = typeof body.into === 'string' ? body.into : '';
    // Unconfirmed or without a target, the form comes back to those who may merge; the command refuses everyone else.
    if (permits(tagPermissions, actor, 'merge') && (body.confirm !== '1' || into === '')) {
      const mergeErrors: FieldErrors = into === '' ? { into: 'Choose the tag to merge this one into.' } : { confirm: 'Tick the box to confirm the merge: it cannot be undone.' };
      return sendEditPage(request, reply, await tagOf(request), { mergeErrors, mergeInto: into }, 422);
    }
    let target: Tag;
    try {
      target = await mergeTag(requestContext(ctx, request), actor, tagIdOf(request), { into });
    } catch (err) {
      const problem = formProblem(err);
      if (!problem || problem.status === 403 || problem.status === 404) throw err;
      return sendEditPage(request, reply, await tagOf(request), { mergeErrors: problem.errors, mergeInto: into }, problem.status);
    }
    return redirectAfterPost(reply, `/admin/tags/${target.id}`, 'merged');
  });

  app.post('/admin/tags/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    // Unconfirmed, the form comes back to those who may delete; the command refuses everyone else.
    if ((request.body as Record<string, unknown> | undefined)?.confirm !== '1' && permits(tagPermissions, actor, 'delete')) {
      return sendEditPage(request, reply, await tagOf(request), { deleteError: 'Tick the box to confirm that the tag should go.' }, 422);
    }
    await deleteTag(requestContext(ctx, request), actor, tagIdOf(request));
    return redirectAfterPost(reply, '/admin/tags', 'deleted');
  });
}
