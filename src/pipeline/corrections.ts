/**
 * The 更正说明 (notice of corrections) between two versions of the records, in any output
 * format, through the `corrections` template. Inside 原为/更正为 the characters that changed
 * stand in 〖〗, so a reader finds 常 → 全 in a long goal at a glance, in every format alike.
 */
import { CHANGE_LABELS, withMarks, type Change } from '../diff/diff.js';
import type { Mark } from '../diff/char-diff.js';
import type { Publication } from '../model/types.js';
import { rendererFor, type Format } from '../render/index.js';
import { loadReport, renderLayout } from '../template/report.js';
import { documentDate } from './document-date.js';

const MARK_OPEN = '〖';
const MARK_CLOSE = '〗';

export async function renderCorrections(before: Publication, after: Publication, changes: Change[], format: Format, templatesDir: string): Promise<Uint8Array> {
  const report = loadReport(templatesDir, 'corrections');
  const context = {
    before,
    after,
    changes: withMarks(changes).map((c) => ({
      ...c,
      label: CHANGE_LABELS[c.kind],
      beforeMarked: markedText(c.marks, 'del'),
      afterMarked: markedText(c.marks, 'ins'),
    })),
  };
  const layout = renderLayout(report, context, documentDate(after.year));
  return (await (await rendererFor(format))(layout)).bytes;
}

const inBrackets = (text: string) => `${MARK_OPEN}${text}${MARK_CLOSE}`;

/**
 * One side of a change (`del`: the old text, `ins`: the new) with its changed runs marked
 * (in 〖〗 unless told otherwise); a text that changed as a whole is not marked in brackets.
 */
export function markedText(marks: Mark[], side: 'del' | 'ins', mark: (text: string) => string = inBrackets): string {
  const shown = marks.filter((m) => m.op === 'same' || m.op === side);
  const whole = shown.every((m) => m.op !== 'same');
  return shown.map((m) => (m.op === 'same' || (whole && mark === inBrackets) ? m.text : mark(m.text))).join('');
}
