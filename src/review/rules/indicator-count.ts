/**
 * Rule 3a, REVIEW_TOO_FEW_INDICATORS: a project with fewer indicators than `min` (default 3,
 * one each of 产出, 效益 and 满意度) cannot describe what the money buys and achieves.
 */
import { place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_TOO_FEW_INDICATORS';

export const indicatorCount: Rule<typeof CODE> = (projects, settings) => {
  const out: Placed[] = [];
  for (const ref of projects) {
    const n = ref.project.indicators.length;
    if (n >= settings.min) continue;
    const has = n === 0 ? '没有绩效指标' : `只有${n}条绩效指标`;
    out.push(place(CODE, settings, ref, -1, ref.project.source, `项目“${ref.project.name}”${has}，少于${settings.min}条`));
  }
  return out;
};
