/**
 * Issue 3's promises, checked on real bytes: every field of the example in every
 * format, the same cell texts in each, reproducible bytes, long rows kept, user templates.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { documentDate } from '../../src/pipeline/document-date.js';
import { formatIndicator } from '../../src/model/indicator-text.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import type { Table } from '../../src/layout/types.js';
import { formatAmount } from '../../src/model/amount.js';
import type { Project } from '../../src/model/types.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../src/template/report.js';
import { pubtable } from '../helpers/cli.js';
import { EXAMPLE_PATH, exampleText } from '../helpers/example.js';
import { docxRows, officeToPdf, pdfColumns, pdfPageCount, pdfText, xlsxRows } from '../helpers/read-back.js';
import { canRun, READERS } from '../helpers/readers.js';
import { htmlRows } from '../helpers/html-read-back.js';

const squash = (s: string) => s.replace(/\s+/g, '');
const publication = readTextExport(Buffer.from(exampleText()), 'x.txt').publication;
const projects: Project[] = publication.units.flatMap((u) => u.projects);

/** Column x-edges in points, from the layout the template makes (A4 landscape). */
function columnEdges(): { edges: number[]; bottom: number; headers: string[] } {
  const layout = renderLayout(loadReport(DEFAULT_TEMPLATES, 'publication'), { publication }, documentDate(2025));
  const mm = 72 / 25.4;
  const { left, right, bottom } = layout.page.margins;
  const table = layout.body.find((b): b is Table => b.kind === 'table')!;
  const width = 841.89 - (left + right) * mm;
  const sum = table.columns.reduce((a, b) => a + b, 0);
  const edges = [left * mm];
  for (const c of table.columns) edges.push(edges.at(-1)! + (c / sum) * width);
  const headers = table.rows[0]!.cells.map((c) => c.runs.map((r) => (r.kind === 'text' ? r.text : '')).join(''));
  return { edges, bottom: 595.28 - bottom * mm, headers };
}

describe('pubtable build on the example', () => {
  const out = mkdtempSync(join(tmpdir(), 'pubtable-build-'));
  const file = (ext: string) => join(out, `panyu-hrss-2025.${ext}`);

  beforeAll(() => {
    const r = pubtable(['build', 'examples/panyu-hrss-2025.txt', '--out', out, '--formats', 'pdf,docx,xlsx,html']);
    expect(r.stderr).not.toMatch(/: 错误 |INTERNAL/);
    expect(r.status).toBe(0);
  });

  it('PDF: every project name, goal, indicator and amount, in its column', () => {
    const { edges, bottom, headers } = columnEdges();
    const [names, total, fiscal, , , goals, indicators] = pdfColumns(file('pdf'), edges, bottom, headers);
    for (const p of projects) {
      expect(names).toContain(squash(p.name));
      expect(total).toContain(formatAmount(p.amounts.total));
      expect(fiscal).toContain(formatAmount(p.amounts.fiscal));
      expect(goals).toContain(squash(p.goal));
      for (const ind of p.indicators) expect(indicators).toContain(squash(formatIndicator(ind)));
    }
    expect(pdfText(file('pdf'))).toContain(squash(publication.title));
  });

  it('DOCX, XLSX and HTML hold the same cells, and those are the records', async () => {
    const docx = (await docxRows(readFileSync(file('docx')))).filter((r) => r.length === 7);
    const xlsx = (await xlsxRows(readFileSync(file('xlsx')))).filter((r) => r.length === 7);
    const html = htmlRows(readFileSync(file('html'))).filter((r) => r.length === 7);
    expect(docx).toEqual(xlsx);
    expect(html).toEqual(docx);
    expect(docx).toHaveLength(2 + 1 + 23);
    const byName = new Map(docx.map((r) => [r[0], r]));
    for (const p of projects) {
      const row = byName.get(p.name)!;
      const a = (x: bigint) => (x === 0n ? '' : formatAmount(x as never));
      expect(row).toEqual([
        p.name,
        a(p.amounts.total),
        a(p.amounts.fiscal),
        a(p.amounts.special),
        a(p.amounts.other),
        p.goal,
        p.indicators.map(formatIndicator).join('\n'),
      ]);
    }
  });

  it.skipIf(!canRun(READERS.libreoffice))('LibreOffice opens the .docx and the .xlsx, and its PDFs show every project name', () => {
    for (const ext of ['docx', 'xlsx']) {
      const dir = mkdtempSync(join(tmpdir(), `pubtable-lo-${ext}-`));
      const text = pdfText(officeToPdf(file(ext), dir));
      for (const p of projects) expect(text, `${ext}: ${p.name}`).toContain(squash(p.name));
    }
  });

  it('building twice gives identical bytes', () => {
    const again = mkdtempSync(join(tmpdir(), 'pubtable-again-'));
    expect(pubtable(['build', 'examples/panyu-hrss-2025.txt', '--out', again, '--formats', 'pdf,docx,xlsx,html']).status).toBe(0);
    for (const ext of ['pdf', 'docx', 'xlsx', 'html']) {
      expect(readFileSync(join(again, `panyu-hrss-2025.${ext}`)).equals(readFileSync(file(ext))), ext).toBe(true);
    }
  });
});

