import { RuleViolation } from '#domain/shared/errors.ts';
import { m } from '../shared/message.ts';

/**
 * Reporting days are calendar days in America/Montreal, the head office's time zone: a sale at
 * 21:30 on a winter evening in Montréal (02:30 UTC the next day) counts on the day the cashier
 * lived it. The dashboard's "today", the report's days and the 06:00 scheduled export all use
 * this zone, so "yesterday's export" holds exactly the days the dashboard showed yesterday.
 * A day is a `yyyy-mm-dd` string; instants stay ISO-8601 UTC everywhere else.
 */
export const reportingTimeZone = 'America/Montreal';

/**
 * Longest period one report (or export) may cover, in days, both ends included: a quarter. A report
 * reads one aggregate per (location, day) and per (location, day, product sold), so its cost grows
 * with the period; longer periods would want monthly aggregates (not built yet).
 */
export const maxReportDays = 92;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: reportingTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Montréal calendar day of an instant (ISO-8601 string or epoch milliseconds). */
export function dayOf(instant: string | number): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime()))
    throw new RuleViolation('createdAt', m`${String(instant)} is not a valid time`);
  const parts = formatter.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for a real calendar day written yyyy-mm-dd (2026-02-30 is not one). */
export function isDay(value: string): boolean {
  if (!dayPattern.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const toEpochDay = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
};
const fromEpochDay = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** Calendar arithmetic on days (no time zone involved: a day is a date, not an instant). */
export const addDays = (day: string, n: number): string => fromEpochDay(toEpochDay(day) + n);

/** Number of days from `from` to `to`, both included (1 when equal). */
export const daysInPeriod = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from) + 1;

/** Every day from `from` to `to`, both included, in order. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let n = toEpochDay(from); n <= toEpochDay(to); n++) out.push(fromEpochDay(n));
  return out;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

/** Checks a requested period: real days, from ≤ to, at most `maxReportDays` long. */
export function checkPeriod(period: Period): Period {
  if (!isDay(period.from)) throw new RuleViolation('from', 'from must be a calendar day written yyyy-mm-dd');
  if (!isDay(period.to)) throw new RuleViolation('to', 'to must be a calendar day written yyyy-mm-dd');
  if (period.from > period.to) throw new RuleViolation('to', 'to must be the same day as from or later');
  if (daysInPeriod(period.from, period.to) > maxReportDays)
    throw new RuleViolation('to', m`a report covers at most ${maxReportDays} days`);
  return period;
}

const lastDayOfMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();
const partsOf = (day: string) => day.split('-').map(Number) as [number, number, number];
const dayFrom = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** True when the period is whole calendar months (from the 1st to a month's last day). */
export function isWholeMonths(period: Period): boolean {
  const [, , fromDay] = partsOf(period.from);
  const [y, m, d] = partsOf(period.to);
  return fromDay === 1 && d === lastDayOfMonth(y, m);
}

/**
 * The period just before, to compare with: the same number of whole months when the period is
 * whole months (March → February, a quarter → the quarter before), else as many days right before.
 */
export function previousPeriod(period: Period): Period {
  if (isWholeMonths(period)) {
    const [fy, fm] = partsOf(period.from);
    const [ty, tm] = partsOf(period.to);
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const start = fy * 12 + (fm - 1) - months;
    return { from: dayFrom(Math.floor(start / 12), (start % 12) + 1, 1), to: addDays(period.from, -1) };
  }
  const n = daysInPeriod(period.from, period.to);
  return { from: addDays(period.from, -n), to: addDays(period.from, -1) };
}

/**
 * The same period a year earlier: the same calendar dates, 29 February becoming the 28th; whole
 * months stay whole months (February 2025 → February 2024, all 29 days of it).
 */
export function yearEarlier(period: Period): Period {
  const shift = (day: string, toMonthEnd: boolean) => {
    const [y, m, d] = partsOf(day);
    const last = lastDayOfMonth(y - 1, m);
    return dayFrom(y - 1, m, toMonthEnd ? last : Math.min(d, last));
  };
  return { from: shift(period.from, false), to: shift(period.to, isWholeMonths(period)) };
}
