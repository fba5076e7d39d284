/** A bureau's run with the options of a single build (--projects, --formats) and a folder's own rules file. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pubtableInProcess } from '../helpers/cli.js';
import { xlsxRows } from '../helpers/read-back.js';
import { DEPARTMENT, DISTINCT_PROJECTS, DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { EDU, eduText } from '../fixtures/departments.js';

process.env.PUBTABLE_WORKERS ??= '0';

function folder(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'pubtable-options-')), 'in');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('a bureau run', () => {
  it('makes each department\'s printouts with --projects, in its own folder', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pubtable-options-')), 'out');
    const r = await pubtableInProcess(['build', folder({ 'hr.txt': DISTINCT_TSV, 'edu.txt': eduText() }), '--out', out, '--formats', 'xlsx', '--projects']);
    expect(r.status).toBe(0);
    for (const d of [DEPARTMENT, EDU]) {
      expect(readdirSync(join(out, d, 'projects')).sort()).toEqual(DISTINCT_PROJECTS.map((p, i) => `0${i + 1}-${p.name}.xlsx`).sort());
    }
    // The summary links the publications, not the printouts.
    const rows = await xlsxRows(readFileSync(join(out, '汇总表.xlsx')));
    expect(rows.find((x) => x[1] === EDU)?.slice(13)).toEqual(['已生成', '', '', 'Excel', '']);
  }, 120_000);

  it('uses the folder\'s pubtable.rules.json, which is not taken for a department', async () => {
    const rules = JSON.stringify({ rules: { REVIEW_SATISFACTION_NOT_PERCENT: { severity: 'error' }, REVIEW_VALUE_NOT_MEASURABLE: { enabled: false } } });
    // The distinct table's 鉴定完成时限 (12月底前) and satisfaction values all pass; make one satisfaction value fail.
    const dir = folder({ 'hr.txt': DISTINCT_TSV.replace('补贴对象满意度；实施周期指标值:≥90%', '补贴对象满意度；实施周期指标值:较高'), 'pubtable.rules.json': rules });
    const out = join(dir, '..', 'out');
    const r = await pubtableInProcess(['build', dir, '--out', out, '--formats', 'xlsx']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('单位 1 个：已生成 1 个');
    const review = await xlsxRows(readFileSync(join(out, '审核意见.xlsx')));
    const found = review.filter((x) => /^REVIEW_/.test(x[4] ?? ''));
    expect(found.map((x) => [x[3], x[4], x[5]])).toEqual([['就业补贴项目', 'REVIEW_SATISFACTION_NOT_PERCENT', '错误']]);
    const again = await pubtableInProcess(['review', dir]);
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('错误 REVIEW_SATISFACTION_NOT_PERCENT');
  }, 120_000);
});
