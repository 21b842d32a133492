/**
 * The site's time zone, through Intl alone: times are stored as UTC instants, and the office shows and
 * takes them as the clocks of the site's zone read them. The hard part is the other direction — a wall
 * time typed in a form is not one instant: on the day the clocks go forward an hour of wall times never
 * happens (a gap), and on the day they go back an hour happens twice (an overlap). A gap is refused with
 * a message that says what the clocks do (moving the time silently would publish at a time nobody
 * chose); an overlap takes the earlier instant, and every time the office shows carries its UTC offset,
 * so the editor can tell which of the two it is.
 */

export const defaultTimeZone = 'UTC';

const msPerMinute = 60_000;
const msPerDay = 86_400_000;

/**
 * Zones IANA has renamed whose old name this Node's ICU still lists as the canonical one (Asia/Calcutta
 * for Asia/Kolkata, Europe/Kiev for Europe/Kyiv): the list offers the current name, and both are taken.
 */
const renamed: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Coral_Harbour': 'America/Atikokan',
  'Africa/Asmera': 'Africa/Asmara',
};

const intlKnows = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

let listed: string[] | undefined;
let names: ReadonlySet<string> | undefined;

/** Every zone a site may choose, as the settings list offers them: UTC first, then the IANA names (current spellings), sorted. */
export function timeZoneNames(): string[] {
  listed ??= [
    defaultTimeZone,
    ...Intl.supportedValuesOf('timeZone')
      .map((zone) => (renamed[zone] && intlKnows(renamed[zone]) ? renamed[zone] : zone))
      .filter((zone) => zone !== defaultTimeZone)
      .sort((a, b) => a.localeCompare(b)),
  ];
  return [...listed];
}

function knownNames(): ReadonlySet<string> {
  names ??= new Set([...timeZoneNames(), ...Intl.supportedValuesOf('timeZone')]);
  return names;
}

/** Whether a value names a zone of the list (exactly as spelled there: "Europe/Berlin", not "europe/berlin" or "CET"). */
export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && knownNames().has(value);
}

/** A zone's wall clock read in parts; one formatter per zone, made once. */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clock(zone: string): Intl.DateTimeFormat {
  let format = clocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    clocks.set(zone, format);
  }
  return format;
}

/** What a zone's clocks read at an instant. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallTime(instant: string | number | Date, zone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of clock(zone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const year = Number(parts.year);
  return {
    // Years before the common era come as "1 BC"; astronomical numbering keeps arithmetic right.
    year: parts.era === 'BC' ? 1 - year : year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const wallAsUtc = (w: WallTime) => {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, 0);
  return d.getTime();
};

/** The zone's offset from UTC at an instant, in whole minutes (+330 in Kolkata, -240 in New York's summer). */
export function offsetMinutes(instant: string | number | Date, zone: string): number {
  const at = new Date(instant).getTime();
  // Seconds are dropped on both sides, so that historic offsets with seconds round to the minute.
  const whole = at - (((at % msPerMinute) + msPerMinute) % msPerMinute);
  return Math.round((wallAsUtc({ ...wallTime(whole, zone), second: 0 }) - whole) / msPerMinute);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "UTC+05:30", "UTC−04:00" (a true minus sign), "UTC+00:00". */
export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** An instant as a `datetime-local` control shows it in a zone: "2026-03-29T03:30" (to the minute). */
export function localInputValue(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const w = wallTime(iso, zone);
  return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}

/** The day an instant falls on in a zone, "2021-12-18": the day a reader of the site is told. */
export function localDate(iso: string, zone: string): string {
  return localInputValue(iso, zone).slice(0, 10);
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;

/** A wall time typed in a zone, as one instant; or why it is none. */
export type LocalTimeReading =
  { ok: true; iso: string; /** The wall time happens twice; `iso` is the earlier, this the later. */ later?: string } | { ok: false; reason: 'malformed' | 'gap'; message: string };

/** Reads "2026-03-29T02:30" (seconds optional) as the wall time of a zone. */
export function readLocalTime(text: string, zone: string): LocalTimeReading {
  const m = localPattern.exec(text.trim());
  const wall = m && { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0) };
  const asUtc = wall && wallAsUtc(wall);
  const real = wall && new Date(asUtc!).getUTCDate() === wall.day && new Date(asUtc!).getUTCMonth() === wall.month - 1 && wall.hour < 24 && wall.minute < 60 && wall.second < 60;
  if (!wall || !real) return { ok: false, reason: 'malformed', message: 'must be a date and time, such as 2025-03-01 09:00' };
  const target = asUtc!;
  // An instant reads as this wall time only under the offset in force at it. The offsets near the time
  // are those a day either side (zones change at most once in that span; Samoa's skipped day included).
  const offsets = new Set([offsetMinutes(target - msPerDay, zone), offsetMinutes(target, zone), offsetMinutes(target + msPerDay, zone)]);
  const instants = [...offsets]
    .map((offset) => target - offset * msPerMinute)
    .filter((instant) => wallAsUtc(wallTime(instant, zone)) === target)
    .sort((a, b) => a - b);
  const [first, second] = [...new Set(instants)];
  if (first !== undefined) return { ok: true, iso: new Date(first).toISOString(), ...(second !== undefined && { later: new Date(second).toISOString() }) };
  return { ok: false, reason: 'gap', message: gapMessage(text, target, zone) };
}

const dayWords = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** What the typed time falls into: "…on March 29, 2026 its clocks jump from 01:00 to 02:00 (UTC+00:00 to UTC+01:00)…". */
function gapMessage(text: string, target: number, zone: string): string {
  // The change is within a day either side of the wall time; halve the span down to the minute.
  let lo = target - msPerDay;
  let hi = target + msPerDay;
  const before = offsetMinutes(lo, zone);
  while (hi - lo > msPerMinute) {
    const mid = lo + Math.floor((hi - lo) / 2 / msPerMinute) * msPerMinute;
    if (offsetMinutes(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  const after = offsetMinutes(hi, zone);
  // The clocks' reading just before the change, had they not changed, and just after it.
  const from = new Date(hi + before * msPerMinute);
  const to = localInputValue(new Date(hi).toISOString(), zone);
  const typed = text.trim().slice(11, 16);
  const fromWall = localInputValue(from.toISOString(), 'UTC');
  // A zone that skips a whole day (Samoa, December 2011) lands on another date.
  const toWords = to.slice(0, 10) === fromWall.slice(0, 10) ? to.slice(11) : `${to.slice(11)} on ${dayWords.format(new Date(`${to.slice(0, 10)}T00:00:00Z`))}`;
  return `must be a time that exists in ${zone}: on ${dayWords.format(from)} its clocks jump from ${fromWall.slice(11)} to ${toWords} (${offsetLabel(before)} to ${offsetLabel(after)}), so there is no ${typed} that day. Choose a time before or after the change.`;
}

/**
 * An instant written on a zone's clocks with its offset, for `<time datetime>`: "2021-12-18T08:30:00+09:00"
 * ("…Z" in UTC). The same instant as the stored one, whose date is the date the page prints beside it.
 */
export function instantIn(iso: string, zone: string): string {
  const at = new Date(iso);
  const seconds = `${localInputValue(iso, zone)}:${two(wallTime(at, zone).second)}`;
  if (zone === defaultTimeZone) return `${seconds}Z`;
  return `${seconds}${offsetLabel(offsetMinutes(at, zone)).slice(3).replace('−', '-')}`;
}
