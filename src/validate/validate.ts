/**
 * All checks on a model read without errors. Readers report what they could not read;
 * this reports what the records say that cannot be right (errors) or looks wrong (warnings).
 */
import { error, type Diagnostic } from '../model/diagnostic.js';
import type { Publication } from '../model/types.js';
import { checkAmounts } from './amounts.js';
import { checkIndicators } from './indicators.js';
import { checkDuplicateNames, checkLatinWords } from './text.js';

export function validate(p: Publication): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Appended one by one: `push(...list)` throws once a list passes the engine's argument limit
  // (≈ 120,000: a unit of that many projects named alike).
  const add = (ds: readonly Diagnostic[]) => {
    for (const d of ds) out.push(d);
  };
  if (p.moneyUnit !== '万元') {
    out.push(error('UNSUPPORTED_MONEY_UNIT', `金额单位“${p.moneyUnit}”不受支持，应为万元`, p.moneyUnitSource));
  }
  add(checkAmounts(p));
  for (const unit of p.units) {
    add(checkDuplicateNames(unit));
    for (const project of unit.projects) {
      add(checkLatinWords(`项目“${project.name}”的名称`, project.name, project.source));
      add(checkLatinWords(`项目“${project.name}”的绩效目标`, project.goal, project.source));
      for (const ind of project.indicators) {
        const text = `${ind.name}；${ind.cycleValue}；${ind.annualValue}`;
        add(checkLatinWords(`项目“${project.name}”第${ind.number}条指标`, text, ind.source));
      }
      add(checkIndicators(project));
    }
  }
  return out;
}
