/**
 * The seven columns of the official table (docs/official-format.md §1), in their official
 * order, and the labels they are printed with.
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
