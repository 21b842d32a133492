import { ZodError } from 'zod';
import { fromZod, Refusal } from '../core/refusals.ts';
import type { FieldErrors } from './forms.tsx';

/** A refusal shown on the form it came from: the message beside its field (or atop the form), and the page's status. */
export interface FormProblem {
  errors: FieldErrors;
  status: number;
}

/**
 * The office's one reading of the domain's refusals: bad or conflicting input goes back to the form,
 * with everything typed kept; anything else (not found, forbidden) is for the error page, so undefined.
 * `fieldNames` maps a command's field to the form's input where the two differ ('' for the top).
 */
export function formProblem(err: unknown, fieldNames: Record<string, string> = {}): FormProblem | undefined {
  const refusal = err instanceof ZodError ? fromZod(err) : err;
  if (!(refusal instanceof Refusal)) return undefined;
  const status = formStatus[refusal.kind];
  if (status === undefined) return undefined;
  const errors: FieldErrors = {};
  const problems = refusal.problems.length > 0 ? refusal.problems : [{ field: refusal.field ?? '', reason: refusal.reason }];
  for (const { field, reason } of problems) {
    const input = fieldNames[field] ?? field;
    // At the top of the form, the message names what it is about ("status: …").
    errors[input] ??= input === '' && field ? `${field}: ${reason}` : reason;
  }
  return { errors, status };
}

const formStatus: Partial<Record<Refusal['kind'], number>> = { invalid: 422, conflict: 409, too_large: 413, unsupported: 415, busy: 503 };
