import { z } from 'zod';
import { roles, type Role } from '../core/actor.ts';
import { textField, trimmed } from '../http/schemas.ts';

/**
 * The fields of a person's account, checked by the commands themselves whatever the entry point: the
 * office and the command line only translate their forms and options into these names.
 */

export const personEmail = trimmed(z.string().max(320, 'must be at most 320 characters').email('is not an e-mail address')).transform((e) => e.toLowerCase());
export const roleReason = 'choose Author, Editor or Administrator';
const personRole = z.enum(roles, { errorMap: () => ({ message: roleReason }) });
const personName = trimmed(textField(200)).optional();
/** An expert's id; the commands look it up. Named `expert`, as the office form and the API name it. */
const personExpert = z.number().int().positive().nullable().optional();

export const authorsNeedAnExpertReason = 'is required for authors: choose the expert whose blog they write for';

function authorsNeedAnExpert(person: { role: Role; expertId?: number | null }, ctx: z.RefinementCtx): void {
  if (person.role === 'author' && person.expertId == null) ctx.addIssue({ code: 'custom', path: ['expert'], message: authorsNeedAnExpertReason });
}

const personChangeFields = z.object({ name: personName, role: personRole, expertId: personExpert });

/** A new account's fields, whatever its expert: for an invitation that makes the expert profile too. */
export const newPersonFields = z.object({ email: personEmail }).merge(personChangeFields);
/** A new account: e-mail, role, name, and the expert an author writes for. */
export const newPersonInput = newPersonFields.superRefine(authorsNeedAnExpert);
/** A change to an account: its name, role and expert link. */
export const personChangesInput = personChangeFields.superRefine(authorsNeedAnExpert);

/** What an entry point hands the commands, unchecked: a field missing from a form is undefined, a role any text, until the command parses them. */
export interface NewPersonInput {
  email: string | undefined;
  role: string | undefined;
  name?: string;
  expertId?: number | null;
}
export interface PersonChangesInput {
  name: string;
  role: string | undefined;
  expertId: number | null;
}
