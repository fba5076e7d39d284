/**
 * The portal package made in this process from departments' records written by the test
 * (src/bureau/portal.ts, department-record.ts): every figure of 汇总表 in its own column
 * and row, the 合计 over built departments only, the list of departments not built with
 * their reasons, links only to a department's own top-level files, titles from the years,
 * the review list, the open data, the all-departments PDF and when it is made again; and
 * every way a record can be damaged refused by name. folder-build.test.ts builds real
 * departments through the command; this file makes each of these fail on its own.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RECORD_FORMAT, RECORD_NAME, readSummaries, recordText, type DepartmentRecord } from '../../src/bureau/department-record.js';
import { openDataRows, OPEN_DATA_FIELDS } from '../../src/bureau/open-data.js';
import { writePortal } from '../../src/bureau/portal.js';
import * as files from '../../src/bureau/portal-files.js';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { InputError } from '../../src/model/diagnostic.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { htmlDocument, htmlLinks, htmlTables, textOf } from '../helpers/html-read-back.js';
import { pdfText, xlsxRows } from '../helpers/read-back.js';
import { parseCsv } from './csv.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function outFolder(): string {
  const d = mkdtempSync(join(tmpdir(), 'pubtable-portal-'));
  dirs.push(d);
  return d;
}

const publication = readTextExport(Buffer.from(DISTINCT_TSV), 'distinct.txt').publication;
const rows = openDataRows(publication);

function built(folder: string, department: string, year: number, extra: Partial<DepartmentRecord> = {}): DepartmentRecord {
  return {
    format: RECORD_FORMAT,
    input: `${folder}.txt`,
    folder,
    department,
    year,
    title: `${department}${year}年项目支出绩效目标表`,
    status: 'built',
    counts: { units: 1, projects: 2, indicators: 3 },
    totals: { total: '10.50', fiscal: '4.25', special: '3.25', other: '3.00' },
    errors: 0,
    warnings: 0,
    messages: [],
    files: [],
    findings: [],
    indicators: rows.map((r) => ({ ...r, 单位名称: department })),
    records: JSON.parse(writeCanonical(publication, 'json')) as unknown,
    ...extra,
  };
}

function failed(folder: string, input: string, department: string | null, messages: DepartmentRecord['messages']): DepartmentRecord {
  return {
    ...built(folder, department ?? '', 0),
    input,
    department,
    year: null,
    title: null,
    status: 'failed',
    counts: { units: 0, projects: 0, indicators: 0 },
    totals: null,
    errors: messages.filter((m) => m.severity === 'error').length,
    warnings: messages.filter((m) => m.severity === 'warning').length,
    messages,
    files: ['不应链接.pdf'],
    indicators: [],
    records: null,
  };
}

function save(out: string, r: DepartmentRecord | Record<string, unknown>, folder = String(r.folder)): void {
  mkdirSync(join(out, folder), { recursive: true });
  writeFileSync(join(out, folder, RECORD_NAME), recordText(r as DepartmentRecord));
}

/** 甲 (2025) and 乙 (2024) built with figures that differ in every column; 丙 unreadable; 丁 with errors only. */
function fourDepartments(out: string): void {
  save(
    out,
    built('a甲局', '甲局', 2025, {
      counts: { units: 2, projects: 3, indicators: 7 },
      totals: { total: '10.50', fiscal: '4.25', special: '3.25', other: '3.00' },
      warnings: 1,
      messages: [{ severity: 'warning', text: 'a甲局.txt:3: 警告 W: 甲' }],
      files: ['a甲局.docx', 'a甲局.html', 'a甲局.xlsx', 'projects/01-项目.pdf', 'projects/01-项目.docx', `a甲局${'-项目表合订.pdf'}`],
      findings: [{ code: 'R1', severity: 'warning', message: '甲的意见', unit: '甲单位', project: '项目一', source: { file: 'a甲局.txt', line: 9 } }],
    }),
  );
  save(
    out,
    built('b乙局', '乙局', 2024, {
      counts: { units: 5, projects: 11, indicators: 13 },
      totals: { total: '200.01', fiscal: '100.00', special: '60.01', other: '40.00' },
      files: ['b乙局.docx'],
      findings: [{ code: 'R2', severity: 'info', message: '乙的意见', unit: '乙单位', project: null, source: { file: 'b乙局.txt', line: 4 } }],
    }),
  );
  save(
    out,
    failed('c丙', 'broken.txt', null, [
      { severity: 'error', text: 'broken.txt:1: 错误 E1: 第一' },
      { severity: 'warning', text: 'broken.txt:2: 警告 W1: 警' },
      { severity: 'error', text: 'broken.txt:5: 错误 E2: 第二' },
    ]),
  );
  save(out, failed('d丁局', 'd.txt', '丁局', [{ severity: 'error', text: 'd.txt:1: 错误 E3: 只有错误' }]));
}

