/**
 * Indicator checks. All are warnings: the data is printed as given, but someone should
 * look (docs/official-format.md §3: report a contradiction, never "fix" it silently).
 */
import { warning, type Diagnostic } from '../model/diagnostic.js';
import { LEVEL1, LEVEL2, REQUIRED_LEVEL1 } from '../model/indicator-codes.js';
import type { Project } from '../model/types.js';

export function checkIndicators(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  project.indicators.forEach((ind, i) => {
    const where = `项目“${project.name}”第${ind.number}条指标`;
    const l1 = `${ind.level1.code}-${ind.level1.name}`;
    const l2 = `${ind.level2.code}-${ind.level2.name}`;
    if (ind.level2.code[0] !== ind.level1.code) {
      out.push(warning('INDICATOR_LEVEL_MISMATCH', `${where}：二级指标“${l2}”不属于一级指标“${l1}”`, ind.source));
    }
    if (LEVEL1[ind.level1.code] === undefined) {
      out.push(warning('UNKNOWN_INDICATOR_CODE', `${where}：未知的一级指标代码“${l1}”`, ind.source));
    }
    if (LEVEL2[ind.level2.code] === undefined) {
      out.push(warning('UNKNOWN_INDICATOR_CODE', `${where}：未知的二级指标代码“${l2}”`, ind.source));
    }
    if (ind.number !== i + 1) {
      out.push(warning('INDICATOR_NUMBERING', `项目“${project.name}”的指标编号不连续：第${i + 1}条编号为${ind.number}`, ind.source));
    }
  });
  const present = new Set(project.indicators.map((x) => x.level1.code));
  const missing = REQUIRED_LEVEL1.filter((c) => !present.has(c));
  if (missing.length > 0) {
    const names = missing.map((c) => LEVEL1[c]).join('、');
    out.push(warning('MISSING_INDICATOR_CATEGORY', `项目“${project.name}”没有${names}`, project.source));
  }
  return out;
}
