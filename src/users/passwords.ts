import { z } from 'zod';
import { invalid } from '../core/refusals.ts';

/** Password rules for the office: long enough to resist guessing, short enough to hash quickly. */
export const newPassword = z.string().min(10, 'must be at least 10 characters').max(1000, 'must be at most 1000 characters');

/** A password chosen for an account, checked by the command that sets it; `field` is the input it came from. */
export function checkPassword(password: string, field: string): void {
  const problem = newPassword.safeParse(password);
  if (!problem.success) throw invalid(problem.error.issues[0]!.message, field);
}
