/**
 * Poll charts drawn on the server as inline SVG: no script, no style attribute (the CSP forbids them),
 * colours from classes in theme/screen.css and theme/print.css, with `currentColor` presentation
 * attributes underneath so that a page read without the stylesheet still shows every mark. Words, dates
 * and numbers are the page's edition's (useLocale).
 */
import { englishLocale, localeFor, useLocale, type Locale } from '../views/i18n/locale.ts';

/** A day's ballots, as votesPerDay gives them (only the part a chart needs). */
export interface DayCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  voters: number;
}

export interface CumulativeDay extends DayCount {
  /** Readers who had voted by the end of this day. */
  cumulative: number;
}

export function cumulativeVoters(daily: readonly DayCount[]): CumulativeDay[] {
  let cumulative = 0;
  return daily.map(({ day, voters }) => ({ day, voters, cumulative: (cumulative += voters) }));
}

const msPerDay = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD day, so that days can be placed on a line and counted. */
export function epochDay(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / msPerDay);
}

export function dayOfEpochDay(n: number): string {
  return new Date(n * msPerDay).toISOString().slice(0, 10);
}

/** "Sep 30, 2025" on an axis, "September 30, 2025" in sentences ("30 сент. 2025 г.", "30 сентября 2025 г."). */
// The days are calendar days counted in UTC (store.ts), written as they are: the edition's words, UTC's clocks.
const axisDate = (day: string, locale: Locale) => localeFor(locale.language, locale.editions).shortDate(`${day}T00:00:00Z`);
export const longDay = (day: string, locale: Locale = englishLocale) => localeFor(locale.language, locale.editions).longDate(`${day}T00:00:00Z`);
export const formatCount = (n: number, locale: Locale = englishLocale) => locale.number(n);

/** Coordinates written with one decimal: enough for a screen, and short markup for 365 days. */
const at = (n: number) => String(Math.round(n * 10) / 10);

/** A step of 1, 2 or 5 times a power of ten that cuts 0..max into at most `maxTicks` parts. */
export function niceStep(max: number, maxTicks = 4): number {
  if (!(max > 0)) return 1;
  const rough = max / maxTicks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return Math.max(1, step);
}

// The drawing's own units; the SVG scales to the column and keeps these proportions. On a phone the
// drawing shrinks to about 0.75 of these, so labels are set at 15 units to stay near 11 px.
const width = 480;
const height = 240;
const fontSize = 15;
const top = 14;
const right = 14;
const bottom = 42;
const plotHeight = height - top - bottom;
/** A label's width in drawing units, estimated at 0.6 em a character (no font metrics on the server). */
const labelWidth = (text: string) => text.length * fontSize * 0.6;
/** Room on the left for the longest count on the axis ("100,000"). */
const leftMarginFor = (labels: string[]) => 12 + Math.ceil(Math.max(labelWidth('0'), ...labels.map(labelWidth)));

/**
 * Up to three labelled days, the first, the middle and the last, each centred under its day but kept
 * inside the drawing; the middle one is left out where it would touch a neighbour.
 */
function dateTicks(first: number, last: number, x: (dayNumber: number) => number, locale: Locale) {
  const ticks = [...new Set([first, Math.round((first + last) / 2), last])].map((n) => {
    const label = axisDate(dayOfEpochDay(n), locale);
    const half = labelWidth(label) / 2;
    return { n, label, tickX: x(n + 0.5), labelX: Math.min(width - 2 - half, Math.max(2 + half, x(n + 0.5))), half };
  });
  if (ticks.length < 3) return ticks;
  const [a, b, c] = ticks as [(typeof ticks)[number], (typeof ticks)[number], (typeof ticks)[number]];
  const gap = fontSize;
  const fits = b.labelX - b.half >= a.labelX + a.half + gap && b.labelX + b.half + gap <= c.labelX - c.half;
  return fits ? ticks : [a, c];
}

/** What the chart shows, in a sentence: screen readers get it as the SVG's description. */
export function describeCumulative(days: readonly CumulativeDay[], locale: Locale = englishLocale): string {
  const { t } = locale;
  const total = days.at(-1)?.cumulative ?? 0;
  if (total === 0) return t('poll.chart.none');
  const first = days[0]!.day;
  const last = days.at(-1)!.day;
  if (first === last) return t('poll.chart.oneDay', { count: total, date: longDay(first, locale) });
  const half = days.find((d) => d.cumulative * 2 >= total)!;
  return t('poll.chart.days', { count: total, first: longDay(first, locale), last: longDay(last, locale), half: longDay(half.day, locale) });
}

/**
 * Readers who had voted by the end of each day (UTC). Each day takes one slot of the time axis and the
 * line climbs across the slot by that day's votes, so days without votes show as flat stretches and a
 * single day still draws a line rather than a lone dot.
 */
