/**
 * How a header row names the official columns. Readers find the header row by these
 * labels, never by position, and tolerate the spellings exports use.
 */
import { COLUMN_LABELS, COLUMNS, type Column } from '../../model/columns.js';

/** Which column a header cell names, or null. Tolerates spaces and 项目名称 without its note. */
export function columnOfLabel(label: string): Column | null {
  const t = label.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
  if (t.startsWith('项目名称')) return 'name';
  for (const c of COLUMNS) if (c !== 'name' && t === COLUMN_LABELS[c]) return c;
  return null;
}
