import type { Actor, Role, UserActor } from '../core/actor.ts';
import { conflict, invalid, notFound, parseInput, Refusal } from '../core/refusals.ts';
import { requirePermission } from '../core/policy.ts';
import { commit, type CommandContext } from '../audit/command.ts';
import type { AuditEvent } from '../audit/store.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { getExpertById, listAllExperts } from '../experts/store.ts';
import { planExpert, type ExpertCommandContext, type ExpertInput } from '../experts/commands.ts';
import { countActiveAdmins, createUser, getPerson, getUserByEmail, hashPassword, isCurrentPassword, setPasswordHash, updateUser, type Person, type User } from './store.ts';
import { endUserSessions } from './sessions.ts';
import { createUserLink, inviteUser, type Invitation } from './links.ts';
import { checkPassword } from './passwords.ts';
import { newPersonFields, newPersonInput, personChangesInput, type NewPersonInput, type PersonChangesInput } from './person-input.ts';
import { refusalDetail, throttleFor } from './throttle.ts';
import type { LinkPurpose } from './tables.ts';
import { accountConflict, accountConflictMessages, userPermissions } from './policies.ts';

/**
 * Every change to people's accounts made by an administrator (or the command line), and by a person to
 * their own account. Signing in and out and the one-time links are in session-commands.ts; API tokens in
 * token-commands.ts. No change here is seen by readers, so none is announced.
 */

export const personSubject = (person: { id: number; email: string }): AuditEvent['subject'] => ({ kind: 'user', id: person.id, label: person.email });

const roleNouns: Record<Role, string> = { admin: 'administrator', editor: 'editor', author: 'author' };

export type NewPerson = NewPersonInput;

const emailTaken = () => conflict('already has an account. Open their page under People to change it or to make a new link.', 'email');

/** The expert an account is linked to must exist (that an author has one, the input's schema checks). */
async function checkExpertExists(ctx: CommandContext, expertId: number | null | undefined): Promise<void> {
  if (expertId != null && !(await getExpertById(ctx.handle, expertId))) throw invalid('is not one of the experts: choose one from the list', 'expert');
}

async function checkNewPerson(ctx: CommandContext, input: NewPersonInput) {
  const person = parseInput(newPersonInput, input);
  await checkExpertExists(ctx, person.expertId);
  if (await getUserByEmail(ctx.handle, person.email)) throw emailTaken();
  return person;
}

/** Two administrators making the same address at once: the database's unique e-mail lets one through. */
const refuseTakenEmail = (err: unknown): never => {
  throw isUniqueViolation(err) ? emailTaken() : err;
};

/** An account with a password chosen by whoever makes it (or none, to be set by a reset link later). */
export async function createPerson(ctx: CommandContext, actor: Actor, input: NewPerson & { password?: string }): Promise<User> {
  requirePermission(userPermissions, actor, 'create');
  if (input.password !== undefined) checkPassword(input.password, 'password');
  const person = await checkNewPerson(ctx, input);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return commit(ctx, actor, async (tx) => {
    const user = await createUser(tx, { ...person, passwordHash });
    return { result: user, audit: { action: 'user.create', subject: personSubject(user), detail: `as ${roleNouns[user.role]}` }, announce: false };
  }).catch(refuseTakenEmail);
}

/** The expert profile an invitation makes for the person: the profile's fields, and a portrait file. */
export interface NewProfile {
  profile: ExpertInput;
  portrait?: Buffer;
}

/** A refusal about the new profile, named as the invitation form names its fields (`expert_bio`), apart from the person's own. */
const asProfileField = (err: unknown): never => {
  if (!(err instanceof Refusal) || err.field === undefined) throw err;
  const renamed = (field: string) => (field ? `expert_${field}` : field);
  throw new Refusal(
    err.kind,
    err.reason,
    renamed(err.field),
    err.retryAfterSeconds,
    err.problems.map((p) => ({ ...p, field: renamed(p.field) })),
  );
};

/**
 * An account with no password and its one-time invitation link, made together: no account is left
 * without a way in. With `newProfile`, the expert profile the person writes for is made in the same
 * transaction and linked (the portrait, stored first like any upload, is all that may stay behind).
 */
