/**
 * Money checks, all exact: each row's 总计 is the sum of its three sources, each unit row
 * the sum of its projects, and 合计 the sum of the units.
 */
import { addAmounts, formatAmount } from '../model/amount.js';
import { error, type Diagnostic } from '../model/diagnostic.js';
import type { Amounts, Publication, Source } from '../model/types.js';
import { sumAmounts } from '../model/amounts.js';
import { AMOUNT_COLUMNS, COLUMN_LABELS } from '../model/columns.js';

export function checkAmounts(p: Publication): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkRow('合计', p.total, p.totalSource, out);
  for (const unit of p.units) {
    checkRow(unit.name, unit.amounts, unit.source, out);
    for (const project of unit.projects) checkRow(project.name, project.amounts, project.source, out);
    checkSum(`资金使用单位“${unit.name}”`, unit.amounts, sumAmounts(unit.projects.map((x) => x.amounts)), '其项目之和', unit.source, out);
  }
  checkSum('合计行', p.total, sumAmounts(p.units.map((u) => u.amounts)), '各资金使用单位之和', p.totalSource, out);
  return out;
}

function checkRow(name: string, a: Amounts, source: Source, out: Diagnostic[]): void {
  const mismatch = rowSumMismatch(name, a, source);
  if (mismatch) out.push(mismatch);
}

/** AMOUNT_SUM_MISMATCH when a row's 总计 is not the sum of its three sources (the workbench page says it as typed). */
export function rowSumMismatch(name: string, a: Amounts, source: Source): Diagnostic | null {
  const parts = addAmounts(a.fiscal, a.special, a.other);
  if (parts === a.total) return null;
  return error('AMOUNT_SUM_MISMATCH', `“${name}”的总计${formatAmount(a.total)}不等于财政拨款、财政专户拨款、其他资金之和${formatAmount(parts)}`, source);
}

function checkSum(what: string, stated: Amounts, computed: Amounts, of: string, source: Source, out: Diagnostic[]): void {
  for (const col of AMOUNT_COLUMNS) {
    if (stated[col] !== computed[col]) {
      out.push(
        error(
          'TOTAL_MISMATCH',
          `${what}的${COLUMN_LABELS[col]}${formatAmount(stated[col])}不等于${of}${formatAmount(computed[col])}`,
          source,
        ),
      );
    }
  }
}
