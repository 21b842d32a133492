const longDate = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** "December 17, 2021", as the reference page prints publication dates. */
export function formatLongDate(iso: string): string {
  return longDate.format(new Date(iso));
}

/** The date part of an ISO timestamp, for `<time datetime>`. */
export function isoDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}