describe('the portal from departments’ records', () => {
  it('汇总表: each department in its row, each figure in its column, 合计 over built departments only, links to own top-level files', async () => {
    const out = outFolder();
    fourDepartments(out);
    const result = await writePortal(out, await readSummaries(out), { templatesDir: DEFAULT_TEMPLATES });
    expect(result.written.sort()).toEqual([...files.PORTAL_FILES].sort());
    const page = readFileSync(join(out, files.PORTAL_INDEX));
    const workbook = await xlsxRows(readFileSync(join(out, files.PORTAL_SUMMARY)));
    for (const text of [textOf(htmlDocument(page).body), workbook.flat().join('\n')]) {
      expect(text).toContain('2024、2025年度项目支出绩效目标表汇总');
      expect(text).toContain('共 4 个单位：已生成 2 个，未生成 2 个');
    }
    for (const table of [htmlTables(page)[0]!, workbook]) {
      const row = (first: string) => table.find((r) => r[0] === first)!.map((c) => c.trim());
      expect(row('1').slice(0, 14)).toEqual(['1', '甲局', '2025', '2', '3', '7', '10.50', '4.25', '3.25', '3.00', '1', '0', '1', '已生成']);
      expect(row('2').slice(0, 14)).toEqual(['2', '乙局', '2024', '5', '11', '13', '200.01', '100.00', '60.01', '40.00', '0', '0', '1', '已生成']);
      expect(row('3').slice(0, 14)).toEqual(['3', 'broken.txt', '', '', '', '', '', '', '', '', '1', '2', '0', '未生成']);
      expect(row('4').slice(0, 14)).toEqual(['4', '丁局', '', '', '', '', '', '', '', '', '0', '1', '0', '未生成']);
      const sum = table.find((r) => r[0]!.startsWith('合计'))!.map((c) => c.trim()).filter((c) => c !== '');
      expect(sum).toEqual(['合计（已生成的 2 个单位）', '7', '14', '20', '210.51', '104.25', '63.26', '43.00']);
    }
    const links = htmlLinks(page).map((a) => `${a.text}→${a.href}`);
    expect(links).toEqual(['Word→a甲局/a甲局.docx', 'Excel→a甲局/a甲局.xlsx', '网页→a甲局/a甲局.html', 'Word→b乙局/b乙局.docx']);
  });

  it('links 汇总表’s PDF to the department’s publication, not to its bound printouts; a damaged publication PDF stops the all-departments PDF, named', async () => {
    const out = outFolder();
    save(out, built('a', '甲局', 2025, { files: ['a-项目表合订.pdf', 'a.pdf', 'projects/01-x.pdf'] }));
    writeFileSync(join(out, 'a', 'a.pdf'), '%PDF-1.7\n这不是 pubtable 生成的 PDF\n%%EOF\n');
    const e = await writePortal(out, await readSummaries(out), { templatesDir: DEFAULT_TEMPLATES }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'DEPARTMENT_PDF_DAMAGED', source: { file: out } });
    expect((e as Error).message).toMatch(/请重新生成这个单位（pubtable build … --force）$/);
    expect(htmlLinks(readFileSync(join(out, files.PORTAL_INDEX)))).toEqual([{ text: 'PDF', href: 'a/a.pdf' }]);
  });

  it('lists the departments not built with their errors, and counts their warnings in one line', async () => {
    const out = outFolder();
    fourDepartments(out);
    await writePortal(out, await readSummaries(out), { templatesDir: DEFAULT_TEMPLATES });
    const failedRows = htmlTables(readFileSync(join(out, files.PORTAL_INDEX)))[1]!.slice(1);
    expect(failedRows.map((r) => r.map((c) => c.trim()))).toEqual([
      ['1', '（无法读取）', 'broken.txt', 'broken.txt:1: 错误 E1: 第一\nbroken.txt:5: 错误 E2: 第二\n另有 1 条警告（pubtable validate broken.txt 可列出）'],
      ['2', '丁局', 'd.txt', 'd.txt:1: 错误 E3: 只有错误'],
    ]);
  });

  it('审核意见: every department’s findings, numbered, with department, project, severity and place', async () => {
    const out = outFolder();
    fourDepartments(out);
    await writePortal(out, await readSummaries(out), { templatesDir: DEFAULT_TEMPLATES, title: '示例区' });
    const table = (await xlsxRows(readFileSync(join(out, files.PORTAL_REVIEW)))).map((r) => r.map((c) => c.trim()));
    expect(table.some((r) => r.includes('示例区审核意见'))).toBe(true);
    const numbered = table.filter((r) => /^\d+$/.test(r[0]!));
    expect(numbered).toHaveLength(2);
    expect(numbered[0]).toEqual(expect.arrayContaining(['1', '甲局', '甲单位', '项目一', '警告', 'R1', '甲的意见', 'a甲局.txt:9']));
    expect(numbered[1]).toEqual(expect.arrayContaining(['2', '乙局', '乙单位', '', '提示', 'R2', '乙的意见', 'b乙局.txt:4']));
    const page = textOf(htmlDocument(readFileSync(join(out, files.PORTAL_INDEX))).body);
    expect(page).toContain('示例区');
    expect(page).not.toContain('年度项目支出绩效目标表汇总');
  });

  it('open data: the built departments’ rows only, in folder order, every field; CSV quoted where needed, with a BOM', async () => {
    const out = outFolder();
    fourDepartments(out);
    await writePortal(out, await readSummaries(out), { templatesDir: DEFAULT_TEMPLATES });
    const csvText = readFileSync(join(out, files.OPEN_DATA_CSV), 'utf8');
    expect(csvText.startsWith('\uFEFF' + OPEN_DATA_FIELDS.join(',') + '\r\n')).toBe(true);
    const csv = parseCsv(csvText.slice(1));
    const expected = [...rows.map((r) => ({ ...r, 单位名称: '甲局' })), ...rows.map((r) => ({ ...r, 单位名称: '乙局' }))];
    expect(csv.slice(1).filter((r) => r.length > 1)).toEqual(expected.map((r) => OPEN_DATA_FIELDS.map((f) => r[f])));
    const jsonl = readFileSync(join(out, files.OPEN_DATA_JSONL), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(jsonl).toEqual(expected);
  });

  it('the all-departments PDF: each built department under its name; made again only when a part or the title changes', async () => {
    const out = outFolder();
    fourDepartments(out);
    const opts = { templatesDir: DEFAULT_TEMPLATES };
    await writePortal(out, await readSummaries(out), opts);
    const pdf = join(out, files.PORTAL_COMBINED);
    const text = pdfText(pdf);
    expect(text).toContain(publication.title);
    const again = await writePortal(out, await readSummaries(out), opts);
    expect(again.written).toEqual([]);
    expect(again.unchanged.sort()).toEqual([...files.PORTAL_FILES].sort());
    const retitled = await writePortal(out, await readSummaries(out), { ...opts, title: '另一个标题' });
    expect(retitled.written).toContain(files.PORTAL_COMBINED);
    // A damaged PDF of the same state is made again.
    writeFileSync(pdf, Buffer.concat([readFileSync(pdf).subarray(0, 100), Buffer.alloc(10)]));
    expect((await writePortal(out, await readSummaries(out), { ...opts, title: '另一个标题' })).written).toContain(files.PORTAL_COMBINED);
  });

  it('with no department built: no all-departments PDF, an empty 合计, a title without a year', async () => {
    const out = outFolder();
    save(out, failed('x', 'x.txt', null, [{ severity: 'error', text: 'x.txt:1: 错误 E: 坏' }]));
    const r = await writePortal(out, await readSummaries(out), { templatesDir: DEFAULT_TEMPLATES });
    expect(r.written).not.toContain(files.PORTAL_COMBINED);
    const page = readFileSync(join(out, files.PORTAL_INDEX));
    expect(textOf(htmlDocument(page).body).trim().split('\n')[0]).toBe('项目支出绩效目标表汇总');
    expect(htmlTables(page)[0]!.find((row) => row[0]!.startsWith('合计'))!.filter((c) => c.trim() !== '')).toEqual(['合计（已生成的 0 个单位）', '0', '0', '0']);
    expect(readFileSync(join(out, files.OPEN_DATA_JSONL), 'utf8')).toBe('');
  });
});

