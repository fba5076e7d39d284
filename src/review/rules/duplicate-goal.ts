/**
 * Rule 4, REVIEW_DUPLICATE_GOAL: several projects with the same 绩效目标 (compared without
 * whitespace, punctuation or full/half-width differences, ../text.ts). A goal should say
 * what this money achieves; one text for projects of different size says it for none of
 * them. Reported once per group, at its first project, naming the others and their place.
 */
import { excerpt } from '../../model/diagnostic.js';
import type { ProjectRef } from '../../model/projects.js';
import { placeOf } from '../finding.js';
import { compact } from '../text.js';
import { place, type Placed, type Rule } from './rule.js';

const CODE = 'REVIEW_DUPLICATE_GOAL';
const MAX_NAMED = 10;

export const duplicateGoal: Rule<typeof CODE> = (projects, settings) => {
  const groups = new Map<string, ProjectRef[]>();
  for (const ref of projects) {
    const key = compact(ref.project.goal);
    if (key === '') continue;
    const group = groups.get(key);
    if (group) group.push(ref);
    else groups.set(key, [ref]);
  }
  const out: Placed[] = [];
  for (const [first, ...others] of groups.values()) {
    if (others.length === 0) continue;
    // At most MAX_NAMED named: a message naming 100,000 projects helps nobody.
    const names = others
      .slice(0, MAX_NAMED)
      .map((o) => {
        const where = [o.unit !== first!.unit ? `资金使用单位“${o.unit.name}”` : '', placeOf(o.project.source)].filter((x) => x !== '');
        return `“${o.project.name}”${where.length > 0 ? `（${where.join('，')}）` : ''}`;
      })
      .join('、');
    const more = others.length > MAX_NAMED ? `等${others.length}个项目` : '';
    const message = `项目“${first!.project.name}”的绩效目标与项目${names}${more}相同：“${excerpt(first!.project.goal)}”`;
    out.push(place(CODE, settings, first!, -1, first!.project.source, message));
  }
  return out;
};
