import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { readWorkbook } from '../../src/ingest/workbook.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { parseTsv } from '../../src/ingest/text-export/tsv.js';
import { amountToNumber, amountToString, parseAmount } from '../../src/model/amount.js';
import { InputError } from '../../src/model/diagnostic.js';
import { EXAMPLE_PATH, exampleText } from '../helpers/example.js';
import { stripSources } from '../helpers/strip-sources.js';

const SHEET = '绩效目标表';
/** The table starts in column B (column A left blank) and the header sits on row 5. */
const HEADER_ROW = 5;
const COL = ['B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

/**
 * The example laid out as an official sheet: a first sheet without the table, a title
 * merged across the table, 单位名称 and 单位：万元 on one row, then header, 合计, unit and
 * projects. Amounts are numbers in every other row and text ('3,105.64') in the rest;
 * indicators are one per line.
 */
function exampleWorkbook(): { wb: ExcelJS.Workbook; ws: ExcelJS.Worksheet; rowOf: (name: string) => number } {
  const rows = parseTsv(exampleText()).rows.map((r) => r.cells);
  const headerAt = rows.findIndex((r) => r[0] === '项目名称（资金使用单位）');
  const title = rows.find((r) => /绩效目标表/.test(r[0] ?? ''))![0]!;
  const dept = rows.find((r) => r[0]?.startsWith('单位名称'))![0]!;
  const table = rows.slice(headerAt).filter((r) => r.some((c) => c !== ''));

  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填报说明').getCell('A1').value = '请在下一张工作表填写';
  const ws = wb.addWorksheet(SHEET);
  ws.getCell('B2').value = title;
  ws.mergeCells('B2:H2');
  ws.getCell('B3').value = dept;
  ws.getCell('H3').value = '单位：万元';
  table.forEach((cells, i) => {
    const n = HEADER_ROW + i;
    cells.forEach((text, j) => {
      const cell = ws.getCell(`${COL[j]}${n}`);
      const isAmount = i > 0 && j >= 1 && j <= 4;
      if (isAmount && text !== '' && i % 2 === 0) cell.value = amountToNumber(parseAmount(text)!);
      else if (j === 6) cell.value = text.replace(/。(?=\d+、)/g, '。\n');
      else if (text !== '') cell.value = text;
    });
  });
  const rowOf = (name: string) => HEADER_ROW + table.findIndex((r) => r[0] === name);
  return { wb, ws, rowOf };
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const fromText = () => readTextExport(Buffer.from(exampleText(), 'utf8'), 'in.txt');
const projects = (r: Awaited<ReturnType<typeof readWorkbook>>) => r.publication.units.flatMap((u) => u.projects);

describe('the .xlsx reader', () => {
  it('reads the example laid out as an official sheet: the same model as the text export', async () => {
    const { wb, rowOf } = exampleWorkbook();
    const r = await readWorkbook(await bytesOf(wb), 'in.xlsx');
    expect(r.diagnostics).toEqual([]);
    const p = r.publication;
    expect(p.units).toHaveLength(1);
    expect(projects(r)).toHaveLength(23);
    expect(projects(r).reduce((n, x) => n + x.indicators.length, 0)).toBe(148);
    expect(amountToString(p.total.total)).toBe('3105.64');
    // Title read once (not repeated across the merge); 单位名称 and 单位 split apart.
    expect(stripSources(p)).toEqual(stripSources(fromText().publication));

    // Records point at their cells on the sheet that holds the table.
    const at = (cell: string) => ({ file: 'in.xlsx', sheet: SHEET, cell });
    expect(p.totalSource).toEqual(at(`B${rowOf('合计')}`));
    expect(p.units[0]!.source).toEqual(at(`B${rowOf('广州市番禺区人力资源和社会保障局（本级）')}`));
    const buy = projects(r).find((x) => x.name === '购置经费')!;
    expect(buy.source).toEqual(at(`B${rowOf('购置经费')}`));
    expect(buy.indicators[0]!.source).toEqual(at(`H${rowOf('购置经费')}`));
  });

  it('reads rich text, formulas (cached result, else the formula), hyperlinks and dates as text', async () => {
    const { wb, ws, rowOf } = exampleWorkbook();
    const r0 = rowOf('购置经费');
    ws.getCell(`B${r0}`).value = { richText: [{ text: '购置' }, { text: '经费', font: { bold: true } }] };
    // Spreadsheet arithmetic leaves binary noise; the stored number, not its text, is the amount.
    ws.getCell(`C${r0}`).value = { formula: `D${r0}+E${r0}+F${r0}`, result: 38.440000000000005 };
    ws.getCell(`G${r0}`).value = { text: '提升办公效率', hyperlink: 'https://example.org/' };
    ws.getCell('B4').value = '编制日期：';
    ws.getCell('C4').value = new Date(Date.UTC(2025, 0, 2));
    const r1 = rowOf('工伤认定工作经费');
    ws.getCell(`C${r1}`).value = { formula: `SUM(D${r1}:F${r1})` };
    const r = await readWorkbook(await bytesOf(wb), 'in.xlsx');

    const buy = projects(r).find((x) => x.name === '购置经费')!;
    expect(amountToString(buy.amounts.total)).toBe('38.44');
    expect(buy.goal).toBe('提升办公效率');
    expect(r.publication.notes).toEqual(['编制日期： 2025-01-02']);
    // A formula Excel never calculated has no value: it is shown, not taken as 0.
    expect(r.diagnostics.map((d) => [d.code, d.source.cell])).toEqual([['INVALID_AMOUNT', `C${r1}`]]);
    expect(r.diagnostics[0]!.message).toContain(`=SUM(D${r1}:F${r1})`);
  });

  it('reads back the .xlsx pubtable itself publishes: the same model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-xlsx-'));
    await build({ input: EXAMPLE_PATH, outDir: dir, formats: ['xlsx'], templatesDir: DEFAULT_TEMPLATES });
    const r = await readWorkbook(readFileSync(join(dir, 'panyu-hrss-2025.xlsx')), 'out.xlsx');
    expect(r.diagnostics).toEqual([]);
    expect(stripSources(r.publication)).toEqual(stripSources(fromText().publication));
  });

  it('a non-numeric amount is INVALID_AMOUNT at its sheet and cell', async () => {
    const { wb, ws } = exampleWorkbook();
    ws.getCell('C12').value = '38.44元';
    const r = await readWorkbook(await bytesOf(wb), 'in.xlsx');
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.source])).toEqual([
      ['error', 'INVALID_AMOUNT', { file: 'in.xlsx', sheet: SHEET, cell: 'C12' }],
    ]);
    expect(r.diagnostics[0]!.message).toContain('38.44元');
    // An amount finer than cents is not an amount either, even stored as a number.
    ws.getCell('C12').value = 38.445;
    const r2 = await readWorkbook(await bytesOf(wb), 'in.xlsx');
    expect(r2.diagnostics.map((d) => [d.code, d.source.cell])).toEqual([['INVALID_AMOUNT', 'C12']]);
  });

  it('a numeric cell beyond 15 digits, or beyond any amount (1e307), is INVALID_AMOUNT at its cell', async () => {
    for (const n of [12345678901234.5, 1e307]) {
      const { wb, ws } = exampleWorkbook();
      ws.getCell('C12').value = n;
      const r = await readWorkbook(await bytesOf(wb), 'in.xlsx');
      expect(r.diagnostics.map((d) => [d.code, d.source.cell])).toEqual([['INVALID_AMOUNT', 'C12']]);
      expect(r.diagnostics[0]!.message).toContain('超过15位数字');
    }
  });

  it('a file that is not an .xlsx is an InputError, not a crash', async () => {
    const garbage = new TextEncoder().encode('PK\u0003\u0004 this is not really a zip archive at all');
    const err = await readWorkbook(garbage, 'bad.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: 'NOT_A_WORKBOOK', source: { file: 'bad.xlsx' } });
    expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a workbook without the header row on any sheet is HEADER_NOT_FOUND', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '项目名称';
    const err = await readWorkbook(await bytesOf(wb), 'empty.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: 'HEADER_NOT_FOUND' });
  });
});
