/**
 * The first steps of a bureau's run, in this process: which files of a folder are inputs
 * (src/bureau/inputs.ts), what each input is and where its outputs go (departments.ts),
 * which shard it falls in (shard.ts), and the open-data rows of a department (open-data.ts),
 * each rule pinned on its own.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildable, scanDepartments } from '../../src/bureau/departments.js';
import { collectInputs, rulesFileFor, RULES_FILE_NAME } from '../../src/bureau/inputs.js';
import { csvHeader, csvLines, jsonLines, openDataRows, OPEN_DATA_FIELDS, type OpenDataRow } from '../../src/bureau/open-data.js';
import { parseShard, shardFromEnv, ShardError, shardKey } from '../../src/bureau/shard.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { readWorkbook } from '../../src/ingest/workbook.js';
import { renderXlsx } from '../../src/render/xlsx/index.js';
import { DEPARTMENT, DISTINCT_TSV, TITLE } from '../fixtures/distinct-publication.js';
import { sampleLayout } from '../fixtures/sample-layout.js';
import { parseCsv } from './csv.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'pubtable-inputs-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}

/** The distinct publication as another department's, optionally of no year. */
const tableOf = (department: string, year: string | null = '2025') =>
  DISTINCT_TSV.replaceAll(DEPARTMENT, department).replace(TITLE.replace(DEPARTMENT, department), TITLE.replace(DEPARTMENT, department).replace('2025年', year === null ? '' : `${year}年`));

describe('a folder’s inputs', () => {
  it('takes the records files directly inside, in code-point order, and nothing else', async () => {
    const d = folder({
      'b.txt': 'x',
      'A.TXT': 'x',
      'c.tsv': 'x',
      'd.XLSX': 'x',
      'e.json': 'x',
      'f.yaml': 'x',
      'g.yml': 'x',
      '.hidden.txt': 'x',
      '~$d.xlsx': 'x',
      'notes.md': 'x',
      'b.txt.corrected.yaml': 'x',
      [RULES_FILE_NAME]: '{}',
      'sub/h.txt': 'x',
    });
    mkdirSync(join(d, 'folder.txt'));
    const names = (await collectInputs([d])).map((f) => f.slice(d.length + 1));
    expect(names).toEqual(['A.TXT', 'b.txt', 'c.tsv', 'd.XLSX', 'e.json', 'f.yaml', 'g.yml']);
  });

  it('takes files named directly whatever their name, each once, with the folders’ files in one order', async () => {
    const d = folder({ 'z.txt': 'x', 'a.txt': 'x' });
    const other = folder({ 'notes.md': 'x' });
    const files = await collectInputs([join(d, 'z.txt'), d, join(other, 'notes.md'), join(d, 'a.txt')]);
    expect(files).toEqual([join(d, 'a.txt'), join(d, 'z.txt'), join(other, 'notes.md')].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('refuses a folder without records files and a path that does not exist, naming each', async () => {
    const empty = folder({ 'readme.md': 'x' });
    await expect(collectInputs([empty])).rejects.toMatchObject({ code: 'NO_INPUTS', message: '目录中没有记录文件（.txt、.tsv、.xlsx、.json、.yaml、.yml）', source: { file: empty } });
    const missing = join(empty, 'nope');
    await expect(collectInputs([missing])).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: '无法打开输入：文件或目录不存在', source: { file: missing } });
  });

  it('finds the rules file beside the inputs of one folder, unless one is named', async () => {
    const d = folder({ [RULES_FILE_NAME]: '{}', 'a.txt': 'x' });
    expect(await rulesFileFor([d], undefined)).toBe(join(d, RULES_FILE_NAME));
    expect(await rulesFileFor([d], '/x/rules.json')).toBe('/x/rules.json');
    expect(await rulesFileFor([d, d], undefined)).toBeUndefined();
    expect(await rulesFileFor([folder({ 'a.txt': 'x' })], undefined)).toBeUndefined();
    const notAFile = folder();
    mkdirSync(join(notAFile, RULES_FILE_NAME));
    expect(await rulesFileFor([notAFile], undefined)).toBeUndefined();
  });
});

describe('the departments of a run', () => {
  it('names each by its records, gives it a folder of its own, and marks what cannot be built', async () => {
    const d = folder({
      '1.txt': tableOf('示例区甲局'),
      '2.txt': tableOf('示例区甲局', '2024'),
      '3.txt': tableOf('示例区乙局', null),
      '4.txt': tableOf('示例区乙局', null),
      '5.txt': '不是一张表',
      '6.txt': tableOf('index.html'),
    });
    const entries = await scanDepartments(await collectInputs([d]));
    const by = (n: string) => entries.find((e) => e.input === join(d, n))!;
    expect(entries.map((e) => e.folder)).toEqual(['示例区甲局（2025）', '示例区甲局（2024）', '示例区乙局（3.txt）', '示例区乙局（4.txt）', '5', 'index.html（2025）']);
    expect(by('1.txt').department).toEqual({ name: '示例区甲局', year: 2025 });
    expect(by('3.txt').department).toEqual({ name: '示例区乙局', year: null });
    expect(by('5.txt').department).toBeNull();
    expect(entries.map(buildable)).toEqual([true, true, false, false, false, true]);
    const duplicate = by('3.txt').diagnostics.find((x) => x.code === 'DUPLICATE_DEPARTMENT')!;
    expect(duplicate).toMatchObject({ severity: 'error', source: { file: join(d, '3.txt') } });
    expect(duplicate.message).toBe('“示例区乙局”的表还有另一个输入文件：4.txt；两个都未生成，请只保留一个');
    expect(by('1.txt').diagnostics.some((x) => x.code === 'DUPLICATE_DEPARTMENT')).toBe(false);
    expect(by('5.txt').diagnostics.map((x) => x.severity)).toContain('error');
  });

  it('three files of one department and year: each names the other two', async () => {
    const d = folder({ 'a.txt': tableOf('示例区丙局'), 'b.txt': tableOf('示例区丙局'), 'c.txt': tableOf('示例区丙局') });
    const entries = await scanDepartments(await collectInputs([d]));
    expect(entries.map((e) => e.folder)).toEqual(['示例区丙局（2025）', '示例区丙局（2025）-2', '示例区丙局（2025）-3']);
    expect(entries[1]!.diagnostics.find((x) => x.code === 'DUPLICATE_DEPARTMENT')!.message).toBe(
      '“示例区丙局”2025年度的表还有另一个输入文件：a.txt、c.txt；这 3 个都未生成，请只保留一个',
    );
  });
});

describe('shards', () => {
  it('reads i/n exactly, with up to six digits each, spaces around allowed', () => {
    expect(parseShard(' 2/5 ')).toEqual({ index: 2, count: 5 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('123456/654321')).toEqual({ index: 123456, count: 654321 });
    for (const bad of ['0/1', '2/1', '1/0', 'x1/2', '1/2x', '12/3', '1234567/9999999', '1/1234567', '1 / 2', '']) {
      expect(() => parseShard(bad), bad).toThrow(ShardError);
    }
    expect(() => parseShard('5/4')).toThrow('--shard“5/4”无效：应为 i/n，1 ≤ i ≤ n，例如 1/4');
  });

  it('takes a Kubernetes index (from 0) and count, and says what it found when they are missing or malformed', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', PUBTABLE_SHARD_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2', PUBTABLE_SHARD_COUNT: '3' })).toEqual({ index: 3, count: 3 });
    expect(() => shardFromEnv({})).toThrow('实为“未设置”和“未设置”');
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow('实为“1”和“未设置”');
    expect(() => shardFromEnv({ PUBTABLE_SHARD_COUNT: '4' })).toThrow('实为“未设置”和“4”');
    for (const [index, count] of [['x1', '2'], ['1x', '2'], ['1', 'x2'], ['1', '2x'], ['1234567', '2'], ['1', '1234567'], ['-1', '2']]) {
      expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: index, PUBTABLE_SHARD_COUNT: count }), `${index} ${count}`).toThrow(ShardError);
    }
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3', PUBTABLE_SHARD_COUNT: '3' })).toThrow(ShardError);
  });

  it('places a department by name and year, an unreadable input by its file name', () => {
    expect(shardKey({ name: '甲', year: 2025 }, 'a.txt')).toBe('department\u0000甲\u00002025');
    expect(shardKey({ name: '甲', year: null }, 'a.txt')).toBe('department\u0000甲\u0000');
    expect(shardKey(null, 'a.txt')).toBe('file\u0000a.txt');
  });
});

