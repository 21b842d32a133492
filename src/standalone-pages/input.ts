import { z } from 'zod';
import type { Db } from '../schema.ts';
import { positiveId, requiredText, textField } from '../http/schemas.ts';
import { pagePathProblem, trimPagePath } from './paths.ts';
import { pageMenus, pageStatuses } from './tables.ts';
import { getStandalonePage, type StandalonePage } from './store.ts';

export const titleMaxLength = 300;
export const bodyMaxLength = 200_000;
/** Menu positions run from -9999 to 9999: room enough to put a page before or after any other. */
export const menuOrderLimit = 9999;

/**
 * A page's path as typed, slashes around it dropped ("/about/team/" is `about/team`). Empty means "make it
 * from the title"; anything else must be slugs separated by slashes, and not start where the site's own
 * pages are (see paths.ts).
 */
const path = z.preprocess(
  (v) => (typeof v === 'string' ? trimPagePath(v) : v),
  z.string({ invalid_type_error: 'must be text, such as about/team' }).superRefine((s, ctx) => {
    const problem = s === '' ? undefined : pagePathProblem(s);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
);

/** A whole number; the office's form sends it as text, and an empty box is 0. */
const menuOrder = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d{1,9}\s*$/.test(v) ? Number(v) : typeof v === 'string' && v.trim() === '' ? 0 : v),
  z
    .number({ invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .min(-menuOrderLimit, `must be at least -${menuOrderLimit}`)
    .max(menuOrderLimit, `must be at most ${menuOrderLimit}`),
);

/** The rules for a page, the same for the API and the office's form; names as the API has them. */
export const pageFields = {
  title: requiredText(titleMaxLength),
  path,
  body: textField(bodyMaxLength),
  status: z.enum(pageStatuses, { errorMap: () => ({ message: 'must be draft or published' }) }),
  menu: z.enum(pageMenus, { errorMap: () => ({ message: 'must be masthead, footer or none' }) }),
  menu_order: menuOrder,
};

export const createPageSchema = z
  .object({
    ...pageFields,
    path: pageFields.path.default(''),
    body: pageFields.body.default(''),
    status: pageFields.status.default('draft'),
    menu: pageFields.menu.default('none'),
    menu_order: pageFields.menu_order.default(0),
  })
  .strict();
export const updatePageSchema = z.object(pageFields).partial().strict();
/** A page as the office's form sends it: every field (an empty path is made from the title). */
export const wholePageSchema = z.object(pageFields).strict();

export type PageInput = z.input<typeof createPageSchema>;
export type PageChanges = z.input<typeof updatePageSchema>;
export type ParsedPageChanges = z.output<typeof updatePageSchema>;

const idParams = z.object({ id: positiveId });
const revisionParams = z.object({ id: positiveId, number: positiveId });

/** The id an address names (`/…/:id`); a malformed one names no page (0), which the commands find unknown. */
export function pageIdOfParams(params: unknown): number {
  const parsed = idParams.safeParse(params);
  return parsed.success ? parsed.data.id : 0;
}

/** The page an address names (`/…/:id`); undefined for an id that is malformed or unknown alike. */
export async function pageOfParams(handle: Db, params: unknown): Promise<StandalonePage | undefined> {
  const id = pageIdOfParams(params);
  return id ? getStandalonePage(handle, id) : undefined;
}

/** The revision number an address names (`/…/revisions/:number`); 0 when malformed. */
export function revisionNumberOfParams(params: unknown): number {
  const parsed = revisionParams.safeParse(params);
  return parsed.success ? parsed.data.number : 0;
}
