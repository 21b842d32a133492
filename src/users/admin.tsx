import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { roles, type UserActor, type Role } from '../core/actor.ts';
import { notFound } from '../core/refusals.ts';
import { positiveId, requiredText, textField, trimmed } from '../http/schemas.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { allowOrRefuse, noticeFrom, officeActor, redirectAfterPost } from '../office/guard.ts';
import { fieldErrorsOf, type FieldErrors } from '../office/forms.tsx';
import { roleName, sendOfficePage } from '../office/layout.tsx';
import { newPassword } from './passwords.ts';
import { listAllExperts, type Expert } from '../experts/store.ts';
import { countActiveAdmins, getPerson, getUserByEmail, isCurrentPassword, listPeople, setPassword, updateUser, type Person } from './store.ts';
import { endUserSessions } from './sessions.ts';
import { createUserLink, inviteUser, linkPath, listOpenLinks, listOpenLinksOf } from './links.ts';
import { refusalDetail, throttleFor } from './throttle.ts';
import type { LinkPurpose } from './tables.ts';
import { accountConflict, accountConflictMessages, userPolicy } from './policies.ts';
import { AccountPage, InvitePage, LinkShownPage, PeopleListPage, PersonPage, type AccountErrors, type InviteValues, type MailOutcome, type PersonValues } from './people-views.tsx';
import { formatDateTime } from '../views/format.ts';

const emailField = trimmed(z.string().max(320, 'must be at most 320 characters').email('is not an e-mail address')).transform((e) => e.toLowerCase());
const roleField = z.enum(roles, { errorMap: () => ({ message: 'choose Author, Editor or Administrator' }) });
/** The "Expert" select: empty means none. */
const expertField = z.preprocess((v) => (v === '' || v === undefined ? null : v), positiveId.nullable());
const personName = trimmed(textField(200)).default('');

function authorsNeedAnExpert(form: { role: Role; expert: number | null }, ctx: z.RefinementCtx) {
  if (form.role === 'author' && form.expert === null) {
    ctx.addIssue({ code: 'custom', path: ['expert'], message: 'is required for authors: choose the expert whose blog they write for' });
  }
}

const inviteForm = z.object({ email: emailField, role: roleField, expert: expertField, name: personName }).superRefine(authorsNeedAnExpert);
const personForm = z.object({ name: personName, role: roleField, expert: expertField }).superRefine(authorsNeedAnExpert);
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

const personSubject = (person: { id: number; email: string }) => ({ kind: 'user', id: person.id, label: person.email });

/** What changed on an account, in words for the audit log. */
function describeChanges(before: Person, after: { name: string; role: Role; expertId: number | null }, experts: Expert[]): string {
  const expertName = (id: number | null) => (id === null ? 'none' : experts.find((e) => e.id === id)?.name ?? `#${id}`);
  const changes: string[] = [];
  if (before.name !== after.name) changes.push('name');
  if (before.role !== after.role) changes.push(`role: ${before.role} → ${after.role}`);
  if (before.expertId !== after.expertId) changes.push(`expert: ${expertName(before.expertId)} → ${expertName(after.expertId)}`);
  return changes.join('; ');
}

/**
 * People in the editorial office: administrators invite, change, disable and hand links to people at
 * /admin/users; everyone keeps their own name and password at /admin/account.
 */
