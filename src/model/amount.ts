/**
 * Money in 万元 with exactly two decimals, held as an integer count of 0.01 万元
 * (bigint) so that sums are exact. Parse at the edge, format at the edge.
 */
export type Amount = bigint & { readonly __amount: unique symbol };

export const ZERO = 0n as Amount;

const AMOUNT_TEXT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** Parses `3,105.64`, `3105.6`, `12`, full-width digits and commas too; null when not an amount. */
export function parseAmount(text: string): Amount | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  if (t === '') return ZERO;
  const m = AMOUNT_TEXT.exec(t);
  if (!m) return null;
  const whole = BigInt(m[2]!.replace(/,/g, ''));
  const cents = BigInt((m[3] ?? '').padEnd(2, '0'));
  const value = whole * 100n + cents;
  return (m[1] === '-' ? -value : value) as Amount;
}

/** From a JS number as spreadsheets store it; rounds to cents and rejects anything finer. */
export function amountFromNumber(n: number): Amount | null {
  if (!Number.isFinite(n)) return null;
  const cents = Math.round(n * 100);
  if (Math.abs(cents - n * 100) > 1e-6 * Math.max(1, Math.abs(n))) return null;
  return BigInt(cents) as Amount;
}

export function addAmounts(...xs: Amount[]): Amount {
  let s = 0n;
  for (const x of xs) s += x;
  return s as Amount;
}

/** `3105.64`: the canonical form used in JSON and machine output. */
export function amountToString(a: Amount): string {
  const neg = a < 0n;
  const v = neg ? -a : a;
  const whole = v / 100n;
  const cents = (v % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${cents}`;
}

/** `3,105.64`: the form printed in the tables. */
export function formatAmount(a: Amount): string {
  const [whole, cents] = amountToString(a).split('.') as [string, string];
  const neg = whole.startsWith('-');
  const digits = neg ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}.${cents}`;
}

/** For spreadsheets, which store numbers as doubles; exact for any realistic budget. */
export function amountToNumber(a: Amount): number {
  return Number(amountToString(a));
}

function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
