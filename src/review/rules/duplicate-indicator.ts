/**
 * Rule 5, REVIEW_DUPLICATE_INDICATOR: one project naming the same level-3 indicator twice
 * (compared as ../text.ts compacts it). Either a copy-and-paste slip or one indicator
 * counted twice; reported at each repeat, naming the first.
 */
import { compact } from '../text.js';
import { indicatorLabel, place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_DUPLICATE_INDICATOR';

export const duplicateIndicator: Rule<typeof CODE> = (projects, settings) => {
  const out: Placed[] = [];
  for (const ref of projects) {
    const seen = new Map<string, number>();
    ref.project.indicators.forEach((ind, i) => {
      const key = compact(ind.name);
      if (key === '') return;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, ind.number);
        return;
      }
      out.push(place(CODE, settings, ref, i, ind.source, `${indicatorLabel(ref, ind)}与第${first}条指标重复`));
    });
  }
  return out;
};
