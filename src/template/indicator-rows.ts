/**
 * The indicator grid of a per-project form merges equal consecutive 一级 cells, and equal
 * consecutive 二级 cells within one 一级 run (the usual convention on Chinese forms).
 * For each indicator: how many rows its 一级/二级 cell spans, 0 where a cell above covers it.
 */
import type { Indicator } from '../model/types.js';

export interface IndicatorRow {
  indicator: Indicator;
  level1Span: number;
  level2Span: number;
}

export function indicatorRows(indicators: Indicator[]): IndicatorRow[] {
  const rows = indicators.map((indicator) => ({ indicator, level1Span: 0, level2Span: 0 }));
  const key1 = (i: Indicator) => `${i.level1.code}-${i.level1.name}`;
  const key2 = (i: Indicator) => `${key1(i)}|${i.level2.code}-${i.level2.name}`;
  markRuns(rows, key1, (r, n) => (r.level1Span = n));
  markRuns(rows, key2, (r, n) => (r.level2Span = n));
  return rows;
}

function markRuns(rows: IndicatorRow[], key: (i: Indicator) => string, set: (r: IndicatorRow, span: number) => void): void {
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || key(rows[i]!.indicator) !== key(rows[start]!.indicator)) {
      set(rows[start]!, i - start);
      start = i;
    }
  }
}
