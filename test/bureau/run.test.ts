/**
 * A bureau's run in this process (src/bureau/run.ts): what it records of each department,
 * built or not, which departments a shard leaves to others, and that the package covers
 * this run's departments only, not whatever else lies in the output folder.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_FORMAT, RECORD_NAME, type DepartmentRecord } from '../../src/bureau/department-record.js';
import { PORTAL_INDEX } from '../../src/bureau/portal-files.js';
import { buildDepartments, type BureauOptions } from '../../src/bureau/run.js';
import { loadPublication } from '../../src/pipeline/load.js';
import { DEFAULT_SETTINGS } from '../../src/review/settings.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { DEPARTMENT, DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { htmlDocument, textOf } from '../helpers/html-read-back.js';

process.env.PUBTABLE_WORKERS ??= '0';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'pubtable-run-'));
  dirs.push(d);
  return d;
};

function inputs(): string {
  const d = fresh();
  writeFileSync(join(d, 'good.txt'), DISTINCT_TSV);
  // A wrong 合计 (an error) in another department's table.
  writeFileSync(join(d, 'bad.txt'), DISTINCT_TSV.replaceAll(DEPARTMENT, '示例区检查局').replace('8,483.39', '8,483.40'));
  return d;
}

const options = (inputsDir: string, outDir: string, extra: Partial<BureauOptions> = {}): BureauOptions => ({
  inputs: [inputsDir],
  outDir,
  shard: null,
  rules: DEFAULT_SETTINGS,
  formats: ['xlsx'],
  templatesDir: DEFAULT_TEMPLATES,
  ...extra,
});

const record = (out: string, folder: string) => JSON.parse(readFileSync(join(out, folder, RECORD_NAME), 'utf8')) as DepartmentRecord;

describe('a bureau’s run', () => {
  it('records each department’s messages by severity, its files when built and none when not, and packages only its own departments', async () => {
    const d = inputs();
    const out = fresh();
    // A department of another run, left in the output folder: not part of this package.
    mkdirSync(join(out, '别的单位'));
    const other = { format: RECORD_FORMAT, input: 'other.txt', folder: '别的单位', department: '别的单位', year: null, title: null, status: 'failed' };
    writeFileSync(join(out, '别的单位', RECORD_NAME), JSON.stringify({ ...other, counts: {}, totals: null, errors: 0, warnings: 0, messages: [], files: [], findings: [], indicators: [], records: null }));
    const r = await buildDepartments(options(d, out));
    expect(r.skipped).toEqual([]);
    expect(r.departments.map((x) => [x.entry.folder, x.status])).toEqual([
      ['示例区检查局', 'failed'],
      [DEPARTMENT, 'built'],
    ]);
    for (const [file, folder] of [['bad.txt', '示例区检查局'], ['good.txt', DEPARTMENT]] as const) {
      const { diagnostics } = await loadPublication(join(d, file));
      const errors = diagnostics.filter((x) => x.severity === 'error').length;
      const rec = record(out, folder);
      expect({ errors: rec.errors, warnings: rec.warnings, messages: rec.messages.length }).toEqual({ errors, warnings: diagnostics.length - errors, messages: diagnostics.length });
    }
    expect(record(out, '示例区检查局').errors).toBeGreaterThan(0);
    expect(record(out, '示例区检查局').files).toEqual([]);
    expect(record(out, DEPARTMENT).files).toEqual([`good.xlsx`]);
    const page = textOf(htmlDocument(readFileSync(join(out, PORTAL_INDEX))).body);
    expect(page).toContain('共 2 个单位：已生成 1 个，未生成 1 个');
    expect(page).not.toContain('别的单位');
  });

  it('a shard builds its departments and leaves the others, listed, to the other shards, without a package', async () => {
    const d = inputs();
    const seen: string[] = [];
    for (const index of [1, 2]) {
      const out = fresh();
      const r = await buildDepartments(options(d, out, { shard: { index, count: 2 } }));
      expect(r.portal).toBeNull();
      const mine = r.departments.map((x) => x.entry.input);
      const skipped = r.skipped.map((x) => x.input);
      expect([...mine, ...skipped].sort()).toEqual([join(d, 'bad.txt'), join(d, 'good.txt')]);
      expect(mine.filter((x) => skipped.includes(x))).toEqual([]);
      seen.push(...mine);
    }
    expect(seen.sort()).toEqual([join(d, 'bad.txt'), join(d, 'good.txt')]);
  });
});
