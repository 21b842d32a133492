import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import type { UserActor } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import { keysetPage } from '../core/cursor.ts';
import { decodeCursor } from '../http/cursor.ts';
import type { SiteView } from '../views/site.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { formProblem } from '../office/refusals.ts';
import { permits, requirePermission } from '../core/policy.ts';
import { OfficePage, sendOfficePage, ScrollingTable } from '../office/layout.tsx';
import { Checkbox, ErrorSummary, Field, PostForm, Select, type FieldErrors } from '../office/forms.tsx';
import { countRedirects, getRedirect, listRedirects, type Redirect } from './store.ts';
import { maxAddressLength } from './addresses.ts';
import { noteMaxLength, redirectIdOfParams, redirectStatuses, type RedirectInput } from './input.ts';
import { redirectPermissions } from './policies.ts';
import { createRedirect, deleteRedirect, updateRedirect } from './commands.ts';
import type { RedirectOrigin } from './tables.ts';

const notices = { created: 'Redirect added.', saved: 'Redirect saved.', deleted: 'Redirect deleted.' };
const labels = { from: 'Old address', to: 'New address', status: 'Kind', prefix: 'Everything under it', note: 'Note' };
const section = 'redirects';
const pageSize = 100;

const statusNames: Record<number, string> = {
  301: '301 Moved for good (the usual)',
  302: '302 Found elsewhere for now',
  307: '307 Elsewhere for now, same method',
  308: '308 Moved for good, same method',
};
const originNames: Record<RedirectOrigin, string> = { office: 'Office', api: 'API', move: 'Moved page', import: 'Import' };

interface RedirectValues {
  from: string;
  to: string;
  status: string;
  prefix: boolean;
  note: string;
}
const emptyValues: RedirectValues = { from: '', to: '', status: '301', prefix: false, note: '' };

const listQuery = z.object({ q: z.string().max(200).optional().catch(undefined), cursor: z.string().optional().catch(undefined) });

