/**
 * The date written into documents' metadata. It must not be "now", or every build would
 * differ: SOURCE_DATE_EPOCH (the reproducible-builds convention) when set, else 1 January
 * of the publication's year.
 */
export function documentDate(year: number | null, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  // setUTCFullYear, not Date.UTC: Date.UTC reads a year 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year ?? 2000, 0, 1);
  return date;
}