export async function peopleOffice(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { handle, config } = ctx;

  async function personFromParams(params: unknown): Promise<Person> {
    const id = positiveId.safeParse((params as { id?: unknown }).id);
    const person = id.success ? await getPerson(handle, id.data) : undefined;
    if (!person) throw notFound('There is no such person');
    return person;
  }

  function refuseUnlessAdmin(actor: UserActor) {
    allowOrRefuse(userPolicy.list(actor), 'Only administrators manage people. You can change your own name and password under Your account.');
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

  /** With a mail server configured, the link also goes to the person by e-mail; the page shows it either way. */
  async function mailLink(request: FastifyRequest, person: { email: string }, purpose: LinkPurpose, url: string, expiresAt: string): Promise<MailOutcome> {
    if (!ctx.mailer.enabled) return 'off';
    const site = await ctx.siteView();
    const words =
      purpose === 'invite'
        ? { subject: `You are invited to the ${site.name} editorial office`, body: `You have been invited to the ${site.name} editorial office. Choose your name and password here:` }
        : { subject: `Your password for the ${site.name} editorial office`, body: `An administrator made a link for you to choose a new password for the ${site.name} editorial office:` };
    try {
      await ctx.mailer.send({ to: person.email, subject: words.subject, text: `${words.body}\n${url}\n\nThe link works once, until ${formatDateTime(expiresAt)}.\n` });
      return 'sent';
    } catch (err) {
      request.log.error({ err }, 'could not send a link by e-mail');
      return 'failed';
    }
  }

  async function renderLink(reply: FastifyReply, request: FastifyRequest, person: { id: number; email: string; name: string }, purpose: LinkPurpose, link: { token: string; expiresAt: string }, status: number) {
    const url = config.publicUrl + linkPath(purpose, link.token);
    const mailed = await mailLink(request, person, purpose, url, link.expiresAt);
    const page = <LinkShownPage site={await ctx.siteView()} actor={officeActor(request)} purpose={purpose} person={person} url={url} expiresAt={link.expiresAt} mailed={mailed} />;
    // The page holds a secret: it must not travel on to another site in a Referer header.
    reply.header('referrer-policy', 'no-referrer');
    return sendOfficePage(reply, page, status);
  }

  app.get('/admin/users', async (request, reply) => {
    const actor = officeActor(request);
    refuseUnlessAdmin(actor);
    const [people, experts, openLinks] = await Promise.all([listPeople(handle), listAllExperts(handle), listOpenLinks(handle)]);
    const expertNames = new Map(experts.map((e) => [e.id, e.name]));
    const notice = noticeFrom(request, { invited: 'Invitation created.' });
    return sendOfficePage(reply, <PeopleListPage site={await ctx.siteView()} actor={actor} people={people} expertNames={expertNames} openLinks={openLinks} notice={notice} />);
  });

  app.get('/admin/users/invite', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.invite(actor), 'Only administrators invite people');
    return sendOfficePage(reply, <InvitePage site={await ctx.siteView()} actor={actor} experts={await listAllExperts(handle)} values={{}} errors={{}} />);
  });

  app.post('/admin/users/invite', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.invite(actor), 'Only administrators invite people');
    const experts = await listAllExperts(handle);
    const body = request.body;
    const values: InviteValues = { email: typed(body, 'email'), role: typed(body, 'role'), expert: typed(body, 'expert'), name: typed(body, 'name') };
    const refuse = async (errors: FieldErrors, status: number) =>
      sendOfficePage(reply, <InvitePage site={await ctx.siteView()} actor={actor} experts={experts} values={values} errors={errors} />, status);
    const form = inviteForm.safeParse(body ?? {});
    if (!form.success) return refuse(fieldErrorsOf(form.error), 422);
    const input = form.data;
    if (input.expert !== null && !experts.some((e) => e.id === input.expert)) return refuse({ expert: 'is not one of the experts: choose one from the list' }, 422);
    const taken = { email: 'already has an account. Open their page under People to change it or to make a new link.' };
    if (await getUserByEmail(handle, input.email)) return refuse(taken, 409);
    let invitation;
    try {
      invitation = await inviteUser(handle, { email: input.email, role: input.role, name: input.name, expertId: input.expert, createdBy: actor.userId });
    } catch (err) {
      // Two administrators inviting the same address at once: the database lets one through.
      if (isUniqueViolation(err)) return refuse(taken, 409);
      throw err;
    }
    await ctx.audit(actor, { action: 'user.invite', subject: personSubject(invitation.user), detail: `as ${roleName(input.role).toLowerCase()}` }, request);
    return renderLink(reply, request, invitation.user, 'invite', invitation, 201);
  });

  app.get('/admin/users/:id', async (request, reply) => {
    refuseUnlessAdmin(officeActor(request));
    return renderPerson(reply, request, await personFromParams(request.params));
  });

  app.post('/admin/users/:id', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.update(actor), 'Only administrators change people’s accounts');
    const person = await personFromParams(request.params);
    const body = request.body;
    const values: PersonValues = { name: typed(body, 'name'), role: typed(body, 'role'), expert: typed(body, 'expert') };
    const form = personForm.safeParse(body ?? {});
    if (!form.success) return renderPerson(reply, request, person, { values, errors: fieldErrorsOf(form.error), status: 422 });
    const input = form.data;
    const experts = await listAllExperts(handle);
    if (input.expert !== null && !experts.some((e) => e.id === input.expert)) {
      return renderPerson(reply, request, person, { values, errors: { expert: 'is not one of the experts: choose one from the list' }, status: 422 });
    }
    const conflict = accountConflict(actor, person, { role: input.role }, await countActiveAdmins(handle, person.id));
    if (conflict) return renderPerson(reply, request, person, { values, errors: { '': accountConflictMessages[conflict] }, status: 409 });

    const next = { name: input.name, role: input.role, expertId: input.expert };
    const detail = describeChanges(person, next, experts);
    if (!detail) return redirectAfterPost(reply, `/admin/users/${person.id}`, 'saved');
    await updateUser(handle, person.id, next);
    const isSelf = person.id === actor.userId;
    const roleChanged = person.role !== input.role;
    // A new role takes effect everywhere at once: every session they have starts again from the sign-in page.
    if (roleChanged) await endUserSessions(handle, person.id, isSelf ? actor.session?.id : undefined);
    await ctx.audit(actor, { action: 'user.update', subject: personSubject(person), detail }, request);
    if (isSelf && roleChanged) return redirectAfterPost(reply, '/admin');
    return redirectAfterPost(reply, `/admin/users/${person.id}`, roleChanged && !isSelf ? 'signed_out' : 'saved');
  });

  app.post('/admin/users/:id/disable', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.disable(actor), 'Only administrators disable accounts');
    const person = await personFromParams(request.params);
    const conflict = accountConflict(actor, person, { disable: true }, await countActiveAdmins(handle, person.id));
    if (conflict) return renderPerson(reply, request, person, { errors: { '': accountConflictMessages[conflict] }, status: 409 });
    if (!person.disabledAt) {
      await updateUser(handle, person.id, { disabled: true });
      const ended = await endUserSessions(handle, person.id);
      await ctx.audit(actor, { action: 'user.disable', subject: personSubject(person), detail: `ended ${ended} session${ended === 1 ? '' : 's'}` }, request);
    }
    return redirectAfterPost(reply, `/admin/users/${person.id}`, 'disabled');
  });

  app.post('/admin/users/:id/enable', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.disable(actor), 'Only administrators enable accounts');
    const person = await personFromParams(request.params);
    if (person.disabledAt) {
      await updateUser(handle, person.id, { disabled: false });
      await ctx.audit(actor, { action: 'user.enable', subject: personSubject(person) }, request);
    }
    return redirectAfterPost(reply, `/admin/users/${person.id}`, 'enabled');
  });

  app.post('/admin/users/:id/reset-link', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.createLink(actor), 'Only administrators make password reset links');
    const person = await personFromParams(request.params);
    if (person.disabledAt) return renderPerson(reply, request, person, { errors: { '': 'Enable the account first: links for a disabled account do not work.' }, status: 409 });
    const link = await createUserLink(handle, { userId: person.id, purpose: 'reset', createdBy: actor.userId });
    await ctx.audit(actor, { action: 'user.reset_link', subject: personSubject(person) }, request);
    return renderLink(reply, request, person, 'reset', link, 200);
  });

  app.post('/admin/users/:id/invite-link', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.createLink(actor), 'Only administrators make invitation links');
    const person = await personFromParams(request.params);
    if (person.disabledAt) return renderPerson(reply, request, person, { errors: { '': 'Enable the account first: links for a disabled account do not work.' }, status: 409 });
    if (person.hasPassword) return renderPerson(reply, request, person, { errors: { '': 'They have accepted their invitation already. Make a password reset link instead.' }, status: 409 });
    const link = await createUserLink(handle, { userId: person.id, purpose: 'invite', createdBy: actor.userId });
    await ctx.audit(actor, { action: 'user.invite', subject: personSubject(person), detail: 'new invitation link' }, request);
    return renderLink(reply, request, person, 'invite', link, 200);
  });

  async function renderAccount(reply: FastifyReply, request: FastifyRequest, options: { name?: string; errors?: AccountErrors; status?: number } = {}) {
    const actor = officeActor(request);
    const notice = options.status ? undefined : noticeFrom(request, noticesOfAccount);
    return sendOfficePage(reply, <AccountPage site={await ctx.siteView()} actor={actor} name={options.name} errors={options.errors} notice={notice} />, options.status ?? 200);
  }

  app.get('/admin/account', async (request, reply) => renderAccount(reply, request));

  app.post('/admin/account', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.updateOwnAccount(actor, { id: actor.userId }), 'You may change only your own account here');
    const form = accountNameForm.safeParse(request.body ?? {});
    if (!form.success) return renderAccount(reply, request, { name: typed(request.body, 'name') ?? '', errors: { name: fieldErrorsOf(form.error) }, status: 422 });
    if (form.data.name !== actor.name) {
      await updateUser(handle, actor.userId, { name: form.data.name });
      await ctx.audit(actor, { action: 'user.update', subject: personSubject({ id: actor.userId, email: actor.email }), detail: 'own name' }, request);
    }
    return redirectAfterPost(reply, '/admin/account', 'saved');
  });

  app.post('/admin/account/password', async (request, reply) => {
    const actor = officeActor(request);
    allowOrRefuse(userPolicy.updateOwnAccount(actor, { id: actor.userId }), 'You may change only your own password here');
    const refuse = (errors: FieldErrors, status = 422) => renderAccount(reply, request, { errors: { password: errors }, status });
    const form = passwordForm.safeParse(request.body ?? {});
    if (!form.success) return refuse(fieldErrorsOf(form.error));
    // The current password is a second proof of who is at the keyboard; guessing it is throttled like signing in.
    const limiter = await throttleFor(handle);
    const state = await limiter.attempt(actor.email, request.ip);
    if (state.blocked) {
      const detail = refusalDetail(state);
      if (detail) await ctx.audit(actor, { action: 'user.password_change_refused', subject: personSubject({ id: actor.userId, email: actor.email }), detail }, request);
      reply.header('retry-after', String(state.retryAfterSeconds));
      return refuse({ current_password: 'has been mistyped too many times. Try again later, or ask an administrator for a password reset link.' }, 429);
    }
    if (!(await isCurrentPassword(handle, actor.userId, form.data.current_password))) return refuse({ current_password: 'is not your current password' });
    await limiter.succeeded(actor.email, request.ip);
    await setPassword(handle, actor.userId, form.data.new_password);
    const ended = await endUserSessions(handle, actor.userId, actor.session?.id);
    await ctx.audit(actor, { action: 'user.password_change', subject: personSubject({ id: actor.userId, email: actor.email }), detail: `ended ${ended} other session${ended === 1 ? '' : 's'}` }, request);
    return redirectAfterPost(reply, '/admin/account', 'password_changed');
  });
}
