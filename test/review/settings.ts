/** Settings for tests: one rule alone (so that others cannot interfere), optionally changed. */
import { DEFAULT_RULES } from '../../src/review/rules-file.js';
import { RULE_CODES, type RuleCode, type RuleSettings } from '../../src/review/settings.js';

export function only<C extends RuleCode>(code: C, patch: Partial<RuleSettings[C]> = {}): RuleSettings {
  const s = structuredClone(DEFAULT_RULES) as RuleSettings;
  for (const c of RULE_CODES) s[c].enabled = c === code;
  Object.assign(s[code], patch);
  return s;
}