describe('reading the departments’ records', () => {
  it('reads the departments in code-point order, skipping hidden folders and folders without a record', async () => {
    const out = outFolder();
    for (const f of ['b', 'A', 'a', '甲']) save(out, built(f, `${f}局`, 2025));
    save(out, built('.hidden', '隐', 2025));
    mkdirSync(join(out, 'projects'));
    writeFileSync(join(out, 'loose.txt'), 'x');
    expect((await readSummaries(out)).map((s) => s.folder)).toEqual(['A', 'a', 'b', '甲']);
  });

  it('leaves out each record’s bulk (records, open-data rows)', async () => {
    const out = outFolder();
    save(out, built('a', '甲', 2025));
    const [s] = await readSummaries(out);
    expect(s).not.toHaveProperty('records');
    expect(s).not.toHaveProperty('indicators');
    expect(s!.department).toBe('甲');
  });

  const damaged: [string, (r: DepartmentRecord) => unknown][] = [
    ['not an object', () => null],
    ['an array', () => []],
    ['another format', (r) => ({ ...r, format: 'pubtable-department/2' })],
    ['another folder', (r) => ({ ...r, folder: 'other' })],
    ['an unknown status', (r) => ({ ...r, status: 'done' })],
    ['no input name', (r) => ({ ...r, input: 7 })],
    ['messages not a list', (r) => ({ ...r, messages: {} })],
    ['files not a list', (r) => ({ ...r, files: 'a.pdf' })],
    ['a file not a string', (r) => ({ ...r, files: [3] })],
    ['an empty file name', (r) => ({ ...r, files: [''] })],
    ['an absolute path', (r) => ({ ...r, files: ['/etc/passwd'] })],
    ['a backslash', (r) => ({ ...r, files: ['..\\x.pdf'] })],
    ['a drive or scheme', (r) => ({ ...r, files: ['javascript:alert(1)'] })],
    ['a control character', (r) => ({ ...r, files: ['a\u0001.pdf'] })],
    ['an empty segment', (r) => ({ ...r, files: ['a//b.pdf'] })],
    ['a trailing slash', (r) => ({ ...r, files: ['a/'] })],
    ['a dot segment', (r) => ({ ...r, files: ['./a.pdf'] })],
    ['a parent segment', (r) => ({ ...r, files: ['a/../../b.pdf'] })],
    ['findings not a list', (r) => ({ ...r, findings: null })],
    ['open-data rows not a list', (r) => ({ ...r, indicators: 'x' })],
    ['counts not an object', (r) => ({ ...r, counts: 3 })],
    ['built without totals', (r) => ({ ...r, totals: null })],
    ['built with totals not an object', (r) => ({ ...r, totals: '10.50' })],
    ['built without records', (r) => ({ ...r, records: null })],
  ];
  it.each(damaged)('refuses a record with %s, naming the record file', async (_, damage) => {
    const out = outFolder();
    const record = built('a', '甲', 2025, { files: ['a.pdf', 'projects/01-x.pdf'] });
    save(out, record);
    await expect(readSummaries(out)).resolves.toHaveLength(1);
    save(out, damage(record) as Record<string, unknown>, 'a');
    const e = await readSummaries(out).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'RECORD_DAMAGED', source: { file: join(out, 'a', RECORD_NAME) } });
    expect((e as Error).message).toContain('目录“a”');
  });

  it('takes a failed department without totals or records', async () => {
    const out = outFolder();
    save(out, failed('a', 'a.txt', null, []));
    expect((await readSummaries(out))[0]).toMatchObject({ status: 'failed', totals: null });
  });

  it('refuses a record that is not JSON, one that cannot be read, and an output folder that cannot be opened', async () => {
    const out = outFolder();
    mkdirSync(join(out, 'a'));
    writeFileSync(join(out, 'a', RECORD_NAME), '{"format":');
    await expect(readSummaries(out)).rejects.toMatchObject({ code: 'RECORD_DAMAGED', source: { file: join(out, 'a', RECORD_NAME) } });
    rmSync(join(out, 'a', RECORD_NAME));
    mkdirSync(join(out, 'a', RECORD_NAME));
    const unreadable = await readSummaries(out).catch((x: unknown) => x);
    expect(unreadable).toMatchObject({ code: 'FILE_UNREADABLE', source: { file: join(out, 'a', RECORD_NAME) } });
    expect((unreadable as Error).message).toBe('无法读取单位记录文件（EISDIR）');
    await expect(readSummaries(join(out, 'missing'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: '无法打开输出目录', source: { file: join(out, 'missing') } });
  });
});
