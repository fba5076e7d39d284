/**
 * The seven columns of the official table and how a header row names them. Readers find
 * the header row by these labels, never by position.
 */
export const COLUMNS = ['name', 'total', 'fiscal', 'special', 'other', 'goal', 'indicators'] as const;
export type Column = (typeof COLUMNS)[number];

/** The official header labels, as printed. */
export const COLUMN_LABELS: Record<Column, string> = {
  name: '项目名称（资金使用单位）',
  total: '总计',
  fiscal: '财政拨款',
  special: '财政专户拨款',
  other: '其他资金',
  goal: '绩效目标',
  indicators: '绩效指标',
};

export const AMOUNT_COLUMNS = ['total', 'fiscal', 'special', 'other'] as const;

/** Which column a header cell names, or null. Tolerates spaces and 项目名称 without its note. */
export function columnOfLabel(label: string): Column | null {
  const t = label.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
  if (t.startsWith('项目名称')) return 'name';
  for (const c of COLUMNS) if (c !== 'name' && t === COLUMN_LABELS[c]) return c;
  return null;
}