export async function invitePerson(ctx: ExpertCommandContext, actor: Actor, input: NewPerson, newProfile?: NewProfile): Promise<Invitation> {
  requirePermission(userPermissions, actor, 'invite');
  if (newProfile) return inviteWithProfile(ctx, actor, input, newProfile);
  const person = await checkNewPerson(ctx, input);
  return commit(ctx, actor, async (tx) => {
    const invitation = await inviteUser(tx, { ...person, expertId: person.expertId ?? null, createdBy: actor.userId });
    return { result: invitation, audit: { action: 'user.invite', subject: personSubject(invitation.user), detail: `as ${roleNouns[person.role]}` }, announce: false };
  }).catch(refuseTakenEmail);
}

async function inviteWithProfile(ctx: ExpertCommandContext, actor: Actor, input: NewPerson, newProfile: NewProfile): Promise<Invitation> {
  const person = parseInput(newPersonFields, { ...input, expertId: null });
  if (await getUserByEmail(ctx.handle, person.email)) throw emailTaken();
  const planned = await planExpert(ctx, actor, newProfile.profile, { portrait: newProfile.portrait }).catch(asProfileField);
  return commit(ctx, actor, async (tx) => {
    const { expert, audit } = await planned.write(tx).catch(asProfileField);
    const invitation = await inviteUser(tx, { ...person, expertId: expert.id, createdBy: actor.userId });
    const invited: AuditEvent = { action: 'user.invite', subject: personSubject(invitation.user), detail: `as ${roleNouns[person.role]} of the new expert ${expert.name}` };
    // A new blog (without articles yet) is listed among the experts: readers' pages change.
    return { result: invitation, audit: [audit, invited], announce: true };
  }).catch(refuseTakenEmail);
}

async function personById(ctx: CommandContext, id: number): Promise<Person> {
  const person = await getPerson(ctx.handle, id);
  if (!person) throw notFound('There is no such person');
  return person;
}

async function refuseLockout(ctx: CommandContext, actor: Actor, person: Person, change: { disable?: boolean; role?: Role }): Promise<void> {
  const found = accountConflict(actor, person, change, await countActiveAdmins(ctx.handle, person.id));
  if (found) throw conflict(accountConflictMessages[found]);
}

export type PersonChanges = PersonChangesInput;

/** The changes as the schema read them: a name, a role, and an expert or none. */
interface CheckedChanges {
  name: string;
  role: Role;
  expertId: number | null;
}

/** What changed on an account, in words for the audit log; empty when nothing did. */
async function describeChanges(ctx: CommandContext, before: Person, after: CheckedChanges): Promise<string> {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push('name');
  if (before.role !== after.role) changes.push(`role: ${before.role} → ${after.role}`);
  if (before.expertId !== after.expertId) {
    const experts = await listAllExperts(ctx.handle);
    const expertName = (id: number | null) => (id === null ? 'none' : (experts.find((e) => e.id === id)?.name ?? `#${id}`));
    changes.push(`expert: ${expertName(before.expertId)} → ${expertName(after.expertId)}`);
  }
  return changes.join('; ');
}

export interface PersonUpdate {
  /** False when the form changed nothing: nothing was written. */
  changed: boolean;
  /** A new role signs the person out everywhere (but for the session that made the change, when it is theirs). */
  roleChanged: boolean;
}

/** An administrator changes someone's name, role or expert link. */
export async function updatePerson(ctx: CommandContext, actor: Actor, personId: number, input: PersonChanges): Promise<PersonUpdate> {
  requirePermission(userPermissions, actor, 'update');
  const parsed = parseInput(personChangesInput, input);
  const changes: CheckedChanges = { name: parsed.name ?? '', role: parsed.role, expertId: parsed.expertId ?? null };
  const person = await personById(ctx, personId);
  await checkExpertExists(ctx, changes.expertId);
  await refuseLockout(ctx, actor, person, { role: changes.role });
  const detail = await describeChanges(ctx, person, changes);
  if (!detail) return { changed: false, roleChanged: false };
  const roleChanged = person.role !== changes.role;
  const keepSession = actor.kind !== 'system' && person.id === actor.userId ? actor.session?.id : undefined;
  return commit(ctx, actor, async (tx) => {
    await updateUser(tx, person.id, changes);
    // A new role takes effect everywhere at once: every session they have starts again from the sign-in page.
    if (roleChanged) await endUserSessions(tx, person.id, keepSession);
    return { result: { changed: true, roleChanged }, audit: { action: 'user.update', subject: personSubject(person), detail }, announce: false };
  });
}

