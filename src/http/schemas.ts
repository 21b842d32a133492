import { z } from 'zod';
import { readLocalTime } from '../views/time-zone.ts';
import { isSlug, maxSlugLength } from '../db/slug.ts';

/** Field rules shared by every capability's input schemas. */
export const slugField = z.string().max(maxSlugLength).refine(isSlug, 'must be lower-case letters, digits and single hyphens');

/**
 * Text as it is kept, whichever way it came in (a form posts CRLF, a script LF, an old Mac CR): line
 * endings made \n, spaces and tabs at the ends of lines dropped, and nothing blank left at the end.
 * Two or more spaces ending a line with text on it are kept as exactly two: in Markdown they are a hard
 * line break, and two render the same as more. Everything else dropped here renders as nothing, so the
 * text reads the same, and two saves of the same words compare as equal.
 */
export function normaliseText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // Lines end at \n only: with the m flag, $ would also end a line at U+2028 and U+2029, which are text here.
      .replace(/[ \t]+(?=\n|$)/g, (blanks: string, at: number, text: string) => (at > 0 && text[at - 1] !== '\n' && blanks.endsWith('  ') ? '  ' : ''))
      .trimEnd()
  );
}

/**
 * A form or command-line value with surrounding spaces removed and line endings made \n before the
 * schema sees it; with blankAsMissing, a value left empty counts as not given (for optional options).
 */
export const trimmed = <T extends z.ZodTypeAny>(schema: T, options: { blankAsMissing?: boolean } = {}) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const text = normaliseText(v).trim();
    return options.blankAsMissing && text === '' ? undefined : text;
  }, schema);

/**
 * Text shown on pages: no control characters except newlines and tabs. Every text field of every input
 * (office forms, autosave, the API, the CLI) goes through here, so line endings and trailing blanks are
 * made one way once, as the text enters (see normaliseText); lengths count the text as kept.
 */
export const textField = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? normaliseText(v) : v),
    z
      .string()
      .max(max, `must be at most ${max} characters`)
      .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters'),
  );

export const requiredText = (max: number) =>
  textField(max)
    .refine((s) => s.trim().length > 0, 'must not be empty')
    .transform((s) => s.trim());

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A real calendar date, alone (midnight UTC) or with a time and an explicit offset: "2021-12-17" or "2021-12-17T10:00:00Z". */
function isStrictDateTime(value: string): boolean {
  const m = dateTimePattern.exec(value);
  if (!m) return false;
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const sameDay = day.getUTCFullYear() === Number(y) && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d);
  return sameDay && Number(h) < 24 && Number(mi) < 60 && Number(sec) < 60;
}

export const isoDateTime = z
  .string()
  .max(40)
  .refine(isStrictDateTime, 'must be an ISO 8601 date, or a date-time with Z or an offset')
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString());

export const httpUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http or https URL');

/** A row id: a number, or digits as text (paths and forms carry text); never true, [] or "". */
export const positiveId = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ invalid_type_error: 'must be a positive whole number' }).int().positive().max(2_147_483_647),
);

export const pageLimit = z.coerce.number().int().min(1).max(100).default(20);

const localDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;

/**
 * A form's `datetime-local` value ("2025-03-01T09:30") read as UTC; an ISO time with an offset is taken
 * as it is. An empty value means "not set" (null). The office's forms read theirs in the site's zone
 * (dateTimeLocalIn); this is that zone being UTC.
 */
export const utcDateTimeLocal = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const value = v.trim();
    if (value === '') return null;
    return localDateTimePattern.test(value) ? `${value}Z` : value;
  },
  z
    .string({ invalid_type_error: 'must be a date and time, such as 2025-03-01 09:00' })
    .refine((s) => isoDateTime.safeParse(s).success, 'must be a date and time, such as 2025-03-01 09:00')
    .transform((s) => isoDateTime.parse(s))
    .nullable(),
);

type FormTime = z.ZodType<string | null, z.ZodTypeDef, unknown>;
const zonedDateTimes = new Map<string, FormTime>();
const formTimeMessage = 'must be a date and time, such as 2025-03-01 09:00';

/**
 * A form's `datetime-local` value read as the wall time of a zone (the site's, as the office's hints
 * say), stored as its UTC instant; an ISO time with Z or an offset is taken as it is; empty is null. A
 * wall time the zone's clocks skip is refused with a message saying what they do
 * (src/views/time-zone.ts); one they show twice is the earlier instant.
 */
export function dateTimeLocalIn(zone: string): FormTime {
  let schema = zonedDateTimes.get(zone);
  if (!schema) {
    schema = z.preprocess(
      (v) => (typeof v !== 'string' ? v : v.trim() === '' ? null : v.trim()),
      z
        .string({ invalid_type_error: formTimeMessage })
        .max(40, formTimeMessage)
        .transform((value, ctx) => {
          const reading = localDateTimePattern.test(value) ? readLocalTime(value, zone) : undefined;
          const iso = reading ? (reading.ok ? reading.iso : undefined) : isoDateTime.safeParse(value).data;
          if (iso !== undefined) return iso;
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: reading && !reading.ok ? reading.message : formTimeMessage });
          return z.NEVER;
        })
        .nullable(),
    );
    zonedDateTimes.set(zone, schema);
  }
  return schema;
}