function RedirectListPage(props: { site: SiteView; actor: UserActor; redirects: Redirect[]; total: number; q: string; next?: string; notice?: string }) {
  const nextHref = props.next && `/admin/redirects?${new URLSearchParams({ ...(props.q && { q: props.q }), cursor: props.next }).toString()}`;
  return (
    <OfficePage site={props.site} actor={props.actor} title="Redirects" section={section} notice={props.notice}>
      <div class="page-actions">
        <h1>Redirects</h1>
        {permits(redirectPermissions, props.actor, 'create') && (
          <a class="button button-primary" href="/admin/redirects/new">
            New redirect
          </a>
        )}
      </div>
      <p class="office-lede">
        Old addresses that still lead readers somewhere: links in papers, news sites and search engines keep working. A redirect is followed only where no page answers; changing an article's or
        expert's address adds one by itself. {props.total === 1 ? 'There is 1 redirect.' : `There are ${props.total.toLocaleString('en')} redirects.`}
      </p>
      <form method="get" action="/admin/redirects" class="office-panel office-filters" role="search" aria-label="Find redirects">
        <Field name="q" label="Old or new address contains" value={props.q} maxLength={200} />
        <div class="form-actions">
          <button type="submit" class="button">
            Find
          </button>
          {props.q && <a href="/admin/redirects">Show all</a>}
        </div>
      </form>
      {props.redirects.length === 0 ? (
        <p>{props.q ? 'No redirect names that address.' : 'No redirect yet.'}</p>
      ) : (
        <ScrollingTable>
          <table class="office-table">
            <thead>
              <tr>
                <th scope="col">Old address</th>
                <th scope="col">Leads to</th>
                <th scope="col">Kind</th>
                <th scope="col">Made by</th>
              </tr>
            </thead>
            <tbody>
              {props.redirects.map((r) => (
                <tr>
                  <td>
                    <a href={`/admin/redirects/${r.id}`}>{r.fromPath}</a>
                    {r.prefix ? ' and everything under it' : ''}
                  </td>
                  <td>{r.target}</td>
                  <td>{r.status}</td>
                  <td>{originNames[r.origin]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollingTable>
      )}
      {nextHref && (
        <p>
          <a href={nextHref} rel="next">
            More redirects
          </a>
        </p>
      )}
    </OfficePage>
  );
}

interface RedirectFormProps {
  site: SiteView;
  actor: UserActor;
  redirect?: Redirect;
  values: RedirectValues;
  errors: FieldErrors;
  deleteError?: string;
  notice?: string;
}

function RedirectFormPage(props: RedirectFormProps) {
  const { redirect, errors, values } = props;
  const csrf = props.actor.session!.csrfToken;
  const deleteErrors: FieldErrors = props.deleteError ? { confirm: props.deleteError } : {};
  return (
    <OfficePage site={props.site} actor={props.actor} title={redirect ? `Redirect: ${redirect.fromPath}` : 'New redirect'} section={section} notice={props.notice}>
      <p class="breadcrumb">
        <a href="/admin/redirects">Redirects</a>
      </p>
      <h1>{redirect ? redirect.fromPath : 'New redirect'}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <PostForm action={redirect ? `/admin/redirects/${redirect.id}` : '/admin/redirects/new'} csrf={csrf} class="office-form">
        <Field
          name="from"
          label={labels.from}
          value={values.from}
          errors={errors}
          required
          maxLength={maxAddressLength}
          hint="A path on this site as readers knew it, such as /2019/05/14/old-post/ or /?p=123. A full address of the old site works too."
        />
        <Field
          name="to"
          label={labels.to}
          value={values.to}
          errors={errors}
          required
          maxLength={maxAddressLength}
          hint="A path on this site, such as /blogs/anna-petrova/new-post, or a full https:// address elsewhere."
        />
        <Select name="status" label={labels.status} value={values.status} errors={errors} choices={redirectStatuses.map((s) => ({ value: String(s), label: statusNames[s]! }))} />
        <Checkbox
          name="prefix"
          label={labels.prefix}
          checked={values.prefix}
          errors={errors}
          hint="Also send every address under the old one to the same place under the new one (/old/piece to /new/piece)."
        />
        <Field name="note" label={labels.note} value={values.note} errors={errors} maxLength={noteMaxLength} hint="Optional: why this redirect is here." />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            {redirect ? 'Save redirect' : 'Add redirect'}
          </button>
          <a class="button" href="/admin/redirects">
            Cancel
          </a>
        </div>
      </PostForm>
      {redirect && permits(redirectPermissions, props.actor, 'delete') && (
        <section class="office-panel danger-zone" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete this redirect</h2>
          <ErrorSummary errors={deleteErrors} labels={{ confirm: 'Confirm deletion' }} />
          <p>Readers who follow the old address will find nothing there.</p>
          <PostForm action={`/admin/redirects/${redirect.id}/delete`} csrf={csrf}>
            <Checkbox name="confirm" label="Yes, delete this redirect" errors={deleteErrors} />
            <button type="submit" class="button button-danger">
              Delete redirect
            </button>
          </PostForm>
        </section>
      )}
    </OfficePage>
  );
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const typedValues = (body: Record<string, unknown>): RedirectValues => ({ from: text(body.from), to: text(body.to), status: text(body.status), prefix: body.prefix === '1', note: text(body.note) });
const valuesOf = (r: Redirect): RedirectValues => ({ from: r.fromPath, to: r.target, status: String(r.status), prefix: r.prefix === 1, note: r.note });
/** The form's fields as the command takes them; an unticked box is not sent at all. */
const formInput = (body: Record<string, unknown>) => ({ from: body.from, to: body.to, status: body.status, prefix: body.prefix === '1', note: body.note ?? '' }) as RedirectInput;

/** Redirects in the editorial office: the list with a finder, adding, editing and deleting. */
export async function redirectOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle } = ctx;

  async function redirectOf(request: FastifyRequest): Promise<Redirect> {
    const redirect = await getRedirect(handle, redirectIdOfParams(request.params));
    if (!redirect) throw notFound('There is no such redirect');
    return redirect;
  }

  const sendForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    redirect: Redirect | undefined,
    form: Partial<Pick<RedirectFormProps, 'values' | 'errors' | 'deleteError'>> = {},
    status = 200,
  ) =>
    sendOfficePage(
      reply,
      <RedirectFormPage
        site={await ctx.siteView()}
        actor={officeActor(request)}
        redirect={redirect}
        values={form.values ?? (redirect ? valuesOf(redirect) : emptyValues)}
        errors={form.errors ?? {}}
        deleteError={form.deleteError}
        notice={status === 200 ? noticeFrom(request, notices) : undefined}
      />,
      status,
    );

  const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  async function refusedForm(request: FastifyRequest, reply: FastifyReply, err: unknown, redirect?: Redirect) {
    const problem = formProblem(err);
    if (!problem) throw err;
    return sendForm(request, reply, redirect, { values: typedValues(bodyOf(request)), errors: problem.errors }, problem.status);
  }

  app.get('/admin/redirects', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(redirectPermissions, actor, 'list');
    const query = listQuery.parse(request.query ?? {});
    const q = query.q?.trim() ?? '';
    let after;
    try {
      after = decodeCursor(query.cursor);
    } catch {
      after = undefined; // a spoilt "more" link starts again from the newest
    }
    const page = keysetPage(await listRedirects(handle, { contains: q || undefined, after, limit: pageSize + 1 }), pageSize, (r) => r.createdAt);
    const total = await countRedirects(handle);
    return sendOfficePage(reply, <RedirectListPage site={await ctx.siteView()} actor={actor} redirects={page.items} total={total} q={q} next={page.next} notice={noticeFrom(request, notices)} />);
  });

  app.get('/admin/redirects/new', async (request, reply) => {
    requirePermission(redirectPermissions, officeActor(request), 'create');
    return sendForm(request, reply, undefined);
  });

  app.post('/admin/redirects/new', async (request, reply) => {
    try {
      const redirect = await createRedirect(requestContext(ctx, request), officeActor(request), formInput(bodyOf(request)), 'office');
      return redirectAfterPost(reply, `/admin/redirects/${redirect.id}`, 'created');
    } catch (err) {
      return refusedForm(request, reply, err);
    }
  });

  app.get('/admin/redirects/:id', async (request, reply) => {
    requirePermission(redirectPermissions, officeActor(request), 'update');
    return sendForm(request, reply, await redirectOf(request));
  });

  app.post('/admin/redirects/:id', async (request, reply) => {
    try {
      const redirect = await updateRedirect(requestContext(ctx, request), officeActor(request), redirectIdOfParams(request.params), formInput(bodyOf(request)), { everyField: true });
      return redirectAfterPost(reply, `/admin/redirects/${redirect.id}`, 'saved');
    } catch (err) {
      if (!formProblem(err)) throw err;
      return refusedForm(request, reply, err, await redirectOf(request));
    }
  });

  app.post('/admin/redirects/:id/delete', async (request, reply) => {
    const actor = officeActor(request);
    if (bodyOf(request).confirm !== '1' && permits(redirectPermissions, actor, 'delete')) {
      return sendForm(request, reply, await redirectOf(request), { deleteError: 'Tick the box to confirm that the redirect should go.' }, 422);
    }
    await deleteRedirect(requestContext(ctx, request), actor, redirectIdOfParams(request.params));
    return redirectAfterPost(reply, '/admin/redirects', 'deleted');
  });
}
