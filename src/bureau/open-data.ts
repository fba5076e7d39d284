/**
 * Open data: one row per indicator, with its department, unit, project and the project's
 * four amounts, text exactly as in the tables, amounts as exact decimal text (`1230.74`),
 * and where the indicator was read. Written as CSV (UTF-8 with a BOM, so that Excel opens
 * it as UTF-8; CRLF rows, RFC 4180 quoting) and as JSON Lines, with the same fields.
 */
import { basename } from 'node:path';
import { amountToString } from '../model/amount.js';
import { projectsOf } from '../model/projects.js';
import type { Publication } from '../model/types.js';

export const OPEN_DATA_FIELDS = [
  '单位名称',
  '年度',
  '资金使用单位',
  '项目名称',
  '总计',
  '财政拨款',
  '财政专户拨款',
  '其他资金',
  '一级指标',
  '二级指标',
  '三级指标',
  '实施周期指标值',
  '年度指标值',
  '来源文件',
  '来源位置',
] as const;

export type OpenDataRow = Record<(typeof OPEN_DATA_FIELDS)[number], string>;

export function openDataRows(p: Publication): OpenDataRow[] {
  return projectsOf(p).flatMap(({ unit, project }) =>
    project.indicators.map((ind) => ({
      单位名称: p.department,
      年度: p.year === null ? '' : String(p.year),
      资金使用单位: unit.name,
      项目名称: project.name,
      总计: amountToString(project.amounts.total),
      财政拨款: amountToString(project.amounts.fiscal),
      财政专户拨款: amountToString(project.amounts.special),
      其他资金: amountToString(project.amounts.other),
      一级指标: `${ind.level1.code}-${ind.level1.name}`,
      二级指标: `${ind.level2.code}-${ind.level2.name}`,
      三级指标: ind.name,
      实施周期指标值: ind.cycleValue,
      年度指标值: ind.annualValue,
      // The file's name, not its path on this machine: published data must not carry it.
      来源文件: basename(ind.source.file),
      来源位置: ind.source.sheet !== undefined ? `${ind.source.sheet}!${ind.source.cell ?? ''}` : String(ind.source.line ?? ''),
    })),
  );
}

/**
 * A CSV field, quoted when it holds a comma, quote or line break. Text stays exactly as in
 * the tables, so no `'` is put before a leading `=`/`+`/`-`: docs/open-data.md says how to
 * open the file in Excel as text.
 */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvHeader(): string {
  return '\uFEFF' + OPEN_DATA_FIELDS.map(csvField).join(',') + '\r\n';
}

export function csvLines(rows: readonly OpenDataRow[]): string {
  return rows.map((r) => OPEN_DATA_FIELDS.map((f) => csvField(r[f])).join(',') + '\r\n').join('');
}

export function jsonLines(rows: readonly OpenDataRow[]): string {
  return rows.map((r) => JSON.stringify(r) + '\n').join('');
}
