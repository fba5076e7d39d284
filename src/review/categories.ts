/**
 * Which kind (产出, 效益, 满意度, 成本) an indicator is, read from its level-1 *name*.
 *
 * - Level 1, not level 2: the example files seven indicators as `1-产出指标；21-经济效益`
 *   (docs/official-format.md §3); the level-1 column is what the department chose and what
 *   the table prints first, so it decides, as it does for validate's MISSING_INDICATOR_CATEGORY.
 * - The name, not the code: codes differ between schemes and years (成本 is level 1 code 4 in
 *   the example, level 2 code 14 under 产出 in older schemes), the name says what is meant.
 * - Two older-scheme places are also accepted, so that older tables are not reported for
 *   what they do have: 满意度 as a level 2 (before 2020 it sat under 效益, `服务对象满意度指标`),
 *   and 成本 as a level 2 under 产出 (`14-成本指标`).
 * - A level 1 given as a bare code (no name) is read by the known scheme, not as nothing.
 */
import { LEVEL1 as LEVEL1_NAMES } from '../model/indicator-codes.js';
import type { Indicator } from '../model/types.js';
import type { Category } from './settings.js';

const LEVEL1: Record<Category, RegExp> = {
  产出: /产出/,
  效益: /效益|效果/,
  满意度: /满意/,
  成本: /成本/,
};

export function categoriesOf(ind: Indicator): Set<Category> {
  const out = new Set<Category>();
  const level1 = ind.level1.name.trim() !== '' ? ind.level1.name : (LEVEL1_NAMES[ind.level1.code] ?? '');
  for (const [c, r] of Object.entries(LEVEL1) as [Category, RegExp][]) if (r.test(level1)) out.add(c);
  if (/满意/.test(ind.level2.name)) out.add('满意度');
  if (/成本/.test(ind.level2.name) && out.has('产出')) out.add('成本');
  return out;
}

/** A satisfaction indicator (rule 6): 满意度 by the reading above. */
export function isSatisfaction(ind: Indicator): boolean {
  return categoriesOf(ind).has('满意度');
}

/** The kind a level-2 name alone suggests (经济效益 → 效益), to point at a level-1 that contradicts it. */
export function level2Suggests(ind: Indicator): Category | null {
  for (const [c, r] of Object.entries(LEVEL1) as [Category, RegExp][]) if (r.test(ind.level2.name)) return c;
  return null;
}
