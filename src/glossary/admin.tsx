import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import type { SiteView } from '../views/site.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { formProblem } from '../office/refusals.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { Checkbox, ErrorSummary, Field, PostForm, Select, TextArea, type FieldErrors } from '../office/forms.tsx';
import { getSiteSettings } from '../site/store.ts';
import { editionLanguages, editionPrefix, isEditionLanguage, type EditionLanguage } from '../views/i18n/languages.ts';
import { localeFor } from '../views/i18n/locale.ts';
import { listGlossaryTerms, type GlossaryTerm } from './store.ts';
import type { TermInput } from './input.ts';
import { definitionMaxLength, expansionMaxLength, termIdOfParams, termMaxLength, termOfParams } from './input.ts';
import { glossaryPermissions } from './policies.ts';
import { createTerm, deleteTerm, updateTerm } from './commands.ts';
import { glossaryTermPath } from './present.ts';

const notices = { created: 'Term added.', saved: 'Term saved.', deleted: 'Term deleted.' };
const labels = { term: 'Term', expansion: 'Stands for', definition: 'Definition', language: 'Language' };
const section = 'glossary';

type TermValues = Record<'term' | 'expansion' | 'definition' | 'language', string>;

/** A language's name in the office: "Русский (ru)"; a code Rostrum has no edition in, as it is. */
const languageName = (code: string) => (isEditionLanguage(code) ? `${editionLanguages[code].nativeName} (${code})` : code);

/** Where a term's entry is: on its edition's glossary page. */
const termPath = (term: GlossaryTerm, languages: EditionLanguage[]) => glossaryTermPath(term.slug, editionPrefix({ languages }, term.language));

