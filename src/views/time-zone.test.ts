import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { instantIn, isTimeZone, localDate, localInputValue, offsetLabel, offsetMinutes, readLocalTime, timeZoneNames, wallTime } from './time-zone.ts';
import { datetimeLocalValue, formatDateTime, sameMinute } from './format.ts';
import { localeFor } from './i18n/locale.ts';
import { dateTimeLocalIn } from '../http/schemas.ts';

/** The instant a wall time reads as, or the failure's reason. */
const read = (local: string, zone: string) => {
  const r = readLocalTime(local, zone);
  return r.ok ? r.iso : r.reason;
};

describe('the list of zones', () => {
  test('UTC first, then the IANA names; only names of the list are zones', () => {
    const names = timeZoneNames();
    assert.equal(names[0], 'UTC');
    for (const zone of ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham', 'Europe/Berlin']) assert.ok(names.includes(zone), zone);
    assert.equal(new Set(names).size, names.length);
    assert.ok(isTimeZone('UTC'));
    assert.ok(isTimeZone('Europe/Berlin'));
    for (const bad of ['europe/berlin', 'Mars/Olympus_Mons', '', ' Europe/Berlin', 'Europe/Berlin\u0000', '<script>', '../../etc/passwd', 42, null, undefined, ['UTC'], { zone: 'UTC' }]) {
      assert.equal(isTimeZone(bad), false, JSON.stringify(bad));
    }
  });
});

describe('offsets', () => {
  test('whole hours, half hours and three-quarter hours, both hemispheres', () => {
    const cases: Array<[string, string, string]> = [
      ['UTC', '2026-01-15T12:00:00Z', 'UTC+00:00'],
      ['Europe/London', '2026-01-15T12:00:00Z', 'UTC+00:00'],
      ['Europe/London', '2026-07-15T12:00:00Z', 'UTC+01:00'],
      ['America/New_York', '2026-01-15T12:00:00Z', 'UTC−05:00'],
      ['America/New_York', '2026-07-15T12:00:00Z', 'UTC−04:00'],
      // Southern hemisphere: summer time in January.
      ['Australia/Sydney', '2026-01-15T12:00:00Z', 'UTC+11:00'],
      ['Australia/Sydney', '2026-07-15T12:00:00Z', 'UTC+10:00'],
      ['Asia/Kolkata', '2026-01-15T12:00:00Z', 'UTC+05:30'],
      ['Asia/Kolkata', '2026-07-15T12:00:00Z', 'UTC+05:30'],
      ['Pacific/Chatham', '2026-01-15T12:00:00Z', 'UTC+13:45'],
      ['Pacific/Chatham', '2026-07-15T12:00:00Z', 'UTC+12:45'],
    ];
    for (const [zone, at, label] of cases) assert.equal(offsetLabel(offsetMinutes(at, zone)), label, `${zone} at ${at}`);
  });

  test('the wall clock of an instant, to the second', () => {
    assert.deepEqual(wallTime('2021-12-17T23:30:15Z', 'Asia/Tokyo'), { year: 2021, month: 12, day: 18, hour: 8, minute: 30, second: 15 });
    assert.equal(localInputValue('2026-06-01T06:30:00.000Z', 'Asia/Kolkata'), '2026-06-01T12:00');
    assert.equal(localInputValue('2026-01-01T00:00:00.000Z', 'Pacific/Chatham'), '2026-01-01T13:45');
    assert.equal(localInputValue(null, 'UTC'), '');
    assert.equal(localDate('2021-12-17T23:30:00Z', 'Asia/Tokyo'), '2021-12-18');
    assert.equal(localDate('2021-12-17T23:30:00Z', 'UTC'), '2021-12-17');
    assert.equal(localDate('2021-12-18T03:00:00Z', 'America/New_York'), '2021-12-17');
  });
});

describe('reading a wall time typed in a zone', () => {
  test('an ordinary time is one instant, in every zone', () => {
    assert.equal(read('2026-06-01T12:00', 'UTC'), '2026-06-01T12:00:00.000Z');
    assert.equal(read('2026-06-01T12:00', 'Europe/London'), '2026-06-01T11:00:00.000Z');
    assert.equal(read('2026-01-10T12:00', 'America/New_York'), '2026-01-10T17:00:00.000Z');
    assert.equal(read('2026-01-10T12:00', 'Australia/Sydney'), '2026-01-10T01:00:00.000Z');
    assert.equal(read('2026-06-01T12:00', 'Asia/Kolkata'), '2026-06-01T06:30:00.000Z');
    assert.equal(read('2026-06-01T12:00', 'Pacific/Chatham'), '2026-05-31T23:15:00.000Z');
    assert.equal(read('2026-06-01T12:00:45', 'Europe/Berlin'), '2026-06-01T10:00:45.000Z', 'seconds are kept');
  });

  test('the hour the clocks skip is refused, saying what they do (spring forward in each hemisphere)', () => {
    const gaps: Array<[string, string, RegExp]> = [
      ['2026-03-29T01:30', 'Europe/London', /on March 29, 2026 its clocks jump from 01:00 to 02:00 \(UTC\+00:00 to UTC\+01:00\), so there is no 01:30 that day/],
      ['2026-03-29T02:30', 'Europe/Berlin', /jump from 02:00 to 03:00 \(UTC\+01:00 to UTC\+02:00\)/],
      ['2026-03-08T02:30', 'America/New_York', /on March 8, 2026 its clocks jump from 02:00 to 03:00 \(UTC−05:00 to UTC−04:00\)/],
      ['2026-10-04T02:00', 'Australia/Sydney', /on October 4, 2026 its clocks jump from 02:00 to 03:00 \(UTC\+10:00 to UTC\+11:00\)/],
      ['2026-09-27T03:00', 'Pacific/Chatham', /jump from 02:45 to 03:45 \(UTC\+12:45 to UTC\+13:45\)/],
    ];
    for (const [local, zone, message] of gaps) {
      const r = readLocalTime(local, zone);
      assert.equal(r.ok, false, `${local} in ${zone}`);
      if (!r.ok) {
        assert.equal(r.reason, 'gap');
        assert.match(r.message, message);
        assert.match(r.message, new RegExp(`^must be a time that exists in ${zone.replace('/', '\\/')}`));
      }
    }
    // Either side of the gap is fine: the minute before, and the first minute after.
    assert.equal(read('2026-03-29T00:59', 'Europe/London'), '2026-03-29T00:59:00.000Z');
    assert.equal(read('2026-03-29T02:00', 'Europe/London'), '2026-03-29T01:00:00.000Z');
    assert.equal(read('2026-03-08T01:59', 'America/New_York'), '2026-03-08T06:59:00.000Z');
    assert.equal(read('2026-03-08T03:00', 'America/New_York'), '2026-03-08T07:00:00.000Z');
  });

  test('the hour the clocks repeat is the earlier instant, and the later one is told', () => {
    const overlaps: Array<[string, string, string, string]> = [
      ['2026-10-25T01:30', 'Europe/London', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
      ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'],
      ['2026-04-05T02:30', 'Australia/Sydney', '2026-04-04T15:30:00.000Z', '2026-04-04T16:30:00.000Z'],
      ['2026-04-05T03:00', 'Pacific/Chatham', '2026-04-04T13:15:00.000Z', '2026-04-04T14:15:00.000Z'],
    ];
    for (const [local, zone, earlier, later] of overlaps) {
      const r = readLocalTime(local, zone);
      assert.deepEqual(r, { ok: true, iso: earlier, later }, `${local} in ${zone}`);
      // Both instants read back as the same wall time; the office tells them apart by the offset.
      assert.equal(localInputValue(earlier, zone), local);
      assert.equal(localInputValue(later, zone), local);
      assert.notEqual(formatDateTime(earlier, zone), formatDateTime(later, zone));
    }
    assert.equal(formatDateTime('2026-10-25T00:30:00.000Z', 'Europe/London'), 'October 25, 2026, 01:30 UTC+01:00');
    assert.equal(formatDateTime('2026-10-25T01:30:00.000Z', 'Europe/London'), 'October 25, 2026, 01:30 UTC+00:00');
  });

  test('zones that never change have no gap and no overlap', () => {
    for (const zone of ['UTC', 'Asia/Kolkata']) {
      for (const local of ['2026-03-29T01:30', '2026-10-25T01:30', '2026-03-08T02:30', '2026-11-01T01:30']) {
        const r = readLocalTime(local, zone);
        assert.ok(r.ok && r.later === undefined, `${local} in ${zone}`);
      }
    }
  });

  test('a whole day skipped (Samoa, December 2011) is a gap with its dates', () => {
    const r = readLocalTime('2011-12-30T12:00', 'Pacific/Apia');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /to 00:00 on December 31, 2011 \(UTC−10:00 to UTC\+14:00\)/);
  });

  test('what is not a wall time is malformed, never an exception', () => {
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-06-01T24:00', '2026-06-01T12:60', '2026-06-01 12:00:00Z', '<script>', '9'.repeat(5000)]) {
      const r = readLocalTime(bad, 'Europe/Berlin');
      assert.equal(r.ok, false, bad.slice(0, 40));
      if (!r.ok) assert.equal(r.reason, 'malformed');
    }
  });

  test('every minute of a year in each zone reads back as itself, or is a gap', () => {
    // Hourly steps through 2026 in the zones of the brief: what the office shows, it takes back unchanged.
    for (const zone of ['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham']) {
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 3_600_000) {
        const shown = localInputValue(new Date(at).toISOString(), zone);
        const r = readLocalTime(shown, zone);
        assert.ok(r.ok, `${shown} in ${zone}`);
        assert.ok(r.iso === new Date(at).toISOString() || r.later === new Date(at).toISOString(), `${shown} in ${zone}`);
      }
    }
  });
});