describe('long rows and user templates', () => {
  it('a 绩效指标 cell taller than a page keeps every indicator line in the PDF', async () => {
    const lines = exampleText().split('\n');
    const at = lines.findIndex((l) => l.startsWith('购置经费\t'));
    const cells = lines[at]!.split('\t');
    cells[6] = Array.from({ length: 90 }, (_, i) => `${i + 1}、1-产出指标；11-数量指标；长指标第${i + 1}条；实施周期指标值：${i}台；年度指标值：${i}台。`).join('');
    lines[at] = cells.join('\t');
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-long-'));
    const input = join(dir, 'long.txt');
    writeFileSync(input, lines.join('\n'));
    const r = await build({ input, outDir: dir, formats: ['pdf'], templatesDir: DEFAULT_TEMPLATES });
    expect(r.written).toEqual(['long.pdf']);
    const pdf = join(dir, 'long.pdf');
    const { edges, bottom, headers } = columnEdges();
    const indicators = pdfColumns(pdf, edges, bottom, headers)[6]!;
    for (let i = 1; i <= 90; i++) expect(indicators).toContain(`长指标第${i}条；实施周期指标值：${i - 1}台；年度指标值：${i - 1}台。`);
    // The long cell runs over several pages: the document grows by more than two pages.
    const plain = await build({ input: EXAMPLE_PATH, outDir: join(dir, 'plain'), formats: ['pdf'], templatesDir: DEFAULT_TEMPLATES });
    expect(plain.written).toHaveLength(1);
    expect(pdfPageCount(pdf)).toBeGreaterThan(pdfPageCount(join(dir, 'plain', 'panyu-hrss-2025.pdf')) + 2);
  });

  it('a column label changed in a copied template changes all three formats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-tpl-'));
    const tpl = join(dir, 'templates');
    expect(pubtable(['templates', tpl]).status).toBe(0);
    const file = join(tpl, 'publication.hbs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<cell style="head">绩效目标</cell>', '<cell style="head">年度绩效目标</cell>'));
    const r = await build({ input: EXAMPLE_PATH, outDir: dir, formats: ['pdf', 'docx', 'xlsx'], templatesDir: tpl });
    expect(r.written).toHaveLength(3);
    expect(pdfText(join(dir, 'panyu-hrss-2025.pdf'))).toContain('年度绩效目标');
    expect((await docxRows(readFileSync(join(dir, 'panyu-hrss-2025.docx'))))[0]).toContain('年度绩效目标');
    expect((await xlsxRows(readFileSync(join(dir, 'panyu-hrss-2025.xlsx')))).some((r) => r.includes('年度绩效目标'))).toBe(true);
  });

  it('a character the PDF font cannot draw is a warning naming it and its record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-glyph-'));
    const input = join(dir, 'glyph.txt');
    writeFileSync(input, exampleText().replace('更新购置电脑等设备', '更新购置𠀀电脑等设备'));
    const r = await build({ input, outDir: dir, formats: ['pdf', 'docx'], templatesDir: DEFAULT_TEMPLATES });
    const glyph = r.diagnostics.filter((d) => d.code === 'MISSING_GLYPH');
    expect(glyph).toHaveLength(1);
    expect(glyph[0]).toMatchObject({ severity: 'warning', source: { file: input, line: 22 } });
    expect(glyph[0]!.message).toContain('𠀀');
    expect(glyph[0]!.message).toContain('U+20000');
    // Word and Excel carry the character; the reader's fonts draw it.
    expect((await docxRows(readFileSync(join(dir, 'glyph.docx')))).flat().join()).toContain('更新购置𠀀电脑');
  });

  it('an input with errors writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-err-'));
    const input = join(dir, 'bad.txt');
    writeFileSync(input, exampleText().replace('合计\t3,105.64', '合计\t9.99'));
    const r = pubtable(['build', input, '--out', join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('TOTAL_MISMATCH');
    expect(() => readFileSync(join(dir, 'out', 'bad.pdf'))).toThrow();
  });
});