/** Turns an account off and ends its sessions; its API tokens stop working with it. Disabling it again changes nothing. */
export async function disablePerson(ctx: CommandContext, actor: Actor, personId: number): Promise<void> {
  requirePermission(userPermissions, actor, 'disable');
  const person = await personById(ctx, personId);
  await refuseLockout(ctx, actor, person, { disable: true });
  if (person.disabledAt) return;
  await commit(ctx, actor, async (tx) => {
    await updateUser(tx, person.id, { disabled: true });
    const ended = await endUserSessions(tx, person.id);
    return { result: undefined, audit: { action: 'user.disable', subject: personSubject(person), detail: `ended ${ended} session${ended === 1 ? '' : 's'}` }, announce: false };
  });
}

export async function enablePerson(ctx: CommandContext, actor: Actor, personId: number): Promise<void> {
  requirePermission(userPermissions, actor, 'enable');
  const person = await personById(ctx, personId);
  if (!person.disabledAt) return;
  await commit(ctx, actor, async (tx) => {
    await updateUser(tx, person.id, { disabled: false });
    return { result: undefined, audit: { action: 'user.enable', subject: personSubject(person) }, announce: false };
  });
}

export interface HandedLink {
  person: Person;
  token: string;
  expiresAt: string;
}

/**
 * An administrator makes a one-time link for someone: a password reset link, or a new invitation link
 * for someone who has not accepted theirs. The person's earlier unused link of the kind stops working.
 */
export async function makeUserLink(ctx: CommandContext, actor: Actor, personId: number, purpose: LinkPurpose): Promise<HandedLink> {
  requirePermission(userPermissions, actor, 'createLink');
  const person = await personById(ctx, personId);
  if (person.disabledAt) throw conflict('Enable the account first: links for a disabled account do not work.');
  if (purpose === 'invite' && person.hasPassword) throw conflict('They have accepted their invitation already. Make a password reset link instead.');
  return commit(ctx, actor, async (tx) => {
    const link = await createUserLink(tx, { userId: person.id, purpose, createdBy: actor.userId });
    const audit: AuditEvent =
      purpose === 'invite' ? { action: 'user.invite', subject: personSubject(person), detail: 'new invitation link' } : { action: 'user.reset_link', subject: personSubject(person) };
    return { result: { person, ...link }, audit, announce: false };
  });
}

/** A person changes the name colleagues see them by. */
export async function changeOwnName(ctx: CommandContext, actor: UserActor, name: string): Promise<void> {
  requirePermission(userPermissions, actor, 'updateOwnAccount', { id: actor.userId });
  const wanted = name.trim();
  if (!wanted) throw invalid('must not be empty', 'name');
  if (wanted === actor.name) return;
  await commit(ctx, actor, async (tx) => {
    await updateUser(tx, actor.userId, { name: wanted });
    return { result: undefined, audit: { action: 'user.update', subject: personSubject({ id: actor.userId, email: actor.email }), detail: 'own name' }, announce: false };
  });
}

/**
 * A person changes their own password, proving who is at the keyboard with the current one; guessing
 * it is throttled like signing in, and a refusal for too many mistakes is noted in the audit log. Their
 * other sessions end; the one they use goes on.
 */
export async function changeOwnPassword(ctx: CommandContext, actor: UserActor, input: { currentPassword: string; newPassword: string }): Promise<{ endedSessions: number }> {
  requirePermission(userPermissions, actor, 'updateOwnAccount', { id: actor.userId });
  checkPassword(input.newPassword, 'new_password');
  const subject = personSubject({ id: actor.userId, email: actor.email });
  // The throttle counts in its own writes, outside any transaction: a refused attempt must still count.
  const limiter = await throttleFor(ctx.handle);
  const state = await limiter.attempt(actor.email, ctx.ip ?? '');
  if (state.blocked) {
    const detail = refusalDetail(state);
    if (detail) await commit(ctx, actor, async () => ({ result: undefined, audit: { action: 'user.password_change_refused', subject, detail }, announce: false }));
    throw new Refusal('rate_limited', 'has been mistyped too many times. Try again later, or ask an administrator for a password reset link.', 'current_password', state.retryAfterSeconds);
  }
  if (!(await isCurrentPassword(ctx.handle, actor.userId, input.currentPassword))) throw invalid('is not your current password', 'current_password');
  await limiter.succeeded(actor.email, ctx.ip ?? '');
  const passwordHash = await hashPassword(input.newPassword);
  return commit(ctx, actor, async (tx) => {
    await setPasswordHash(tx, actor.userId, passwordHash);
    const ended = await endUserSessions(tx, actor.userId, actor.session?.id);
    return { result: { endedSessions: ended }, audit: { action: 'user.password_change', subject, detail: `ended ${ended} other session${ended === 1 ? '' : 's'}` }, announce: false };
  });
}
