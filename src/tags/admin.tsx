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
import { Checkbox, ErrorSummary, Field, PostForm, Select, type FieldErrors } from '../office/forms.tsx';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguages, type EditionLanguage } from '../views/i18n/languages.ts';
import { localeFor } from '../views/i18n/locale.ts';
import { placeName } from '../places/names.ts';
import { getTagById, getTagTranslations, getTagTranslationsByIds, listTags, type Tag, type TagNames } from './store.ts';
import { deleteTag, updateTag, type TagChanges } from './commands.ts';
import { tagKinds, type TagKind } from './tables.ts';
import { tagPermissions } from './policies.ts';

const idParams = z.object({ id: positiveId });

const kindLabels: Record<TagKind, string> = { topic: 'Topic', region: 'Region', country: 'Country' };
const notices = { saved: 'Tag saved.', deleted: 'Tag deleted.' };

const section = 'tags';

/** A name field's form name in another language: `translations.ru.name`, which is also where the command reports its problems. */
const translatedField = (language: string) => `translations.${language}.name`;
const translatedLabel = (language: EditionLanguage) => `Name in ${editionLanguages[language].nativeName}`;

/** The names in other languages a form sent, as the command takes them; a language the site lacks is the command's to refuse. */
function translationsOf(body: Record<string, unknown>): Record<string, { name: unknown }> {
  const names: Record<string, { name: unknown }> = {};
  for (const [field, value] of Object.entries(body)) {
    const language = /^translations\.([^.]+)\.name$/.exec(field)?.[1];
    if (language !== undefined) names[language] = { name: value };
  }
  return names;
}

function TagListPage(props: { site: SiteView; actor: UserActor; tags: Tag[]; visible: Set<number>; otherLanguages: EditionLanguage[]; names: Map<number, TagNames>; notice?: string }) {
  const { otherLanguages } = props;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Tags" section={section} notice={props.notice}>
      <h1>Tags</h1>
      <p class="office-lede">Topics, regions and countries that articles carry. A tag has a page for readers once a published article carries it.</p>
      {props.tags.length === 0 ? (
        <p>No tag yet: tags are made as articles are tagged.</p>
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
      <ErrorSummary errors={errors} labels={{ name: 'Name', kind: 'Kind', ...Object.fromEntries(props.otherLanguages.map((l) => [translatedField(l), translatedLabel(l)])) }} />
      <PostForm action={`/admin/tags/${tag.id}`} csrf={csrf} class="office-form">
        <Field name="name" label="Name" value={props.values.name} errors={errors} required maxLength={200} hint={`The address stays /tags/${tag.slug}, so links to it keep working.`} />
        <Select name="kind" label="Kind" value={props.values.kind} errors={errors} choices={tagKinds.map((k) => ({ value: k, label: kindLabels[k] }))} />
        {props.otherLanguages.map((language) => {
          const place = placeName(tag, language);
          return (
            <Field
              name={translatedField(language)}
              label={translatedLabel(language)}
              value={props.values[translatedField(language)]}
              errors={errors}
              maxLength={200}
              hint={place ? `Left empty, pages in this language call it “${place}”, the place’s own name there.` : 'Left empty, pages in this language show the name above.'}
            />
          );
        })}
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            Save tag
          </button>
        </div>
      </PostForm>
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

/** Tags in the editorial office: the list, renaming and deleting. */
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
    const names = await getTagTranslations(handle, tag.id);
    return { name: tag.name, kind: tag.kind, ...Object.fromEntries(Object.entries(names).map(([language, name]) => [translatedField(language), name])) };
  }

  const sendEditPage = async (request: FastifyRequest, reply: FastifyReply, tag: Tag, form: Partial<Pick<TagEditProps, 'values' | 'errors' | 'deleteError'>> = {}, status = 200) =>
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
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />,
      status,
    );

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
      await updateTag(
        requestContext(ctx, request),
        officeActor(request),
        tagIdOf(request),
        { name: body.name as string, kind: body.kind as TagKind, translations: translationsOf(body) } as TagChanges,
        {
          everyField: true,
        },
      );
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      const tag = await tagOf(request);
      const typed = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
      typed.kind ??= tag.kind;
      return sendEditPage(request, reply, tag, { values: typed, errors: problem.errors }, problem.status);
    }
    return redirectAfterPost(reply, `/admin/tags/${tagIdOf(request)}`, 'saved');
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
