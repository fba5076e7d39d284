/**
 * The review of performance targets (审核): beyond validate's arithmetic, whether the targets
 * can be measured and cover what a project buys and achieves (财预〔2021〕101号: 产出, 效益,
 * 满意度; 量化易评). Pure: a publication and the rule settings in, findings out, in table order
 * (project by project, the project before its indicators), then rule order (RULE_CODES).
 */
import { projectsOf } from '../model/projects.js';
import type { Publication } from '../model/types.js';
import type { Finding } from './finding.js';
import { annualVsCycle } from './rules/annual-vs-cycle.js';
import { duplicateGoal } from './rules/duplicate-goal.js';
import { duplicateIndicator } from './rules/duplicate-indicator.js';
import { indicatorCount } from './rules/indicator-count.js';
import { missingCategory } from './rules/missing-category.js';
import type { Placed, Rule } from './rules/rule.js';
import { satisfactionPercent } from './rules/satisfaction-percent.js';
import { valueMeasurable } from './rules/value-measurable.js';
import { RULE_CODES, type RuleCode, type RuleSettings } from './settings.js';

export type { RuleSettings } from './settings.js';

const RULES: { [C in RuleCode]: Rule<C> } = {
  REVIEW_VALUE_NOT_MEASURABLE: valueMeasurable,
  REVIEW_ANNUAL_EXCEEDS_CYCLE: annualVsCycle,
  REVIEW_TOO_FEW_INDICATORS: indicatorCount,
  REVIEW_MISSING_CATEGORY: missingCategory,
  REVIEW_DUPLICATE_GOAL: duplicateGoal,
  REVIEW_DUPLICATE_INDICATOR: duplicateIndicator,
  REVIEW_SATISFACTION_NOT_PERCENT: satisfactionPercent,
};

export function review(p: Publication, rules: RuleSettings): Finding[] {
  const projects = projectsOf(p);
  const placed: { at: Placed; rule: number }[] = [];
  RULE_CODES.forEach((code, rule) => {
    const settings = rules[code];
    if (!settings.enabled) return;
    // One by one: `push(...list)` throws past the engine's argument limit on a huge table.
    for (const at of (RULES[code] as Rule<RuleCode>)(projects, settings)) placed.push({ at, rule });
  });
  placed.sort((x, y) => x.at.project - y.at.project || x.at.indicator - y.at.indicator || x.rule - y.rule);
  return placed.map((x) => x.at.finding);
}
