/**
 * The model back into the official text export: the form budget systems export and
 * ./text-export.ts reads. Reading the output gives the same model again (sources aside)
 * for anything that form can carry.
 */
import { formatAmount, type Amount } from '../../model/amount.js';
import type { Amounts, Publication } from '../../model/types.js';
import { COLUMN_LABELS, COLUMNS } from '../../model/columns.js';
import { formatIndicator } from '../../model/indicator-text.js';

/**
 * Notes like `注：…`/`说明：…` are footnotes and go below the table, where the reader
 * also finds them; the rest go above it. Only a trailing run of footnotes moves, so the
 * reader (preamble notes first, then footnotes) sees them in the same order. The colon is
 * required so that a note such as `注册…` is never mistaken for one.
 */
const FOOTNOTE = /^(注|说明)\s*[：:]/;

export function writeTextExport(p: Publication): string {
  let split = p.notes.length;
  while (split > 0 && FOOTNOTE.test(p.notes[split - 1]!)) split--;

  const lines: string[] = [];
  if (p.title !== '') lines.push(cell(p.title), '');
  lines.push(cell(`单位名称：${p.department}`), '');
  lines.push(cell(`单位：${p.moneyUnit}`), '');
  for (const note of p.notes.slice(0, split)) lines.push(cell(note), '');

  lines.push(COLUMNS.map((c) => COLUMN_LABELS[c]).join('\t'));
  lines.push(row('合计', p.total, '', ''));
  for (const unit of p.units) {
    lines.push(row(unit.name, unit.amounts, '', ''));
    for (const x of unit.projects) {
      lines.push(row(x.name, x.amounts, x.goal, x.indicators.map(formatIndicator).join('')));
    }
  }
  const footnotes = p.notes.slice(split);
  if (footnotes.length > 0) lines.push('');
  for (const note of footnotes) lines.push(cell(note));
  return lines.join('\n') + '\n';
}

function row(name: string, a: Amounts, goal: string, indicators: string): string {
  return [name, amount(a.total), amount(a.fiscal), amount(a.special), amount(a.other), goal, indicators].map(cell).join('\t');
}

/** Budget exports leave a zero amount blank. */
function amount(a: Amount): string {
  return a === 0n ? '' : formatAmount(a);
}

/** Excel's quoting: a cell holding a tab, line break or quote is quoted, quotes doubled. */
function cell(text: string): string {
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
