import { z } from 'zod';
import type { Db } from '../schema.ts';
import { commandLineActor, roles } from '../core/actor.ts';
import { invalid, isRefusal } from '../core/refusals.ts';
import { commandLineContext } from './context.ts';
import { slugField, trimmed } from '../http/schemas.ts';
import { getExpertBySlug } from '../experts/store.ts';
import { newPassword } from '../users/passwords.ts';
import { linkPath } from '../users/links.ts';
import { createPerson, invitePerson } from '../users/commands.ts';
import { authorsNeedAnExpertReason, roleReason } from '../users/person-input.ts';

/** What `rostrum user` and `rostrum token` need from the CLI around them (src/main.ts), so that errors and options behave like every other command's. */
export interface CliContext {
  publicUrl: string;
  /** The usage line of the command as a whole. */
  usage: string;
  withDatabase(work: (handle: Db) => Promise<void>): Promise<void>;
  /** Reads options through a zod schema; the first problem becomes a usage error naming the option. */
  parseOptions<T extends z.ZodTypeAny>(schema: T, values: Record<string, unknown>): z.output<T>;
  /** Bad input: shown as is, exit code 2. */
  usageError(message: string): Error;
}

/** The command line's context for a command: no client address, and running servers hear of changes readers see. */

// Text is trimmed, and an option given as empty text counts as not given.
const blank = { blankAsMissing: true };
export const emailOption = z.string().max(320, 'must be at most 320 characters').email('is not an e-mail address');

// Only read here; the commands check e-mail, role, name and the author's expert (users/person-input.ts).
const userCreateOptions = z
  .object({
    email: trimmed(z.string(), blank),
    role: trimmed(z.string(), blank),
    // A password is taken as typed: a space at either end is part of it. The office's rules apply.
    password: newPassword.optional(),
    expert: trimmed(slugField.optional(), blank),
    name: trimmed(z.string().optional(), blank),
  })
  .strict();

/** The command line's own words for what the commands refuse in the office's words. */
const optionReasons: Record<string, string> = {
  [roleReason]: `must be one of ${roles.join(', ')}`,
  [authorsNeedAnExpertReason]: 'is required for an author: the slug of the expert they write for',
};
const userInviteOptions = userCreateOptions.omit({ password: true });

/**
 * `rostrum user create|invite`: an account with a password (or none), or one with a one-time invitation
 * link, printed last. The command line acts as a named administrator, noted as such in the audit log.
 */
export async function userCommand(sub: string | undefined, values: Record<string, unknown>, cli: CliContext): Promise<void> {
  if (sub !== 'create' && sub !== 'invite') throw cli.usageError(`Usage: ${cli.usage}`);
  const input: z.infer<typeof userCreateOptions> = sub === 'create' ? cli.parseOptions(userCreateOptions, values) : cli.parseOptions(userInviteOptions, values);
  const actor = commandLineActor(`user ${sub}`);
  const refused = (err: unknown): never => {
    if (!isRefusal(err)) throw err;
    if (err.kind === 'conflict' && err.field === 'email') throw cli.usageError(`A user with the e-mail ${input.email} exists already`);
    const reason = err.kind === 'invalid' ? optionReasons[err.reason] : undefined;
    throw reason ? invalid(reason, err.field) : err;
  };
  return cli.withDatabase(async (handle) => {
    const expert = input.expert ? await getExpertBySlug(handle, input.expert) : undefined;
    if (input.expert && !expert) throw cli.usageError(`--expert: there is no expert "${input.expert}"`);
    const person = { email: input.email, role: input.role, name: input.name, expertId: expert?.id ?? null };
    if (sub === 'create') {
      const user = await createPerson(commandLineContext(handle), actor, { ...person, password: input.password }).catch(refused);
      console.log(`Created ${user.role} ${user.email} (id ${user.id})`);
      return;
    }
    const invitation = await invitePerson(commandLineContext(handle), actor, person).catch(refused);
    console.log(`Created ${invitation.user.role} ${invitation.user.email} (id ${invitation.user.id})`);
    console.log(`Send this invitation link to ${invitation.user.email}; it works once, until ${invitation.expiresAt}:`);
    console.log(cli.publicUrl + linkPath('invite', invitation.token));
  });
}
