import { z } from 'zod';
import { positiveId, textField } from '../http/schemas.ts';
import { readerPagePath } from '../http/paths.ts';
import { addressKey, maxAddressLength, pathOfKey, targetAddress } from './addresses.ts';

export const redirectStatuses = [301, 302, 307, 308] as const;
export const noteMaxLength = 300;

const from = z
  .string()
  .max(maxAddressLength, `must be at most ${maxAddressLength} characters`)
  .transform((s, ctx) => {
    const key = addressKey(s);
    if (!key) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a path on this site, such as /2019/05/old-post/ (or a full address of the old site)' });
    else if (key === '/') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'cannot be the front page' });
    // The office, the API and files are no reader's page: nothing there should ever be sent elsewhere.
    else if (!readerPagePath(pathOfKey(key))) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a reader’s page, not the office, the API or a file' });
    return key ?? '';
  });

const to = z
  .string()
  .max(maxAddressLength, `must be at most ${maxAddressLength} characters`)
  .transform((s, ctx) => {
    const target = targetAddress(s);
    if (!target) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a path on this site (/blogs/…) or a full http(s) address' });
    return target ?? '';
  });

/** A form sends numbers and checkboxes as text. */
const status = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.union(redirectStatuses.map((n) => z.literal(n)) as [z.ZodLiteral<301>, z.ZodLiteral<302>, z.ZodLiteral<307>, z.ZodLiteral<308>]),
);
const prefix = z.preprocess((v) => (v === 'on' || v === 'true' || v === '1' ? true : v === '' || v === 'false' || v === '0' ? false : v), z.boolean());

export const redirectFields = { from, to, status, prefix, note: textField(noteMaxLength).transform((s) => s.trim()) };

export const createRedirectSchema = z.object({ ...redirectFields, status: status.default(301), prefix: prefix.default(false), note: redirectFields.note.default('') }).strict();
export const updateRedirectSchema = z.object(redirectFields).partial().strict();
/** A redirect as the office's form sends it: an unticked box is not sent at all, so it means false. */
export const wholeRedirectSchema = z.object({ ...redirectFields, prefix: prefix.default(false) }).strict();

export type RedirectInput = z.input<typeof createRedirectSchema>;
export type RedirectChanges = z.input<typeof updateRedirectSchema>;

const idParams = z.object({ id: positiveId });

/** The id an address names (`/…/:id`); a malformed one names no redirect (0), which the commands find unknown. */
export function redirectIdOfParams(params: unknown): number {
  const parsed = idParams.safeParse(params);
  return parsed.success ? parsed.data.id : 0;
}