describe('open data', () => {
  const fields = (r: OpenDataRow) => OPEN_DATA_FIELDS.map((f) => r[f]);

  it('one row per indicator, every field, the source as file name and line', () => {
    const p = readTextExport(Buffer.from(DISTINCT_TSV), '/some/where/hr.txt').publication;
    const rows = openDataRows(p);
    expect(rows).toHaveLength(p.units.flatMap((u) => u.projects).flatMap((x) => x.indicators).length);
    const first = rows[0]!;
    const ind = p.units[0]!.projects[0]!.indicators[0]!;
    expect(first).toMatchObject({
      单位名称: DEPARTMENT,
      年度: '2025',
      资金使用单位: p.units[0]!.name,
      项目名称: p.units[0]!.projects[0]!.name,
      一级指标: `${ind.level1.code}-${ind.level1.name}`,
      二级指标: `${ind.level2.code}-${ind.level2.name}`,
      三级指标: ind.name,
      实施周期指标值: ind.cycleValue,
      年度指标值: ind.annualValue,
      来源文件: 'hr.txt',
      来源位置: String(ind.source.line),
    });
    const noYear = openDataRows({ ...p, year: null });
    expect(noYear[0]!.年度).toBe('');
  });

  it('a workbook’s indicators are placed by sheet and cell', async () => {
    const bytes = (await renderXlsx(sampleLayout())).bytes;
    const { publication } = await readWorkbook(bytes, '/x/表.xlsx');
    const rows = openDataRows(publication);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.来源位置).toMatch(/^[^!]+![A-Z]+\d+$/);
    expect(rows[0]!.来源文件).toBe('表.xlsx');
  });

  it('CSV: a BOM and the header, CRLF rows, quoting only where a comma, quote or line break needs it; JSON Lines the same rows', () => {
    const row = Object.fromEntries(OPEN_DATA_FIELDS.map((f) => [f, `${f}值`])) as OpenDataRow;
    const tricky: OpenDataRow = { ...row, 项目名称: '甲,乙', 三级指标: '“引号”"x"', 实施周期指标值: '行一\n行二', 年度指标值: '回车\r', 来源位置: '=1+1' };
    expect(csvHeader()).toBe('\uFEFF' + OPEN_DATA_FIELDS.join(',') + '\r\n');
    const text = csvLines([row, tricky]);
    expect(text.split('\r\n')[0]).toBe(fields(row).join(','));
    expect(text).toContain(',"甲,乙",');
    expect(text).toContain(',"“引号”""x""",');
    expect(text).toContain(',"行一\n行二","回车\r",');
    expect(text.endsWith(',=1+1\r\n')).toBe(true);
    expect(parseCsv(text).filter((r) => r.length > 1)).toEqual([fields(row), fields(tricky)]);
    expect(jsonLines([row, tricky]).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown)).toEqual([row, tricky]);
  });
});
