/**
 * Rule 1, REVIEW_VALUE_NOT_MEASURABLE: an indicator value (实施周期 or 年度) with neither a
 * number nor a criterion with a yes/no answer (./../criteria.ts), so that nobody can say at
 * the end of the year whether it was met. One finding per indicator, quoting the values.
 */
import { excerpt } from '../../model/diagnostic.js';
import { measurability, type Measurability } from '../criteria.js';
import { compact } from '../text.js';
import { indicatorLabel, place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_VALUE_NOT_MEASURABLE';

export const valueMeasurable: Rule<typeof CODE> = (projects, settings) => {
  const out: Placed[] = [];
  for (const ref of projects) {
    ref.project.indicators.forEach((ind, i) => {
      const failing = [
        { label: '实施周期指标值', value: ind.cycleValue },
        { label: '年度指标值', value: ind.annualValue },
      ]
        .map((f) => ({ ...f, m: measurability(f.value, settings.accept) }))
        .filter((f) => f.m.how !== 'number' && f.m.how !== 'criterion');
      if (failing.length === 0) return;
      // The usual case, one text in both columns, is quoted once.
      const [a, b] = failing;
      const fields =
        b && a!.value.trim() === b.value.trim() ? [{ ...a!, label: '实施周期指标值和年度指标值' }] : failing;
      const parts = fields.map((f) => `${f.label}${says(f.value, f.m, ind.name)}`);
      out.push(place(CODE, settings, ref, i, ind.source, `${indicatorLabel(ref, ind)}的${parts.join('；')}，无法考核`));
    });
  }
  return out;
};

function says(value: string, m: Measurability, name: string): string {
  if (m.how === 'empty') return '为空';
  const same = compact(value) === compact(name) ? '（与指标名称相同）' : '';
  const quoted = `“${excerpt(value)}”${same}`;
  if (m.how === 'degree') return `${quoted}中的“${m.word}”是无法核验的程度表述，且没有数值`;
  return `${quoted}没有数值，也没有可核验的标准（如“≥95%”“按时完成”“合格”）`;
}
