/**
 * Rule 6, REVIEW_SATISFACTION_NOT_PERCENT: a 满意度 indicator (../categories.ts) whose value
 * is not a percentage. Satisfaction is measured by asking the people served, and stated as
 * the share satisfied (`≥90%`); a count of complaints (`上访投诉0起`), a trend (`逐年提升`) or
 * `无` measures something else or nothing.
 */
import { excerpt } from '../../model/diagnostic.js';
import { isSatisfaction } from '../categories.js';
import { indicatorLabel, place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_SATISFACTION_NOT_PERCENT';
const PERCENT = /[%％‰]|百分之/;

export const satisfactionPercent: Rule<typeof CODE> = (projects, settings) => {
  const out: Placed[] = [];
  for (const ref of projects) {
    ref.project.indicators.forEach((ind, i) => {
      if (!isSatisfaction(ind)) return;
      const fields = [
        { label: '实施周期指标值', value: ind.cycleValue },
        { label: '年度指标值', value: ind.annualValue },
      ].filter((f) => !PERCENT.test(f.value));
      if (fields.length === 0) return;
      const says = (v: string) => (v.trim() === '' ? '为空' : `“${excerpt(v)}”不是百分比`);
      const [a, b] = fields;
      const what =
        b && a!.value.trim() === b.value.trim()
          ? `实施周期指标值和年度指标值${says(a!.value)}`
          : fields.map((f) => `${f.label}${says(f.value)}`).join('，');
      const message = `${indicatorLabel(ref, ind)}是满意度指标，其${what}：满意度应以调查所得的满意比例表述（如“≥90%”）`;
      out.push(place(CODE, settings, ref, i, ind.source, message));
    });
  }
  return out;
};
