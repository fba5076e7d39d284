/**
 * Rule 3b, REVIEW_MISSING_CATEGORY: a project without any indicator of a required kind
 * (default 产出, 效益, 满意度; 成本 when the office asks), read from the level-1 names
 * (../categories.ts). When a level-2 name shows the kind under another level 1
 * (`1-产出指标；21-经济效益`), the message says where: that is usually the fix.
 */
import { categoriesOf, level2Suggests } from '../categories.js';
import { place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_MISSING_CATEGORY';

export const missingCategory: Rule<typeof CODE> = (projects, settings) => {
  const out: Placed[] = [];
  for (const ref of projects) {
    const inds = ref.project.indicators;
    const present = new Set(inds.flatMap((x) => [...categoriesOf(x)]));
    const missing = settings.required.filter((c) => !present.has(c));
    if (missing.length === 0) continue;
    const hints = missing.flatMap((c) => {
      const misfiled = inds.filter((x) => level2Suggests(x) === c);
      if (misfiled.length === 0) return [];
      const which = misfiled.map((x) => `第${x.number}条`).join('、');
      const level1 = [...new Set(misfiled.map((x) => `${x.level1.code}-${x.level1.name}`))].join('、');
      return [`${which}的二级指标属${c}，但一级指标为“${level1}”，请核对`];
    });
    const names = missing.map((c) => `${c}指标`).join('、');
    const message = `项目“${ref.project.name}”没有${names}（按一级指标判断）${hints.length > 0 ? `；${hints.join('；')}` : ''}`;
    out.push(place(CODE, settings, ref, -1, ref.project.source, message));
  }
  return out;
};
