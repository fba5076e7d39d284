/**
 * An indicator as one line of text, the way the publication's 绩效指标 column prints it
 * and the text export carries it (docs/official-format.md §1).
 */
import type { Indicator } from './types.js';

/** The canonical printed form, full-width separators throughout; values verbatim. */
export function formatIndicator(ind: Indicator): string {
  return (
    `${ind.number}、${ind.level1.code}-${ind.level1.name}；${ind.level2.code}-${ind.level2.name}；` +
    `${ind.name}；实施周期指标值：${ind.cycleValue}；年度指标值：${ind.annualValue}。`
  );
}
