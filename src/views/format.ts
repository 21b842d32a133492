import { defaultTimeZone, localInputValue, offsetLabel, offsetMinutes } from './time-zone.ts';

const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** "December 17, 2021", as the reference page prints publication dates. */
export function formatLongDate(iso: string): string {
  return longDate.format(new Date(iso));
}

/** The date part of an ISO timestamp, for `<time datetime>`. */
export function isoDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/**
 * A moment as the office shows it, on the clocks of the site's zone (src/views/time-zone.ts) with the
 * offset beside them, so that the earlier and the later 01:30 of a night the clocks go back read apart:
 * "December 17, 2021, 15:05 UTC+01:00"; in a site kept in UTC, "December 17, 2021, 14:05 UTC".
 */
export function formatDateTime(iso: string, zone: string): string {
  const wall = localInputValue(iso, zone);
  const offset = zone === defaultTimeZone ? 'UTC' : offsetLabel(offsetMinutes(iso, zone));
  return `${formatLongDate(`${wall.slice(0, 10)}T00:00:00Z`)}, ${wall.slice(11)} ${offset}`;
}

/** "2025-03-01T09:00:27.793Z" as a `datetime-local` control shows it in the site's zone, to the minute. */
export function datetimeLocalValue(iso: string | null | undefined, zone: string): string {
  return localInputValue(iso, zone);
}

/**
 * Whether two times read the same to the minute on a zone's clocks (the form's). Forms give times to the
 * minute, so a stored time with seconds that a form sends back unchanged must not be cut to the minute by
 * the save; and on the night the clocks go back, a stored time in the repeated hour reads as the form's
 * wall time whichever of its two instants it is, so sending it back unchanged must not move it by an hour.
 */
export function sameMinute(a: string | null | undefined, b: string | null | undefined, zone: string = defaultTimeZone): boolean {
  return datetimeLocalValue(a, zone) === datetimeLocalValue(b, zone);
}

/** Text cut to at most `max` characters at a word, with an ellipsis (no stray punctuation before it); whole when it fits. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}
