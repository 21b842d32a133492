const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** "December 17, 2021", as the reference page prints publication dates. */
export function formatLongDate(iso: string): string {
  return longDate.format(new Date(iso));
}

/** The date part of an ISO timestamp, for `<time datetime>`. */
export function isoDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** A moment as the office shows it: "December 17, 2021, 14:05 UTC". Times are stored and shown in UTC. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${formatLongDate(iso)}, ${time} UTC`;
}

/** "2025-03-01T09:00:27.793Z" as a `datetime-local` control shows it, to the minute: the office works in UTC. */
export function datetimeLocalValue(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : '';
}

/**
 * Whether two times read the same to the minute. Forms give times to the minute, so a stored time with
 * seconds that a form sends back unchanged must not be cut to the minute by the save.
 */
export function sameMinute(a: string | null | undefined, b: string | null | undefined): boolean {
  return datetimeLocalValue(a) === datetimeLocalValue(b);
}

/** Text cut to at most `max` characters at a word, with an ellipsis (no stray punctuation before it); whole when it fits. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}