export function CumulativeVotersChart(props: { daily: readonly DayCount[]; id: string }) {
  const locale = useLocale();
  const days = cumulativeVoters(props.daily);
  const total = days.at(-1)?.cumulative ?? 0;
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  const step = niceStep(total);
  const yMax = Math.max(step, Math.ceil(total / step) * step);
  const y = (count: number) => top + plotHeight - (count / yMax) * plotHeight;
  const yTicks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  const left = leftMarginFor(yTicks.map((count) => formatCount(count, locale)));
  const plotWidth = width - left - right;
  const first = days.length ? epochDay(days[0]!.day) : 0;
  const last = days.length ? epochDay(days.at(-1)!.day) : 0;
  const slot = plotWidth / (last - first + 1);
  const x = (dayNumber: number) => left + (dayNumber - first) * slot;
  const baseline = y(0);

  let line = '';
  if (days.length) {
    line = `M${at(x(first))},${at(baseline)}`;
    let before = 0;
    for (const d of days) {
      const n = epochDay(d.day);
      line += `L${at(x(n))},${at(y(before))}L${at(x(n + 1))},${at(y(d.cumulative))}`;
      before = d.cumulative;
    }
  }
  const area = days.length ? `${line}L${at(x(last + 1))},${at(baseline)}Z` : '';
  const ticks = days.length ? dateTicks(first, last, x, locale) : [];

  return (
    <svg class="poll-chart" role="img" aria-labelledby={`${titleId} ${descId}`} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title id={titleId}>{locale.t('poll.chart.title')}</title>
      <desc id={descId}>{describeCumulative(days, locale)}</desc>
      <g class="poll-chart-grid" stroke="currentColor" stroke-opacity="0.2">
        {yTicks.map((count) => (
          <line x1={left} x2={width - right} y1={at(y(count))} y2={at(y(count))} />
        ))}
      </g>
      <g class="poll-chart-labels" fill="currentColor" font-size={fontSize}>
        {yTicks.map((count) => (
          <text x={left - 8} y={at(y(count) + fontSize * 0.35)} text-anchor="end">
            {formatCount(count, locale)}
          </text>
        ))}
        {ticks.map((tick) => (
          <text x={at(tick.labelX)} y={height - bottom + fontSize + 10} text-anchor="middle">
            {tick.label}
          </text>
        ))}
      </g>
      <g class="poll-chart-axis" stroke="currentColor">
        <line x1={left} x2={width - right} y1={at(baseline)} y2={at(baseline)} />
        {ticks.map((tick) => (
          <line x1={at(tick.tickX)} x2={at(tick.tickX)} y1={at(baseline)} y2={at(baseline + 5)} />
        ))}
      </g>
      {days.length ? (
        <>
          <path class="poll-chart-area" d={area} fill="currentColor" fill-opacity="0.12" />
          <path class="poll-chart-line" d={line} fill="none" stroke="currentColor" stroke-width="2.5" stroke-linejoin="round" />
        </>
      ) : (
        <text class="poll-chart-empty" x={left + plotWidth / 2} y={top + plotHeight / 2} text-anchor="middle" fill="currentColor" font-size={fontSize + 2}>
          {locale.t('poll.chart.empty')}
        </text>
      )}
    </svg>
  );
}

/** One option's share of the voters with its 95% interval, all as fractions of 1. */
export interface IntervalRow {
  id: number;
  label: string;
  share: number;
  low: number;
  high: number;
  /** The sentence printed beside the plot, e.g. "31% (95% interval 22–41%)". */
  text: string;
}

/**
 * One row per option: the option, its share and interval as text, and a strip from 0 to 100% with the
 * interval as a band and the share as a mark. The strip only repeats the text, so it is hidden from
 * screen readers; it stretches to the row (preserveAspectRatio="none") with strokes kept thin.
 */
export function ShareIntervals(props: { rows: readonly IntervalRow[] }) {
  const pc = (fraction: number) => at(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <ul class="poll-intervals">
      {props.rows.map((row) => (
        <li>
          <span class="poll-interval-label">{row.label}</span> <span class="poll-interval-text">{row.text}</span>
          <svg class="poll-interval-plot" viewBox="0 0 100 12" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true">
            <g class="poll-interval-grid" stroke="currentColor" stroke-opacity="0.25">
              {[0, 25, 50, 75, 100].map((p) => (
                <line x1={p} x2={p} y1="1" y2="11" vector-effect="non-scaling-stroke" />
              ))}
            </g>
            <rect class="poll-interval-band" x={pc(row.low)} y="3" width={at(Math.max(0.4, (Math.min(1, row.high) - Math.max(0, row.low)) * 100))} height="6" fill="currentColor" fill-opacity="0.3" />
            <line class="poll-interval-mark" x1={pc(row.share)} x2={pc(row.share)} y1="0" y2="12" stroke="currentColor" stroke-width="3" vector-effect="non-scaling-stroke" />
          </svg>
        </li>
      ))}
    </ul>
  );
}
