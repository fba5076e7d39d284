/**
 * A correction written back into the text export it came from, touching only what changed:
 * the cells of the corrected rows are rewritten, every other byte (title lines, notes,
 * blank lines, `<p>` wrappers, punctuation, encoding, BOM, line endings) stays as it was.
 * Only field corrections can be written this way: when the shape of the table changed
 * (projects or indicators added, removed or moved) or a line above the table did, or the
 * file does not re-encode to its own bytes, there is no patch and the caller saves the
 * records some other way.
 */
import iconv from 'iconv-lite';
import { formatAmount, type Amount } from '../../model/amount.js';
import { AMOUNT_COLUMNS, type Column } from '../../model/columns.js';
import { formatIndicator } from '../../model/indicator-text.js';
import type { Amounts, Indicator, Publication } from '../../model/types.js';
import { headerColumns } from '../table/read-table.js';
import { decodeText, type Encoding } from './decode.js';
import { parseTsv, type TsvRow } from './tsv.js';

interface Edit {
  line: number;
  column: Column;
  /** The new raw text of the cell, keeping what surrounds the value in the old one. */
  inPlace: (old: string) => string;
  /** The new value alone, as the printed form writes it. */
  fresh: string;
}

/**
 * `bytes` with the cells that differ between `before` (read from them) and `after`
 * rewritten: first with each value replaced inside its old cell, then with the changed
 * cells written afresh. The caller reads each back and keeps the first that reads as
 * `after`. Nothing when it takes more than cell edits, or the file does not re-encode.
 */
export function* textPatches(bytes: Uint8Array, before: Publication, after: Publication): Generator<Uint8Array> {
  const edits = fieldEdits(before, after);
  const table = edits && tableOf(bytes);
  if (!edits || !table) return;
  for (const inPlace of [true, false]) {
    const patched = applyEdits(table, edits, inPlace);
    if (patched) yield patched;
  }
}

/** The decoded text with its rows and where the official columns are; null when it will not patch. */
interface Table {
  text: string;
  encoding: Encoding;
  bom: boolean;
  rows: Map<number, TsvRow>;
  columns: Map<Column, number>;
  eol: string;
}

function tableOf(bytes: Uint8Array): Table | null {
  const { text, encoding, bom } = decodeText(bytes);
  // Text that does not encode back to the same bytes (damaged or unusual) is not patched.
  if (!sameBytes(encode(text, encoding, bom), bytes)) return null;
  const rows = parseTsv(text).rows;
  const columns = rows.map((r) => headerColumns(rawRow(r))).find((c) => c !== null);
  if (!columns) return null;
  const eol = /\r\n/.test(text) ? '\r\n' : /\r/.test(text) ? '\r' : '\n';
  return { text, encoding, bom, rows: new Map(rows.map((r) => [r.line, r])), columns, eol };
}

function applyEdits(t: Table, edits: Edit[], inPlace: boolean): Uint8Array | null {
  // Replacements as [start, end, text], applied from the end so offsets stay valid.
  const cuts: [number, number, string][] = [];
  for (const e of edits) {
    const row = t.rows.get(e.line);
    const at = t.columns.get(e.column);
    if (!row || at === undefined || at >= row.cells.length) return null;
    const [start, end] = cellSpan(row, at);
    const raw = inPlace ? e.inPlace(row.cells[at]!) : e.fresh;
    cuts.push([start, end, quoted(raw, t.text[start] === '"', t.eol)]);
  }
  cuts.sort((x, y) => y[0] - x[0]);
  let out = t.text;
  for (const [start, end, raw] of cuts) out = out.slice(0, start) + raw + out.slice(end);
  return encode(out, t.encoding, t.bom);
}

/** The cell edits that turn `before` into `after`, or null when it takes more than cell edits. */
function fieldEdits(b: Publication, a: Publication): Edit[] | null {
  if (b.title !== a.title || b.department !== a.department || b.moneyUnit !== a.moneyUnit || b.includesTransfer !== a.includesTransfer) return null;
  if (b.notes.join('\n') !== a.notes.join('\n') || b.units.length !== a.units.length || !b.totalSource.line) return null;
  const edits: Edit[] = [...amountEdits(b.totalSource.line, b.total, a.total)];
  for (const [i, ub] of b.units.entries()) {
    const ua = a.units[i]!;
    if (ub.name !== ua.name || ub.projects.length !== ua.projects.length || !ub.source.line) return null;
    edits.push(...amountEdits(ub.source.line, ub.amounts, ua.amounts));
    for (const [j, pb] of ub.projects.entries()) {
      const pa = ua.projects[j]!;
      const line = pb.source.line;
      if (!line || pb.indicators.length !== pa.indicators.length) return null;
      if (pb.name !== pa.name) edits.push({ line, column: 'name', inPlace: (old) => replaceText(old, pb.name, pa.name), fresh: pa.name });
      edits.push(...amountEdits(line, pb.amounts, pa.amounts));
      if (pb.goal !== pa.goal) edits.push({ line, column: 'goal', inPlace: (old) => replaceText(old, pb.goal, pa.goal), fresh: pa.goal });
      if (pb.indicators.some((x, k) => indicatorFields(x).join('\u0000') !== indicatorFields(pa.indicators[k]!).join('\u0000'))) {
        const fresh = pa.indicators.map(formatIndicator).join('');
        edits.push({ line, column: 'indicators', inPlace: (old) => replaceIndicators(old, pb.indicators, pa.indicators) ?? fresh, fresh });
      }
    }
  }
  return edits;
}

