/**
 * Money in 万元 with exactly two decimals, held as an integer count of 0.01 万元
 * (bigint) so that sums are exact. Parse at the edge, format at the edge.
 */
export type Amount = bigint & { readonly __amount: unique symbol };

export const ZERO = 0n as Amount;

/**
 * At most 15 digits, the two decimals included (up to 9,999,999,999,999.99): a spreadsheet
 * stores numbers as doubles and holds exactly, and shows, 15 significant digits. A larger
 * amount would print in the PDF and change in the XLSX.
 */
export const AMOUNT_DIGITS = 15;
/** 10^15 cents, as a double (exact). */
const LIMIT_CENTS = 10 ** AMOUNT_DIGITS;

const AMOUNT_TEXT = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** Why a text or number is not an amount: not written as one, or more than 15 digits. */
export type AmountRead = { ok: true; amount: Amount } | { ok: false; why: 'syntax' | 'digits' };

/** What INVALID_AMOUNT says after the quoted figure (`总计“…”不是…`), by why. */
export const AMOUNT_PROBLEMS = {
  syntax: '不是两位小数以内的金额',
  digits: `超过${AMOUNT_DIGITS}位数字（含两位小数）：电子表格只能精确保存${AMOUNT_DIGITS}位，最大为 9,999,999,999,999.99`,
} as const;

/**
 * Reads `3,105.64`, `3105.6`, `12`, full-width digits and commas too; blank is zero. Spaces
 * around the figure are ignored, spaces inside it are not (`10 000` is no amount).
 */
export function readAmount(text: string): AmountRead {
  const t = toHalfWidth(text).trim();
  if (t === '') return { ok: true, amount: ZERO };
  const m = AMOUNT_TEXT.exec(t);
  if (!m) return { ok: false, why: 'syntax' };
  // Counted before BigInt, so that a 200,000-digit figure costs nothing.
  const whole = m[2]!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (whole.length > AMOUNT_DIGITS - 2) return { ok: false, why: 'digits' };
  const value = BigInt(whole) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return { ok: true, amount: (m[1] === '-' ? -value : value) as Amount };
}

/** readAmount, null when the text is not an amount. */
export function parseAmount(text: string): Amount | null {
  const r = readAmount(text);
  return r.ok ? r.amount : null;
}

/**
 * From a JS number as spreadsheets store it: rounds away binary noise (`38.440000000000005`)
 * and refuses anything finer than cents, non-finite or beyond 15 digits.
 */
export function readAmountNumber(n: number): AmountRead {
  if (!Number.isFinite(n)) return { ok: false, why: 'syntax' };
  const scaled = n * 100;
  const cents = Math.round(scaled);
  if (Math.abs(cents) >= LIMIT_CENTS) return { ok: false, why: 'digits' };
  // Spreadsheet arithmetic leaves noise far below 1e-12 of the value; a third decimal is
  // more than that for any amount below 10^9 万元.
  if (Math.abs(cents - scaled) > 1e-6 + Math.abs(scaled) * 1e-12) return { ok: false, why: 'syntax' };
  return { ok: true, amount: BigInt(cents) as Amount };
}

/** readAmountNumber, null when the number is not an amount. */
export function amountFromNumber(n: number): Amount | null {
  const r = readAmountNumber(n);
  return r.ok ? r.amount : null;
}

/** A few amounts added (a row's parts); a list of any length goes through sumOf. */
export function addAmounts(...xs: Amount[]): Amount {
  return sumOf(xs);
}

export function sumOf(xs: Iterable<Amount>): Amount {
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
  // Groups of three from the right, by slicing: linear in the number of digits.
  const first = digits.length % 3 || 3;
  const groups = [digits.slice(0, first)];
  for (let i = first; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return `${neg ? '-' : ''}${groups.join(',')}.${cents}`;
}

/** For spreadsheets, which store numbers as doubles; exact for every amount a reader accepts (15 digits). */
export function amountToNumber(a: Amount): number {
  return Number(amountToString(a));
}

function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
