import { type Refusal } from '../core/refusals.ts';

/**
 * The command line's one reading of the domain's refusals: the message, naming the option at fault as
 * its `--option` (the API's `max_choices` is `--max-choices`), or as `options` names it where they differ.
 */
export function refusalMessage(refusal: Refusal, options: Record<string, string> = {}): string {
  if (refusal.field === undefined) return refusal.message;
  const option = options[refusal.field] ?? `--${refusal.field.replace(/_/g, '-')}`;
  return /^(must|is) /.test(refusal.reason) ? `${option} ${refusal.reason}` : `${option}: ${refusal.reason}`;
}

/** Exit codes: 2 for what the person can correct and run again, 1 for the server being too busy. */
export const refusalExitCode = (refusal: Refusal): number => (refusal.kind === 'busy' ? 1 : 2);
