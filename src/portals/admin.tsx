import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { formProblem } from '../office/refusals.ts';
import type { SiteView } from '../views/site.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { ErrorSummary, Field, PostForm, TextArea, type FieldErrors } from '../office/forms.tsx';
import { getPublishedArticlesByIds, type ArticleSummary } from '../articles/store.ts';
import { findPortalChoices, PortalArticleChoices, type PortalFind } from './article-picker.tsx';
import { PickerField } from '../office/picker.tsx';
import { articlePath } from '../articles/paths.ts';
import { getExpertsByIds, type Expert } from '../experts/store.ts';
import { getPortal, portalName, portalPublicPaths, type Portal } from './store.ts';
import { changePortalList, updatePortal, type ListStep, type PortalChanges } from './commands.ts';
import { portalSlugs, type PortalSlug } from './tables.ts';
import { portalPermissions } from './policies.ts';
import { maxCuratedArticles, portalIntroMaxLength, portalTitleMaxLength } from './fields.ts';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguageCodes, editionLanguages, type EditionLanguage } from '../views/i18n/languages.ts';

/** A text's form field in another language: `translations.ru.intro`, also where the command reports a problem with it. */
const translatedField = (language: string, field: 'title' | 'intro') => `translations.${language}.${field}`;
const fieldWords = { title: 'Title', intro: 'Introduction' } as const;
const translatedLabel = (language: EditionLanguage, field: 'title' | 'intro') => `${fieldWords[field]} in ${editionLanguages[language].nativeName}`;
const textLabels = {
  ...fieldWords,
  ...Object.fromEntries(editionLanguageCodes.flatMap((language) => (['title', 'intro'] as const).map((field) => [translatedField(language, field), translatedLabel(language, field)]))),
};

/** The words in other languages a form sent, as the command takes them; a language the site lacks is the command's to refuse. */
function translationsOf(body: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const translations: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(body)) {
    const [, language, field] = /^translations\.([^.]+)\.(title|intro)$/.exec(key) ?? [];
    if (language !== undefined && field !== undefined) (translations[language] ??= {})[field] = value;
  }
  return translations;
}

/** The saved words as the form shows them. */
const savedText = (portal: Portal): Record<string, string> => ({
  title: portal.title,
  intro: portal.introMarkdown,
  ...Object.fromEntries(
    Object.entries(portal.translations).flatMap(([language, t]) => [
      [translatedField(language, 'title'), t.title],
      [translatedField(language, 'intro'), t.introMarkdown],
    ]),
  ),
});

const notices = { saved: 'Portal text saved.', added: 'Article added to the list.', moved: 'List order saved.', removed: 'Article removed from the list.' };

// Kept here too: the list's tests read it beside the screens that use it.
export { reorder } from './commands.ts';

interface CuratedItem {
  id: number;
  /** Absent when the article is no longer published: readers do not see it, editors may remove it. */
  article?: ArticleSummary;
  expert?: Expert;
}

interface PortalPageProps {
  site: SiteView;
  actor: UserActor;
  portal: Portal;
  curated: CuratedItem[];
  /** What a search for an article to add found (the picker's answer without JavaScript), when one was made. */
  found?: PortalFind;
  /** The site's languages besides the default, each with its own title and introduction. */
  otherLanguages: EditionLanguage[];
  /** The text fields by form name: title, intro, translations.ru.title… */
  text: Record<string, string>;
  errors: FieldErrors;
  listError?: string;
  notice?: string;
}

