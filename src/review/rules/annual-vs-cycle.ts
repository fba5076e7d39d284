/**
 * Rule 2, REVIEW_ANNUAL_EXCEEDS_CYCLE: the year is part of the implementation cycle, so for
 * anything counted over time (people, cases, 万元) its target cannot sensibly exceed the
 * cycle's: 年度 `120人` against 实施周期 `100人` is a part larger than its whole, and
 * 年度 `≤20起` against 实施周期 `≤10起` allows in one year more than in all of them.
 *
 * Compared only when it means something, so as not to cry wolf:
 * - both values are exactly one quantity (../quantity.ts), in the same unit (人次 ≠ 人);
 * - the same direction: both lower bounds, both upper bounds, or both plain targets (a
 *   year's `120人` against a cycle's `≥100人` meets it, it does not contradict it);
 * - counts only: a rate (95% → 96%) or a time limit (8小时内) is not summed over years, so
 *   a year may well ask for more than the cycle's average.
 */
import { parseQuantity } from '../quantity.js';
import { excerpt } from '../../model/diagnostic.js';
import { indicatorLabel, place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_ANNUAL_EXCEEDS_CYCLE';

export const annualVsCycle: Rule<typeof CODE> = (projects, settings) => {
  const out: Placed[] = [];
  for (const ref of projects) {
    ref.project.indicators.forEach((ind, i) => {
      const cycle = parseQuantity(ind.cycleValue);
      const annual = parseQuantity(ind.annualValue);
      if (!cycle || !annual || cycle.kind !== 'count' || annual.kind !== 'count') return;
      if (cycle.unit !== annual.unit || cycle.direction !== annual.direction || annual.value <= cycle.value) return;
      const a = `“${excerpt(ind.annualValue)}”`;
      const c = `“${excerpt(ind.cycleValue)}”`;
      const message =
        annual.direction === 'at-most'
          ? `${indicatorLabel(ref, ind)}的年度上限${a}宽于实施周期上限${c}：一年允许的不应多于整个实施周期`
          : `${indicatorLabel(ref, ind)}的年度指标值${a}大于实施周期指标值${c}：一年的目标不应超过整个实施周期`;
      out.push(place(CODE, settings, ref, i, ind.source, message));
    });
  }
  return out;
};
