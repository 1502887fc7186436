// Calendar dates as the kb and atlas write them (pure): partial dates (`2019`, `2019-10`,
// `2019-10-09`) keep their precision everywhere; comparisons treat a partial date as its first day.

export type DatePrecision = 'year' | 'month' | 'day';

const shape = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The precision a partial date carries, or undefined when it is not one. */
export function datePrecision(d: string): DatePrecision | undefined {
  const m = shape.exec(d);
  if (!m) return undefined;
  return m[3] !== undefined ? 'day' : m[2] !== undefined ? 'month' : 'year';
}

/** Whether a string is a real calendar date, full or partial (no 2018-13-45, no 2019-02-29). */
export function isCalendarDate(d: string): boolean {
  const m = shape.exec(d);
  if (!m) return false;
  const year = Number(m[1]);
  if (m[2] === undefined) return year >= 1000;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  return day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether a string is a full, real calendar day (YYYY-MM-DD), as `--as-of` needs. */
export function isCalendarDay(d: string): boolean {
  return datePrecision(d) === 'day' && isCalendarDate(d);
}

/** Where a time span stands on a day: not begun yet, in force, or over. Bounds are partial dates. */
export type SpanState = 'future' | 'active' | 'ended';

/** The state of a span from `since` (inclusive) to `until` (exclusive) on the day `asOf`. */
export function spanState(
  span: { since?: string | undefined; until?: string | undefined },
  asOf: string,
): SpanState {
  if (span.since !== undefined && asOf < span.since) return 'future';
  if (span.until !== undefined && asOf >= span.until) return 'ended';
  return 'active';
}