function PortalListPage(props: { site: SiteView; actor: UserActor; portals: Portal[] }) {
  return (
    <OfficePage site={props.site} actor={props.actor} title="Portals" section="portals">
      <h1>Portals</h1>
      <p class="office-lede">Each portal has an introduction and a list of articles chosen for its readers; the latest analysis follows on its own.</p>
      <ScrollingTable>
        <table class="office-table">
          <thead>
            <tr>
              <th scope="col">Portal</th>
              <th scope="col">Page title</th>
              <th scope="col">Chosen articles</th>
              <th scope="col">On the site</th>
            </tr>
          </thead>
          <tbody>
            {props.portals.map((portal) => (
              <tr>
                <td>
                  <a href={`/admin/portals/${portal.slug}`}>{portalName(portal.slug)}</a>
                </td>
                <td>{portal.title}</td>
                <td>{portal.articleIds.length}</td>
                <td>
                  <a href={portalPublicPaths[portal.slug]}>{portalPublicPaths[portal.slug]}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollingTable>
    </OfficePage>
  );
}

function CuratedList(props: { portal: Portal; curated: CuratedItem[]; csrf: string }) {
  const { portal, curated, csrf } = props;
  const action = `/admin/portals/${portal.slug}/articles`;
  if (curated.length === 0) return <p>No article chosen yet: the portal shows only the latest analysis.</p>;
  return (
    <ol class="curated-list">
      {curated.map((item, i) => {
        const name = item.article ? item.article.title : `Article ${item.id}`;
        return (
          <li class="curated-item">
            <div class="curated-text">
              {item.article && item.expert ? <a href={articlePath(item.expert.slug, item.article.slug)}>{item.article.title}</a> : <span>{name}</span>}
              {item.expert && <span class="curated-meta">{item.expert.name}</span>}
              {!item.article && <span class="curated-meta">Not published now: readers do not see it here.</span>}
            </div>
            <PostForm action={action} csrf={csrf} class="curated-actions">
              <input type="hidden" name="article" value={String(item.id)} />
              {i > 0 && (
                <button type="submit" name="move" value="up" class="button">
                  Move up<span class="visually-hidden">: {name}</span>
                </button>
              )}
              {i < curated.length - 1 && (
                <button type="submit" name="move" value="down" class="button">
                  Move down<span class="visually-hidden">: {name}</span>
                </button>
              )}
              <button type="submit" name="move" value="remove" class="button button-danger">
                Remove<span class="visually-hidden">: {name}</span>
              </button>
            </PostForm>
          </li>
        );
      })}
    </ol>
  );
}

function PortalEditPage(props: PortalPageProps) {
  const { portal, actor, errors } = props;
  const csrf = actor.session!.csrfToken;
  const name = portalName(portal.slug);
  return (
    <OfficePage site={props.site} actor={actor} title={name} section="portals" notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/portals">Portals</a>
      </p>
      <div class="page-actions">
        <h1>{name}</h1>
        <a href={portalPublicPaths[portal.slug]}>View the portal</a>
      </div>
      <section aria-labelledby="text-heading">
        <h2 id="text-heading">Title and introduction</h2>
        <ErrorSummary errors={errors} labels={textLabels} />
        <PostForm action={`/admin/portals/${portal.slug}`} csrf={csrf} class="office-form">
          <Field name="title" label="Title" value={props.text.title} errors={errors} required maxLength={portalTitleMaxLength} />
          <TextArea
            name="intro"
            label="Introduction"
            value={props.text.intro}
            errors={errors}
            rows={8}
            maxLength={portalIntroMaxLength}
            hint="Markdown: **bold**, *italic*, [a link](https://example.org), an empty line between paragraphs."
          />
          {props.otherLanguages.map((language) => (
            <fieldset class="translation-fields">
              <legend>{editionLanguages[language].nativeName}</legend>
              <p class="field-hint">
                The portal’s page in {editionLanguages[language].nativeName}. A text left empty falls back to the one above (a title still the portal’s own name is said in this language).
              </p>
              <Field
                name={translatedField(language, 'title')}
                label={translatedLabel(language, 'title')}
                value={props.text[translatedField(language, 'title')]}
                errors={errors}
                maxLength={portalTitleMaxLength}
              />
              <TextArea
                name={translatedField(language, 'intro')}
                label={translatedLabel(language, 'intro')}
                value={props.text[translatedField(language, 'intro')]}
                errors={errors}
                rows={8}
                maxLength={portalIntroMaxLength}
              />
            </fieldset>
          ))}
          <div class="form-actions">
            <button type="submit" class="button button-primary">
              Save text
            </button>
          </div>
        </PostForm>
      </section>
      <section aria-labelledby="curated-heading">
        <h2 id="curated-heading">Chosen articles</h2>
        <p class="field-hint">Shown in this order under “Selected for you”, before the latest analysis. At most {maxCuratedArticles}.</p>
        <ErrorSummary errors={props.listError ? { '': props.listError } : {}} />
        <CuratedList portal={portal} curated={props.curated} csrf={csrf} />
        {portal.articleIds.length < maxCuratedArticles && (
          <PostForm action={`/admin/portals/${portal.slug}/articles`} csrf={csrf} class="office-form curated-add">
            <PickerField
              name="add"
              label="Article to add"
              lookup="/admin/articles/lookup?status=published"
              text={props.found?.text}
              hint="Any published article: type words of its title or text and choose it, or press Add to see the articles they find."
            />
            <button type="submit" class="button">
              Add
            </button>
          </PostForm>
        )}
        {props.found && <PortalArticleChoices portal={portal} csrf={csrf} found={props.found} />}
      </section>
    </OfficePage>
  );
}

/** The three portals in the editorial office: their titles, introductions and chosen articles. */
export async function portalOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  function curator(request: FastifyRequest): UserActor {
    const actor = officeActor(request);
    requirePermission(portalPermissions, actor, 'list');
    return actor;
  }

  function portalSlugOf(request: FastifyRequest): PortalSlug {
    const wanted = (request.params as { slug?: string }).slug;
    const slug = portalSlugs.find((s) => s === wanted);
    if (!slug) throw notFound('There is no such portal; the portals are for business, for researchers and for students');
    return slug;
  }

  async function sendPortalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    portal: Portal,
    form: { text?: PortalPageProps['text']; errors?: FieldErrors; listError?: string; found?: PortalFind } = {},
    status = 200,
  ) {
    const curatedById = await getPublishedArticlesByIds(handle, portal.articleIds);
    const experts = await getExpertsByIds(
      handle,
      [...curatedById.values()].map((a) => a.expertId),
    );
    const curated = portal.articleIds.map((id) => {
      const article = curatedById.get(id);
      return { id, article, expert: article && experts.get(article.expertId) };
    });
    const page = (
      <PortalEditPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        portal={portal}
        curated={curated}
        found={form.found}
        otherLanguages={(await getSiteSettings(handle)).languages.slice(1)}
        text={form.text ?? savedText(portal)}
        errors={form.errors ?? {}}
        listError={form.listError}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />
    );
    return sendOfficePage(reply, page, status);
  }

  app.get('/admin/portals', async (request, reply) => {
    const actor = curator(request);
    const portals = await Promise.all(portalSlugs.map((slug) => getPortal(handle, slug)));
    return sendOfficePage(reply, <PortalListPage site={await ctx.siteView()} actor={actor} portals={portals} />);
  });

  app.get('/admin/portals/:slug', async (request, reply) => {
    curator(request);
    return sendPortalPage(request, reply, await getPortal(handle, portalSlugOf(request)));
  });

  const slugOf = (request: FastifyRequest) => (request.params as { slug: string }).slug;

  app.post('/admin/portals/:slug', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const translations = translationsOf(body);
      const changes = { title: body.title, intro: body.intro, ...(Object.keys(translations).length > 0 && { translations }) } as PortalChanges;
      await updatePortal(requestContext(ctx, request), officeActor(request), slugOf(request), changes, { everyField: true });
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      const typed = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
      return sendPortalPage(request, reply, await getPortal(handle, portalSlugOf(request)), { text: typed, errors: problem.errors }, problem.status);
    }
    return redirectAfterPost(reply, `/admin/portals/${slugOf(request)}`, 'saved');
  });

  app.post('/admin/portals/:slug/articles', async (request, reply) => {
    const step = (request.body ?? {}) as ListStep;
    // Words in the picker's field rather than an article's id (no JavaScript, or nothing chosen): the page again,
    // with the published articles they find to add.
    const added = (step as { add?: unknown }).add;
    if (typeof added === 'string' && !/^\d{1,10}$/.test(added.trim())) {
      const actor = curator(request);
      requirePermission(portalPermissions, actor, 'update');
      const portal = await getPortal(handle, portalSlugOf(request));
      return sendPortalPage(request, reply, portal, { found: await findPortalChoices(handle, actor, portal, added) });
    }
    try {
      await changePortalList(requestContext(ctx, request), officeActor(request), slugOf(request), step);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return sendPortalPage(request, reply, await getPortal(handle, portalSlugOf(request)), { listError: problem.errors[''] }, problem.status);
    }
    const move = 'move' in step ? step.move : undefined;
    return redirectAfterPost(reply, `/admin/portals/${slugOf(request)}`, move === undefined ? 'added' : move === 'remove' ? 'removed' : 'moved');
  });
}
