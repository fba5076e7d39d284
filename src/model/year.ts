/**
 * The publication's year (年度). Documents are dated 1 January of it, and a date needs a
 * four-digit year: `0025` would print as 1925 in some readers, −5 or 10^20 as no date at all.
 */
export const YEAR_MIN = 1000;
export const YEAR_MAX = 9999;
export const YEAR_RANGE_TEXT = `超出范围：应为 ${YEAR_MIN} 至 ${YEAR_MAX} 之间的四位年份`;

export function isYearInRange(year: number): boolean {
  return Number.isInteger(year) && year >= YEAR_MIN && year <= YEAR_MAX;
}
