import type { Choice } from '../office/forms.tsx';
import { defaultTimeZone, isTimeZone, offsetLabel, offsetMinutes, timeZoneNames } from '../views/time-zone.ts';

/**
 * The zones as the settings form offers them: UTC first, then each region's zones under its name, each
 * labelled by its place and today's offset ("Berlin (UTC+01:00 today)"), so that typing a city's first
 * letters in the list finds it. A zone the site has under an older name (Asia/Calcutta) is offered too.
 */
export function timeZoneChoices(current?: string, now: Date = new Date()): Choice[] {
  const names = timeZoneNames();
  if (current && isTimeZone(current) && !names.includes(current)) names.push(current);
  return names.map((zone) => {
    if (zone === defaultTimeZone) return { value: zone, label: 'UTC (Coordinated Universal Time)' };
    const [region, ...place] = zone.split('/');
    const name = (place.length ? place : [zone]).join(' / ').replace(/_/g, ' ');
    return { value: zone, label: `${name} (${offsetLabel(offsetMinutes(now, zone))} today)`, group: place.length ? region : 'Other' };
  });
}