describe('what the office and the pages write', () => {
  test('office times carry the offset; in a UTC site they read as before', () => {
    assert.equal(formatDateTime('2021-12-17T14:05:00Z', 'UTC'), 'December 17, 2021, 14:05 UTC');
    assert.equal(formatDateTime('2021-12-17T14:05:00Z', 'Europe/Berlin'), 'December 17, 2021, 15:05 UTC+01:00');
    assert.equal(formatDateTime('2021-12-17T23:30:00Z', 'Asia/Tokyo'), 'December 18, 2021, 08:30 UTC+09:00');
    assert.equal(formatDateTime('2021-12-17T03:00:00Z', 'America/New_York'), 'December 16, 2021, 22:00 UTC−05:00');
    assert.equal(datetimeLocalValue('2026-07-01T10:00:27.793Z', 'Europe/Berlin'), '2026-07-01T12:00');
    assert.ok(sameMinute('2026-07-01T10:00:27.793Z', '2026-07-01T10:00:00.000Z'));
    assert.ok(!sameMinute('2026-07-01T10:01:00.000Z', '2026-07-01T10:00:00.000Z'));
    // The two 01:30s of the night London's clocks go back read alike there, and apart in UTC.
    assert.ok(sameMinute('2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', 'Europe/London'));
    assert.ok(!sameMinute('2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'));
  });

  test('`<time datetime>` keeps the instant, written with the offset of the day it prints', () => {
    assert.equal(instantIn('2021-12-17T23:30:00.000Z', 'UTC'), '2021-12-17T23:30:00Z');
    assert.equal(instantIn('2021-12-17T23:30:00.000Z', 'Asia/Tokyo'), '2021-12-18T08:30:00+09:00');
    assert.equal(instantIn('2021-12-17T23:30:00.000Z', 'America/New_York'), '2021-12-17T18:30:00-05:00');
    assert.equal(instantIn('2021-12-17T23:30:00.000Z', 'Europe/London'), '2021-12-17T23:30:00+00:00');
    for (const zone of ['Asia/Tokyo', 'America/New_York', 'Pacific/Chatham', 'Asia/Kolkata']) {
      assert.equal(new Date(instantIn('2021-12-17T23:30:00.000Z', zone)).toISOString(), '2021-12-17T23:30:00.000Z', zone);
    }
  });

  test('long dates name the day on the site’s clocks, in each edition’s words', () => {
    const iso = '2021-12-17T23:30:00Z';
    assert.equal(localeFor('en').longDate(iso), 'December 17, 2021');
    assert.equal(localeFor('en', undefined, 'Asia/Tokyo').longDate(iso), 'December 18, 2021');
    assert.equal(localeFor('ru', { languages: ['en', 'ru'] }, 'Asia/Tokyo').longDate(iso), '18 декабря 2021 г.');
    assert.equal(localeFor('en', undefined, 'Asia/Tokyo').timeZone, 'Asia/Tokyo');
    assert.notEqual(localeFor('en'), localeFor('en', undefined, 'Asia/Tokyo'), 'a locale per zone');
  });

  test('the form field reads the wall time in the zone; an offset is honoured; a gap is the field’s message', () => {
    const berlin = dateTimeLocalIn('Europe/Berlin');
    assert.equal(berlin.parse('2026-07-01T12:00'), '2026-07-01T10:00:00.000Z');
    assert.equal(berlin.parse(' 2026-07-01T12:00 '), '2026-07-01T10:00:00.000Z');
    assert.equal(berlin.parse('2026-07-01T12:00Z'), '2026-07-01T12:00:00.000Z');
    assert.equal(berlin.parse('2026-07-01T12:00+05:30'), '2026-07-01T06:30:00.000Z');
    assert.equal(berlin.parse(''), null);
    assert.equal(berlin.parse(null), null);
    const gap = berlin.safeParse('2026-03-29T02:30');
    assert.equal(gap.success, false);
    if (!gap.success) {
      assert.equal(gap.error.issues.length, 1);
      assert.match(gap.error.issues[0]!.message, /no 02:30 that day/);
    }
    for (const bad of ['garbage', 42, ['2026-07-01T12:00'], '2026-02-30T10:00', 'x'.repeat(100_000)]) assert.equal(berlin.safeParse(bad).success, false, String(bad).slice(0, 30));
    assert.equal(dateTimeLocalIn('Europe/Berlin'), berlin, 'one schema per zone');
  });
});
