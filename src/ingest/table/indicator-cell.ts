/**
 * The 绩效指标 cell: numbered indicators, each of five fields, e.g.
 * `1、1-产出指标；11-数量指标；培育扶持产业人才数量；实施周期指标值:1000人次；年度指标值:1000人次。`
 * Full- and half-width separators are both accepted. Values are kept verbatim, including
 * separators inside them (`实施周期指标值:标准;100%`), because the field labels, not the
 * separators, mark where a value ends.
 *
 * A scanner, not regular expressions: each character is looked at a bounded number of
 * times, so a cell of blank lines or spaces costs no more than its length (lazy groups
 * followed by `\s*` backtracked cubically on them). "Space" is what `\s` and trim() mean.
 */
import type { CodedName, Indicator, Source } from '../../model/types.js';

export type IndicatorParse =
  | { ok: true; indicators: Indicator[] }
  | { ok: false; number: number | null; text: string };

/** Where an indicator starts: its number, and the index after `N、` and the spaces behind it. */
interface Start {
  at: number;
  digits: string;
  end: number;
}

export function parseIndicators(cell: string, source: Source): IndicatorParse {
  const text = cell.trim();
  if (text === '') return { ok: true, indicators: [] };
  const starts = findStarts(text);
  if (starts.length === 0 || starts[0]!.at !== 0) return { ok: false, number: null, text: firstLine(text) };
  const indicators: Indicator[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const number = Number(start.digits);
    // A number JavaScript cannot hold exactly would print as something else.
    if (!Number.isSafeInteger(number)) return { ok: false, number: null, text: firstLine(text.slice(start.at)) };
    const body = text.slice(start.end, starts[i + 1]?.at ?? text.length);
    const f = splitFields(body);
    if (!f) return { ok: false, number, text: firstLine(body) };
    indicators.push({ number, ...f, source });
  }
  return { ok: true, indicators };
}

/**
 * An indicator starts at the cell start, after `。` or after a line break: spaces, its number
 * (any length: numbers from 1000 on start indicators too), spaces, `、`/`.`/`．`, spaces, and
 * then a code and a dash must follow (`1-`). Starting positions inside one run of spaces give
 * the same result, so a failed one skips the run.
 */
function findStarts(t: string): Start[] {
  const starts: Start[] = [];
  for (let p = 0; p >= 0; ) {
    const r = skipSpace(t, p);
    const end = startAfterSpaces(t, r);
    if (end !== null) starts.push({ at: p, digits: t.slice(r, digitsEnd(t, r)), end });
    const from = end ?? r;
    const k = nextBreak(t, from);
    p = k < 0 ? -1 : k + 1;
  }
  return starts;
}

/** `N、` at r followed by `code-`: the index after `N、` and its spaces, or null. */
function startAfterSpaces(t: string, r: number): number | null {
  const d = digitsEnd(t, r);
  if (d === r) return null;
  const sep = skipSpace(t, d);
  if (t[sep] !== '、' && t[sep] !== '.' && t[sep] !== '．') return null;
  const end = skipSpace(t, sep + 1);
  const code = digitsEnd(t, end);
  return code > end && isDash(t[skipSpace(t, code)]) ? end : null;
}

type Fields = Pick<Indicator, 'level1' | 'level2' | 'name' | 'cycleValue' | 'annualValue'>;

/**
 * `1-产出指标；11-数量指标；<name>；实施周期指标值：<cycle>；年度指标值：<annual>。` A coded name
 * ends at the first separator; the name ends at the first `；实施周期指标值：`, the cycle value
 * at the first `；年度指标值：` after it; the annual value runs to the end, less a final `。`/`.`.
 * Fields are trimmed as shown; values keep what is inside them.
 */
function splitFields(b: string): Fields | null {
  const level1 = codedAt(b, 0);
  if (!level1) return null;
  const level2 = codedAt(b, skipSpace(b, level1.end + 1));
  if (!level2) return null;
  const nameStart = skipSpace(b, level2.end + 1);
  const cycle = labelAfter(b, nameStart, '实施周期指标值');
  if (!cycle) return null;
  const annual = labelAfter(b, cycle.value, '年度指标值');
  if (!annual) return null;
  return {
    level1: level1.coded,
    level2: level2.coded,
    name: b.slice(nameStart, cycle.before),
    cycleValue: b.slice(cycle.value, annual.before),
    annualValue: withoutFinalStop(b.slice(annual.value)),
  };
}

/** `11 - 数量指标 ；` at i: the code, the name up to the separator (trimmed), the separator's index. */
function codedAt(b: string, i: number): { coded: CodedName; end: number } | null {
  const d = digitsEnd(b, i);
  if (d === i) return null;
  const dash = skipSpace(b, d);
  if (!isDash(b[dash])) return null;
  const nameStart = skipSpace(b, dash + 1);
  const end = nextSemicolon(b, nameStart);
  if (end < 0) return null;
  return { coded: { code: b.slice(i, d), name: b.slice(nameStart, end).trimEnd() }, end };
}

/**
 * The first `；<label>：` at or after `from` (spaces allowed around each part): `before`, where
 * the spaces before its separator start (not before `from`), and `value`, after its colon and
 * the spaces behind it.
 */
function labelAfter(b: string, from: number, label: string): { before: number; value: number } | null {
  for (let s = nextSemicolon(b, from); s >= 0; s = nextSemicolon(b, s + 1)) {
    const l = skipSpace(b, s + 1);
    if (!b.startsWith(label, l)) continue;
    const colon = skipSpace(b, l + label.length);
    if (b[colon] !== '：' && b[colon] !== ':') continue;
    let before = s;
    while (before > from && isWhitespace(b.charCodeAt(before - 1))) before--;
    return { before, value: skipSpace(b, colon + 1) };
  }
  return null;
}

/** The annual value without trailing spaces and one final `。` or `.` (and the spaces before it). */
function withoutFinalStop(v: string): string {
  const t = v.trimEnd();
  const last = t[t.length - 1];
  return last === '。' || last === '.' ? t.slice(0, -1).trimEnd() : t;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}

function digitsEnd(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  return i;
}

function nextSemicolon(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (s[i] === '；' || s[i] === ';') return i;
  return -1;
}

function nextBreak(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (s[i] === '。' || s[i] === '\n') return i;
  return -1;
}

function isDash(c: string | undefined): boolean {
  return c === '-' || c === '－';
}

function firstLine(s: string): string {
  const t = s.trim();
  return t.length > 60 ? `${t.slice(0, 60)}…` : t;
}

const WHITESPACE = /^\s$/;

/** `\s` of JavaScript regular expressions (and of trim()), one character code at a time. */
function isWhitespace(c: number): boolean {
  return WHITESPACE.test(String.fromCharCode(c));
}