function GlossaryListPage(props: { site: SiteView; actor: UserActor; terms: GlossaryTerm[]; languages: EditionLanguage[]; notice?: string }) {
  const several = props.languages.length > 1;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Glossary" section={section} notice={props.notice}>
      <div class="page-actions">
        <h1>Glossary</h1>
        {permits(glossaryPermissions, props.actor, 'create') && (
          <a class="button button-primary" href="/admin/glossary/new">
            New term
          </a>
        )}
      </div>
      <p class="office-lede">
        Terms and acronyms readers meet in articles. The first use of each in an article links to its entry on <a href="/glossary">the glossary page</a>.
      </p>
      {props.terms.length === 0 ? (
        <p>No term yet. Add the acronyms your experts use most.</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Term</th>
                {several && <th scope="col">Language</th>}
                <th scope="col">Stands for</th>
                <th scope="col">On the glossary page</th>
              </tr>
            </thead>
            <tbody>
              {props.terms.map((t) => (
                <tr>
                  <td>
                    <a href={`/admin/glossary/${t.id}`}>{t.term}</a>
                  </td>
                  {several && <td>{languageName(t.language)}</td>}
                  <td>{t.expansion}</td>
                  <td>
                    <a href={termPath(t, props.languages)}>{termPath(t, props.languages)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
    </OfficePage>
  );
}

interface TermFormProps {
  site: SiteView;
  actor: UserActor;
  /** Absent on the form for a new term. */
  term?: GlossaryTerm;
  /** The site's languages, the default first: a term is filed under one of them. */
  languages: EditionLanguage[];
  values: TermValues;
  errors: FieldErrors;
  deleteError?: string;
  notice?: string;
}

function TermFormPage(props: TermFormProps) {
  const { term, errors, values } = props;
  const csrf = props.actor.session!.csrfToken;
  const deleteErrors: FieldErrors = props.deleteError ? { confirm: props.deleteError } : {};
  const title = term ? term.term : 'New term';
  return (
    <OfficePage site={props.site} actor={props.actor} title={term ? `Glossary: ${term.term}` : 'New glossary term'} section={section} notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/glossary">Glossary</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <PostForm action={term ? `/admin/glossary/${term.id}` : '/admin/glossary/new'} csrf={csrf} class="office-form">
        {languageChoices(props.languages, term).length > 1 && (
          <Select
            name="language"
            label={labels.language}
            value={values.language}
            errors={errors}
            choices={languageChoices(props.languages, term)}
            hint="The language of the articles it is marked in; it is listed on that edition’s glossary page."
          />
        )}
        <Field
          name="term"
          label={labels.term}
          value={values.term}
          errors={errors}
          required
          maxLength={termMaxLength}
          hint="As it appears in articles, such as EAEU. A term in capitals only is matched in capitals only; any other in any case."
        />
        <Field
          name="expansion"
          label={labels.expansion}
          value={values.expansion}
          errors={errors}
          required
          maxLength={expansionMaxLength}
          hint="Shown when a reader points at the term, such as Eurasian Economic Union."
        />
        <TextArea
          name="definition"
          label={labels.definition}
          value={values.definition}
          errors={errors}
          rows={5}
          maxLength={definitionMaxLength}
          hint="Optional: a few sentences for the glossary page. Markdown links and emphasis work."
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            {term ? 'Save term' : 'Add term'}
          </button>
          <a class="button" href="/admin/glossary">
            Cancel
          </a>
        </div>
      </PostForm>
      {term && permits(glossaryPermissions, props.actor, 'delete') && (
        <section class="office-panel danger-zone" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete this term</h2>
          <ErrorSummary errors={deleteErrors} labels={{ confirm: 'Confirm deletion' }} />
          <p>Articles stop marking it; their text stays as it is.</p>
          <PostForm action={`/admin/glossary/${term.id}/delete`} csrf={csrf}>
            <Checkbox name="confirm" label="Yes, delete this term" errors={deleteErrors} />
            <button type="submit" class="button button-danger">
              Delete term
            </button>
          </PostForm>
        </section>
      )}
    </OfficePage>
  );
}

/** The languages a term may be filed under: the site's, and the one it has if the site has since given that up. */
function languageChoices(languages: EditionLanguage[], term?: GlossaryTerm) {
  const codes: string[] = [...languages];
  if (term && !codes.includes(term.language)) codes.push(term.language);
  return codes.map((code) => ({ value: code, label: languageName(code) }));
}

/** What the person typed, to show again beside the problems. */
function typedValues(body: Record<string, unknown>): TermValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { term: text(body.term), expansion: text(body.expansion), definition: text(body.definition), language: text(body.language) };
}

/** The glossary in the editorial office: the list, adding, editing and deleting terms. */
export async function glossaryOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  async function termOf(request: FastifyRequest): Promise<GlossaryTerm> {
    const term = await termOfParams(handle, request.params);
    if (!term) throw notFound('There is no such glossary term');
    return term;
  }

  const siteLanguages = async () => (await getSiteSettings(handle)).languages;

  const sendForm = async (request: FastifyRequest, reply: FastifyReply, term: GlossaryTerm | undefined, form: Partial<Pick<TermFormProps, 'values' | 'errors' | 'deleteError'>> = {}, status = 200) => {
    const languages = await siteLanguages();
    // A new term is in the language of the edition it was asked for from (?language=ru), else the default one.
    const asked = (request.query as { language?: unknown } | undefined)?.language;
    const newLanguage = typeof asked === 'string' && (languages as string[]).includes(asked) ? asked : languages[0]!;
    return sendOfficePage(
      reply,
      <TermFormPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        term={term}
        languages={languages}
        values={
          form.values ??
          (term ? { term: term.term, expansion: term.expansion, definition: term.definition, language: term.language } : { term: '', expansion: '', definition: '', language: newLanguage })
        }
        errors={form.errors ?? {}}
        deleteError={form.deleteError}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />,
      status,
    );
  };

  const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
  /** The form's fields, as the command takes them: a form sends every field (the language only where the site has several). */
  const formInput = (body: Record<string, unknown>) =>
    ({ term: body.term, expansion: body.expansion, definition: body.definition, ...(body.language !== undefined && { language: body.language }) }) as TermInput;

  /** A refused term goes back to its form with what was typed; anything but bad input is for the error page. */
  async function refusedForm(request: FastifyRequest, reply: FastifyReply, err: unknown, term?: GlossaryTerm) {
    const problem = formProblem(err);
    if (!problem) throw err;
    return sendForm(request, reply, term, { values: typedValues(bodyOf(request)), errors: problem.errors }, problem.status);
  }

  app.get('/admin/glossary', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(glossaryPermissions, actor, 'list');
    const [terms, languages] = await Promise.all([listGlossaryTerms(handle), siteLanguages()]);
    // By language, the site's order, then A to Z as each language sorts its terms.
    const order = (language: string) => ((languages as string[]).includes(language) ? languages.indexOf(language as EditionLanguage) : languages.length);
    const compare = (language: string) => localeFor(isEditionLanguage(language) ? language : languages[0]!).compare;
    terms.sort((a, b) => order(a.language) - order(b.language) || a.language.localeCompare(b.language) || compare(a.language)(a.term, b.term) || a.id - b.id);
    return sendOfficePage(reply, <GlossaryListPage site={await ctx.siteView()} actor={actor} terms={terms} languages={languages} notice={noticeFrom(request, notices)} />);
  });

  app.get('/admin/glossary/new', async (request, reply) => {
    requirePermission(glossaryPermissions, officeActor(request), 'create');
    return sendForm(request, reply, undefined);
  });

  app.post('/admin/glossary/new', async (request, reply) => {
    try {
      const term = await createTerm(requestContext(ctx, request), officeActor(request), formInput(bodyOf(request)));
      return redirectAfterPost(reply, `/admin/glossary/${term.id}`, 'created');
    } catch (err) {
      return refusedForm(request, reply, err);
    }
  });

  app.get('/admin/glossary/:id', async (request, reply) => {
    requirePermission(glossaryPermissions, officeActor(request), 'update');
    return sendForm(request, reply, await termOf(request));
  });

  app.post('/admin/glossary/:id', async (request, reply) => {
    try {
      const term = await updateTerm(requestContext(ctx, request), officeActor(request), termIdOfParams(request.params), formInput(bodyOf(request)), { everyField: true });
      return redirectAfterPost(reply, `/admin/glossary/${term.id}`, 'saved');
    } catch (err) {
      if (!formProblem(err)) throw err;
      return refusedForm(request, reply, err, await termOf(request));
    }
  });

  app.post('/admin/glossary/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    // Unconfirmed, the form comes back to those who may delete; the command refuses everyone else.
    if (bodyOf(request).confirm !== '1' && permits(glossaryPermissions, actor, 'delete')) {
      return sendForm(request, reply, await termOf(request), { deleteError: 'Tick the box to confirm that the term should go.' }, 422);
    }
    await deleteTerm(requestContext(ctx, request), actor, termIdOfParams(request.params));
    return redirectAfterPost(reply, '/admin/glossary', 'deleted');
  });
}
