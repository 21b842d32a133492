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