function amountEdits(line: number, b: Amounts, a: Amounts): Edit[] {
  return AMOUNT_COLUMNS.filter((c) => b[c] !== a[c]).map((column) => ({ line, column, inPlace: (old) => amountText(a[column], old), fresh: amountText(a[column], '') }));
}

/** Blank stays blank for zero, as budget exports write it; otherwise `1,234.50`, or `1234.50` where the file had no commas. */
function amountText(a: Amount, old: string): string {
  if (a === 0n && old.trim() === '') return '';
  const text = formatAmount(a);
  return /\d{4}/.test(old) && !old.includes(',') ? text.replaceAll(',', '') : text;
}

/**
 * The old value replaced where it stands in the raw cell, so a `<p>` wrapper or spaces
 * around it stay; a value the cell does not hold verbatim (markup inside it) makes the
 * cell the new value alone.
 */
function replaceText(raw: string, before: string, after: string): string {
  const at = before === '' ? -1 : raw.indexOf(before);
  if (at < 0 || raw.indexOf(before, at + 1) >= 0) return after;
  return raw.slice(0, at) + after + raw.slice(at + before.length);
}

function indicatorFields(i: Indicator): string[] {
  return [i.level1.code, i.level1.name, i.level2.code, i.level2.name, i.name, i.cycleValue, i.annualValue, String(i.number)];
}

/**
 * Each field of each indicator replaced in the raw cell, searching forward from the
 * previous field (they stand in the cell in the order they are read), so the cell's own
 * separators and markup stay. Null where a field cannot be found that way, or the
 * numbering changed.
 */
function replaceIndicators(raw: string, before: Indicator[], after: Indicator[]): string | null {
  let out = raw;
  let from = 0;
  for (const [k, b] of before.entries()) {
    const a = after[k]!;
    if (a.number !== b.number) return null;
    const parts: [RegExp, string][] = [
      [coded(b.level1.code, b.level1.name), `${a.level1.code}$1${a.level1.name}`],
      [coded(b.level2.code, b.level2.name), `${a.level2.code}$1${a.level2.name}`],
      ...[[b.name, a.name], [b.cycleValue, a.cycleValue], [b.annualValue, a.annualValue]].filter(([old, now]) => old !== '' || now !== '').map(([old, now]): [RegExp, string] => [new RegExp(escape(old!), 'gu'), now!.replaceAll('$', '$$$$')]),
    ];
    for (const [pattern, replacement] of parts) {
      if (pattern.source === '(?:)') return null;
      pattern.lastIndex = from;
      const m = pattern.exec(out);
      if (!m) return null;
      const now = m[0].replace(new RegExp(pattern.source, 'u'), replacement);
      out = out.slice(0, m.index) + now + out.slice(m.index + m[0].length);
      from = m.index + now.length;
    }
  }
  return out;
}

/** `1-产出指标`, with whatever dash and spaces the cell has between code and name (kept as `$1`). */
function coded(code: string, name: string): RegExp {
  return new RegExp(`${escape(code)}(\\s*[-－—–]\\s*)${escape(name)}`, 'gu');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cellSpan(row: TsvRow, at: number): [number, number] {
  const last = at === row.cells.length - 1;
  return [row.offsets[at]!, last ? row.offsets[row.cells.length]! : row.offsets[at + 1]! - 1];
}

/** Excel's quoting, kept when the cell was quoted; line breaks in the file's own style. */
function quoted(raw: string, wasQuoted: boolean, eol: string): string {
  if (!wasQuoted && !/[\t\r\n"]/.test(raw)) return raw;
  return `"${raw.replace(/"/g, '""').replace(/\r\n?|\n/g, eol)}"`;
}

function rawRow(r: TsvRow) {
  const source = { file: '', line: r.line };
  return { source, cells: r.cells.map((text) => ({ text, source })) };
}

function encode(text: string, encoding: Encoding, bom: boolean): Uint8Array {
  return iconv.encode(text, encoding, { addBOM: bom });
}

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  return x.length === y.length && Buffer.compare(x, y) === 0;
}
