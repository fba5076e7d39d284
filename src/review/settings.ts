/**
 * The rules of the review, their order, and what each can be told in pubtable.rules.json:
 * every rule can be switched off and given another severity; some have a threshold or a
 * list. The defaults are DEFAULT_SETTINGS; ./rules-file.ts checks a file against OPTIONS.
 */
import type { FindingSeverity } from './finding.js';

/** The level-1 kinds of indicator (财预〔2021〕101号 adds 成本 to 产出, 效益 and 满意度). */
export const CATEGORIES = ['产出', '效益', '满意度', '成本'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Rule order: findings on one record come in this order. */
export const RULE_CODES = [
  'REVIEW_VALUE_NOT_MEASURABLE',
  'REVIEW_ANNUAL_EXCEEDS_CYCLE',
  'REVIEW_TOO_FEW_INDICATORS',
  'REVIEW_MISSING_CATEGORY',
  'REVIEW_DUPLICATE_GOAL',
  'REVIEW_DUPLICATE_INDICATOR',
  'REVIEW_SATISFACTION_NOT_PERCENT',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleSetting {
  enabled: boolean;
  severity: FindingSeverity;
}

export interface RuleSettings {
  REVIEW_VALUE_NOT_MEASURABLE: RuleSetting & {
    /** Words an office accepts as checkable criteria besides the built-in ones (./criteria.ts). */
    accept: readonly string[];
  };
  REVIEW_ANNUAL_EXCEEDS_CYCLE: RuleSetting;
  REVIEW_TOO_FEW_INDICATORS: RuleSetting & {
    /** A project with fewer indicators than this is reported. */
    min: number;
  };
  REVIEW_MISSING_CATEGORY: RuleSetting & {
    /** The level-1 kinds every project must have. */
    required: readonly Category[];
  };
  REVIEW_DUPLICATE_GOAL: RuleSetting;
  REVIEW_DUPLICATE_INDICATOR: RuleSetting;
  REVIEW_SATISFACTION_NOT_PERCENT: RuleSetting;
}

/** The options a rule has besides `enabled` and `severity`, and the values each takes. */
export type OptionSpec =
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'choices'; of: readonly string[]; minItems: number }
  | { kind: 'words'; maxItems: number; maxLength: number };

export const OPTIONS: { [C in RuleCode]: Record<string, OptionSpec> } = {
  REVIEW_VALUE_NOT_MEASURABLE: { accept: { kind: 'words', maxItems: 200, maxLength: 50 } },
  REVIEW_ANNUAL_EXCEEDS_CYCLE: {},
  // 100: no project has that many indicators; a larger minimum is a typing mistake.
  REVIEW_TOO_FEW_INDICATORS: { min: { kind: 'integer', min: 1, max: 100 } },
  REVIEW_MISSING_CATEGORY: { required: { kind: 'choices', of: CATEGORIES, minItems: 1 } },
  REVIEW_DUPLICATE_GOAL: {},
  REVIEW_DUPLICATE_INDICATOR: {},
  REVIEW_SATISFACTION_NOT_PERCENT: {},
};

const on = (severity: FindingSeverity): RuleSetting => ({ enabled: true, severity });

export const DEFAULT_SETTINGS: RuleSettings = deepFreeze({
  REVIEW_VALUE_NOT_MEASURABLE: { ...on('warning'), accept: [] },
  REVIEW_ANNUAL_EXCEEDS_CYCLE: on('warning'),
  // Three: one indicator each of 产出, 效益 and 满意度 is the least a project can have.
  REVIEW_TOO_FEW_INDICATORS: { ...on('warning'), min: 3 },
  // 成本 only where the office asks for it: the example's scheme has it, older ones do not.
  REVIEW_MISSING_CATEGORY: { ...on('warning'), required: ['产出', '效益', '满意度'] },
  // Info: a programme funded in several allocations may share a goal; worth a look, not a fault.
  REVIEW_DUPLICATE_GOAL: on('info'),
  REVIEW_DUPLICATE_INDICATOR: on('warning'),
  REVIEW_SATISFACTION_NOT_PERCENT: on('warning'),
});

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
