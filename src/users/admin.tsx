import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestContext, type AppContext } from '../context.ts';
import { notFound, Refusal } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { normaliseText, positiveId, requiredText } from '../http/schemas.ts';
import { readMultipartForm } from '../http/multipart.ts';
import { maxUploadBytes } from '../media/fields.ts';
import { noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { formProblem } from '../office/refusals.ts';
import { sendOfficePage } from '../office/layout.tsx';
import { newPassword } from './passwords.ts';
import { listAllExperts } from '../experts/store.ts';
import { getPerson, listPeople, type Person } from './store.ts';
import { linkPath, listOpenLinks, listOpenLinksOf } from './links.ts';
import type { LinkPurpose } from './tables.ts';
import { userPermissions } from './policies.ts';
import { changeOwnName, changeOwnPassword, disablePerson, enablePerson, invitePerson, makeUserLink, updatePerson } from './commands.ts';
import { AccountPage, InvitePage, LinkShownPage, PeopleListPage, PersonPage, type AccountErrors, type InviteValues, type MailOutcome, type PersonValues } from './people-views.tsx';
import { formatDateTime } from '../views/format.ts';

/**
 * The person forms are only translated here: the "Expert" select into an expert's id (empty means none).
 * E-mail, role, name and the author's expert are checked by the commands (person-input.ts).
 */
const expertChoice = z.object({ expert: z.preprocess((v) => (v === '' || v === undefined ? null : v), positiveId.nullable()) });
const accountNameForm = z.object({ name: requiredText(200) });
const passwordForm = z
  .object({
    current_password: z.string().max(1000, 'is too long').default(''),
    new_password: newPassword,
    confirm_password: z.string().max(1000, 'is too long').default(''),
  })
  .refine((f) => f.new_password === f.confirm_password, { message: 'does not match the new password', path: ['confirm_password'] });

const noticesOfPerson = {
  saved: 'Changes saved.',
  signed_out: 'Changes saved. Their role changed, so they have been signed out everywhere.',
  disabled: 'The account is disabled and its sessions have ended.',
  enabled: 'The account is enabled again.',
};
const noticesOfAccount = { saved: 'Your name is saved.', password_changed: 'Your password is changed. Your other sessions have ended.' };

/** A field of a submitted form as the person typed it, to show it again; only text, never an array or object. */
function typed(body: unknown, key: string): string | undefined {
  const value = (body as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * People in the editorial office: administrators invite, change, disable and hand links to people at
 * /admin/users; everyone keeps their own name and password at /admin/account. Every change is a
 * command (commands.ts); these handlers read the forms and show the outcome.
 */
export async function peopleOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle, config } = ctx;

  function personIdOf(params: unknown): number {
    const id = positiveId.safeParse((params as { id?: unknown }).id);
    if (!id.success) throw notFound('There is no such person');
    return id.data;
  }

  async function personFromParams(params: unknown): Promise<Person> {
    const person = await getPerson(handle, personIdOf(params));
    if (!person) throw notFound('There is no such person');
    return person;
  }

  async function renderPerson(reply: FastifyReply, request: FastifyRequest, person: Person, options: { values?: PersonValues; errors?: FieldErrors; status?: number } = {}) {
    const actor = officeActor(request);
    const [experts, openLinks] = await Promise.all([listAllExperts(handle), listOpenLinksOf(handle, person.id)]);
    return sendOfficePage(
      reply,
      <PersonPage
        site={await ctx.siteView()}
        actor={actor}
        person={person}
        experts={experts}
        openLinks={openLinks}
        values={options.values}
        errors={options.errors}
        notice={options.status ? undefined : noticeFrom(request, noticesOfPerson)}
      />,
      options.status ?? 200,
    );
  }

  /** A command's refusal of a change on a person's page, shown on that page; anything else goes to the error page. */
  async function showOnPersonPage(err: unknown, reply: FastifyReply, request: FastifyRequest, values?: PersonValues) {
    const problem = formProblem(err);
    if (!problem) throw err;
    return renderPerson(reply, request, await personFromParams(request.params), { values, errors: problem.errors, status: problem.status });
  }

  /** With a mail server configured, the link also goes to the person by e-mail; the page shows it either way. */
  async function mailLink(request: FastifyRequest, person: { email: string }, purpose: LinkPurpose, url: string, expiresAt: string): Promise<MailOutcome> {
    if (!ctx.mailer.enabled) return 'off';
    const site = await ctx.siteView();
    const words =
      purpose === 'invite'
        ? { subject: `You are invited to the ${site.name} editorial office`, body: `You have been invited to the ${site.name} editorial office. Choose your name and password here:` }
        : { subject: `Your password for the ${site.name} editorial office`, body: `An administrator made a link for you to choose a new password for the ${site.name} editorial office:` };
    try {
      await ctx.mailer.send({ to: person.email, subject: words.subject, text: `${words.body}\n${url}\n\nThe link works once, until ${formatDateTime(expiresAt, site.locale.timeZone)}.\n` });
      return 'sent';
    } catch (err) {
      request.log.error({ err }, 'could not send a link by e-mail');
      return 'failed';
    }
  }

  async function renderLink(
    reply: FastifyReply,
    request: FastifyRequest,
    person: { id: number; email: string; name: string },
    purpose: LinkPurpose,
    link: { token: string; expiresAt: string },
    status: number,
  ) {
    const url = config.publicUrl + linkPath(purpose, link.token);
    const mailed = await mailLink(request, person, purpose, url, link.expiresAt);
    const page = <LinkShownPage site={await ctx.siteView()} actor={officeActor(request)} purpose={purpose} person={person} url={url} expiresAt={link.expiresAt} mailed={mailed} />;
    // The page holds a secret: it must not travel on to another site in a Referer header.
    reply.header('referrer-policy', 'no-referrer');
    return sendOfficePage(reply, page, status);
  }

  app.get('/admin/users', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(userPermissions, actor, 'list');
    const [people, experts, openLinks] = await Promise.all([listPeople(handle), listAllExperts(handle), listOpenLinks(handle)]);
    const expertNames = new Map(experts.map((e) => [e.id, e.name]));
    const notice = noticeFrom(request, { invited: 'Invitation created.' });
    return sendOfficePage(reply, <PeopleListPage site={await ctx.siteView()} actor={actor} people={people} expertNames={expertNames} openLinks={openLinks} notice={notice} />);
  });

  /** The experts an invitation may link: those no account is linked to yet. */
  async function freeExperts() {
    const [experts, people] = await Promise.all([listAllExperts(handle), listPeople(handle)]);
    const linked = new Set(people.map((p) => p.expertId));
    return experts.filter((e) => !linked.has(e.id));
  }

  app.get('/admin/users/invite', async (request, reply) => {
    const actor = officeActor(request);
    requirePermission(userPermissions, actor, 'invite');
    return sendOfficePage(reply, <InvitePage site={await ctx.siteView()} actor={actor} experts={await freeExperts()} values={{}} errors={{}} />);
  });

  app.post('/admin/users/invite', async (request, reply) => {
    const actor = officeActor(request);
    // Browsers send the form as multipart (it may carry a portrait); a form without a file may come urlencoded.
    const form = request.isMultipart()
      ? await readMultipartForm(request, { fileField: 'photo_file', maxFileBytes: maxUploadBytes, maxFields: 20, maxFieldBytes: 64 * 1024 })
      : { fields: (request.body ?? {}) as Record<string, unknown>, file: undefined, fileProblem: undefined };
    const body = form.fields;
    const values: InviteValues = {
      email: typed(body, 'email'),
      role: typed(body, 'role'),
      expert: typed(body, 'expert'),
      name: typed(body, 'name'),
      profile: typed(body, 'profile'),
      expert_name: typed(body, 'expert_name'),
      expert_title: typed(body, 'expert_title'),
      expert_bio: typed(body, 'expert_bio'),
    };
    const refuse = async (errors: FieldErrors, status: number) => {
      // The form shows the experts: only to whoever may invite.
      requirePermission(userPermissions, actor, 'invite');
      return sendOfficePage(reply, <InvitePage site={await ctx.siteView()} actor={actor} experts={await freeExperts()} values={values} errors={errors} />, status);
    };
    if (form.fileProblem) return refuse({ photo_file: form.fileProblem }, 413);
    // Without a choice (an older form, the command line's habits), the expert select decides: one, or none.
    const profile = values.profile ?? 'existing';
    if (!['existing', 'new', 'none'].includes(profile)) return refuse({ profile: 'choose one of the three' }, 422);
    const choice = expertChoice.safeParse(profile === 'existing' ? body : {});
    if (!choice.success) return refuse(fieldErrorsOf(choice.error), 422);
    const person = { email: values.email, role: values.role, name: values.name, expertId: profile === 'existing' ? choice.data.expert : null };
    const clean = (v: string | undefined) => normaliseText(v ?? '').trim();
    const newProfile =
      profile === 'new' ? { profile: { name: clean(values.expert_name) || clean(values.name), title: clean(values.expert_title), bio: clean(values.expert_bio) }, portrait: form.file } : undefined;
    try {
      const invitation = await invitePerson(requestContext(ctx, request), actor, person, newProfile);
      return await renderLink(reply, request, invitation.user, 'invite', invitation, 201);
    } catch (err) {
      const problem = formProblem(err, { expert_portrait: 'photo_file', expert_photo: 'photo_file' });
      if (!problem) throw err;
      return refuse(problem.errors, problem.status);
    }
  });

  app.get('/admin/users/:id', async (request, reply) => {
    requirePermission(userPermissions, officeActor(request), 'list');
    return renderPerson(reply, request, await personFromParams(request.params));
  });

  app.post('/admin/users/:id', async (request, reply) => {
    const actor = officeActor(request);
    const body = request.body;
    const values: PersonValues = { name: typed(body, 'name'), role: typed(body, 'role'), expert: typed(body, 'expert') };
    const form = expertChoice.safeParse(body ?? {});
    if (!form.success) {
      // The page shows the person: only to whoever may change them.
      requirePermission(userPermissions, actor, 'update');
      return renderPerson(reply, request, await personFromParams(request.params), { values, errors: fieldErrorsOf(form.error), status: 422 });
    }
    const personId = personIdOf(request.params);
    let update;
    try {
      update = await updatePerson(requestContext(ctx, request), actor, personId, { name: values.name ?? '', role: values.role, expertId: form.data.expert });
    } catch (err) {
      return showOnPersonPage(err, reply, request, values);
    }
    const isSelf = personId === actor.userId;
    if (isSelf && update.roleChanged) return redirectAfterPost(reply, '/admin');
    return redirectAfterPost(reply, `/admin/users/${personId}`, update.roleChanged && !isSelf ? 'signed_out' : 'saved');
  });

  app.post('/admin/users/:id/disable', async (request, reply) => {
    const personId = personIdOf(request.params);
    try {
      await disablePerson(requestContext(ctx, request), officeActor(request), personId);
    } catch (err) {
      return showOnPersonPage(err, reply, request);
    }
    return redirectAfterPost(reply, `/admin/users/${personId}`, 'disabled');
  });

  app.post('/admin/users/:id/enable', async (request, reply) => {
    const personId = personIdOf(request.params);
    await enablePerson(requestContext(ctx, request), officeActor(request), personId);
    return redirectAfterPost(reply, `/admin/users/${personId}`, 'enabled');
  });

  for (const purpose of ['reset', 'invite'] as const) {
    app.post(`/admin/users/:id/${purpose}-link`, async (request, reply) => {
      let link;
      try {
        link = await makeUserLink(requestContext(ctx, request), officeActor(request), personIdOf(request.params), purpose);
      } catch (err) {
        return showOnPersonPage(err, reply, request);
      }
      return renderLink(reply, request, link.person, purpose, link, 200);
    });
  }

  async function renderAccount(reply: FastifyReply, request: FastifyRequest, options: { name?: string; errors?: AccountErrors; status?: number } = {}) {
    const actor = officeActor(request);
    const notice = options.status ? undefined : noticeFrom(request, noticesOfAccount);
    return sendOfficePage(reply, <AccountPage site={await ctx.siteView()} actor={actor} name={options.name} errors={options.errors} notice={notice} />, options.status ?? 200);
  }

  app.get('/admin/account', async (request, reply) => renderAccount(reply, request));

  app.post('/admin/account', async (request, reply) => {
    const typedName = typed(request.body, 'name') ?? '';
    const form = accountNameForm.safeParse(request.body ?? {});
    if (!form.success) return renderAccount(reply, request, { name: typedName, errors: { name: fieldErrorsOf(form.error) }, status: 422 });
    try {
      await changeOwnName(requestContext(ctx, request), officeActor(request), form.data.name);
    } catch (err) {
      const problem = formProblem(err);
      if (!problem) throw err;
      return renderAccount(reply, request, { name: typedName, errors: { name: problem.errors }, status: problem.status });
    }
    return redirectAfterPost(reply, '/admin/account', 'saved');
  });

  app.post('/admin/account/password', async (request, reply) => {
    const refuse = (errors: FieldErrors, status = 422) => renderAccount(reply, request, { errors: { password: errors }, status });
    const form = passwordForm.safeParse(request.body ?? {});
    if (!form.success) return refuse(fieldErrorsOf(form.error));
    try {
      await changeOwnPassword(requestContext(ctx, request), officeActor(request), { currentPassword: form.data.current_password, newPassword: form.data.new_password });
    } catch (err) {
      if (err instanceof Refusal && err.kind === 'rate_limited') {
        reply.header('retry-after', String(err.retryAfterSeconds));
        return refuse({ [err.field ?? '']: err.reason }, 429);
      }
      const problem = formProblem(err);
      if (!problem) throw err;
      return refuse(problem.errors, problem.status);
    }
    return redirectAfterPost(reply, '/admin/account', 'password_changed');
  });
}
