import { isAdmin, isEditorial, type Actor } from './actor.ts';
import { forbidden } from './refusals.ts';

/**
 * One line of a capability's permission table: who may take the action (given what the rule needs to
 * know about its subject), and what they are told when they may not.
 */
export interface Permission<Facts = void> {
  allow: (actor: Actor, facts: Facts) => boolean;
  refusal: string;
}

/** A capability's permissions, one line per action, in policies.ts. */
export type PolicyTable = Record<string, Permission<never>>;

// A rule written without a facts parameter needs none (inferring from it alone would give unknown).
type FactsOf<P> = P extends { allow: (actor: Actor) => boolean } ? void : P extends Permission<infer F> ? F : never;
/** The facts argument, left out for actions that need none. */
type FactsArg<P> = [FactsOf<P>] extends [void] ? [] : [facts: FactsOf<P>];

/** Whether the table lets the actor take the action. */
export function permits<T extends PolicyTable, A extends keyof T & string>(table: T, actor: Actor, action: A, ...facts: FactsArg<T[A]>): boolean {
  return (table[action] as Permission<unknown>).allow(actor, facts[0]);
}

/** Refuses (forbidden, with the table's words) unless the table lets the actor take the action. */
export function requirePermission<T extends PolicyTable, A extends keyof T & string>(table: T, actor: Actor, action: A, ...facts: FactsArg<T[A]>): void {
  if (!permits(table, actor, action, ...facts)) throw forbidden(table[action]!.refusal);
}

/** The table's rules as plain functions, `policy.create(actor)`, for code that only asks. */
export function rulesOf<T extends PolicyTable>(table: T): { [A in keyof T]: T[A]['allow'] } {
  return Object.fromEntries(Object.entries(table).map(([action, permission]) => [action, permission.allow])) as { [A in keyof T]: T[A]['allow'] };
}

// The conditions tables are written with.
export const editorsAndAdmins = (actor: Actor) => isEditorial(actor);
export const adminsOnly = (actor: Actor) => isAdmin(actor);
export const anyoneSignedIn = () => true;
