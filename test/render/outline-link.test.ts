/**
 * Links and outline entries in the writers that are not the PDF's outline (./pdf/outline.test.ts):
 * a cell's link as HTML's `<a href>` (percent-encoded, resolving to the file beside the page)
 * and as an Excel hyperlink (read back with exceljs, the cell's number, text and style kept);
 * and what each writer leaves out, byte for byte: outline entries in Word, Excel and HTML,
 * links in PDF and Word.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import type { Cell, LayoutDocument, Table } from '../../src/layout/types.js';
import { rendererFor, type Format } from '../../src/render/index.js';
import { renderHtml } from '../../src/render/html/index.js';
import { renderXlsx } from '../../src/render/xlsx/index.js';
import { sampleLayout } from '../fixtures/sample-layout.js';
import { htmlDocument, textOf } from '../helpers/html-read-back.js';
import { loadWorkbook } from '../helpers/read-back.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const tableOf = (doc: LayoutDocument) => doc.body.find((b): b is Table => b.kind === 'table')!;

/** The sample with `edit` applied to the cells at [row, column] of its table. */
function sampleWith(edits: [row: number, col: number, edit: Partial<Cell>][]): LayoutDocument {
  const doc = sampleLayout();
  const table = tableOf(doc);
  for (const [r, c, edit] of edits) {
    const row = table.rows[r]!;
    row.cells = row.cells.map((cell, i) => (i === c ? { ...cell, ...edit } : cell));
  }
  return doc;
}

// The sample's table: header (row 0), 合计, the unit, then two projects; column 0 the
// name, column 1 the 总计 amount, column 5 the goal.
const UNIT = 2;
const PROJECT = 3;
const LINKS = ['某单位/产业人才 发展#1?.pdf', '100%/a&b.pdf', '示例局（本级）.html'] as const;

function descendants(n: Node): Element[] {
  const kids = 'childNodes' in n ? n.childNodes : [];
  return kids.flatMap((c) => ('tagName' in c ? [c, ...descendants(c)] : []));
}
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

describe('links in HTML', () => {
  const doc = sampleWith([
    [0, 0, { link: LINKS[2] }],
    [UNIT, 0, { link: LINKS[0] }],
    [PROJECT, 1, { link: LINKS[1] }],
  ]);

  it("wraps the cell's content in <a href>, each segment percent-encoded as UTF-8", async () => {
    const page = new TextDecoder().decode((await renderHtml(doc)).bytes);
    expect(page).toContain(
      '<a href="%E6%9F%90%E5%8D%95%E4%BD%8D/%E4%BA%A7%E4%B8%9A%E4%BA%BA%E6%89%8D%20%E5%8F%91%E5%B1%95%231%3F.pdf">示例局（本级）</a>',
    );
    expect(page).toContain('<a href="100%25/a%26b.pdf">1,230.74</a>');
    expect(page.match(/<a /g)).toHaveLength(3);
  });

  it('links, as a browser parses the page, to the very file beside it, from disk', async () => {
    const { body } = htmlDocument((await renderHtml(doc)).bytes);
    const anchors = descendants(body).filter((e) => e.tagName === 'a');
    const folder = '/srv/公开/2025';
    const page = pathToFileURL(join(folder, '表.html'));
    const targets = anchors.map((a) => fileURLToPath(new URL(attr(a, 'href')!, page)));
    expect(targets).toEqual([LINKS[2], LINKS[0], LINKS[1]].map((l) => join(folder, l)));
    // Inside the cell it belongs to (the header's in a <th>), showing the cell's text.
    expect(anchors.map((a) => [a.parentNode!.nodeName, textOf(a)])).toEqual([
      ['th', '项目名称（资金使用单位）'],
      ['td', '示例局（本级）'],
      ['td', '1,230.74'],
    ]);
    for (const a of anchors) expect(dirname(fileURLToPath(new URL(attr(a, 'href')!, page))).startsWith(folder)).toBe(true);
  });
});

describe('links in Excel', async () => {
  const doc = sampleWith([
    [UNIT, 0, { link: LINKS[0] }],
    [PROJECT, 1, { link: LINKS[1] }],
    [PROJECT, 3, { link: 'empty.pdf' }], // an empty amount cell: nothing to click
  ]);
  const { bytes, warnings } = await renderXlsx(doc);
  const sheet = (await loadWorkbook(bytes)).worksheets[0]!;
  const plainSheet = (await loadWorkbook((await renderXlsx(sampleLayout())).bytes)).worksheets[0]!;
  // Title, two header lines, then the table: its row r is sheet row 4 + r.
  const unitName = 'A6';
  const amount = 'B7';

  it('puts a hyperlink on a text cell, keeping its text and style', () => {
    expect(warnings).toEqual([]);
    const cell = sheet.getCell(unitName);
    expect(cell.type).toBe(ExcelJS.ValueType.Hyperlink);
    expect(cell.value).toEqual({ text: '示例局（本级）', hyperlink: '某单位/产业人才%20发展%231%3F.pdf' });
    expect(cell.style).toEqual(plainSheet.getCell(unitName).style);
  });

  it('puts a hyperlink on a number cell, keeping the number and its format', async () => {
    const cell = sheet.getCell(amount);
    expect(cell.value).toEqual({ text: 1230.74, hyperlink: '100%25/a&b.pdf' });
    expect(cell.style).toEqual(plainSheet.getCell(amount).style);
    expect(cell.numFmt).toBe('#,##0.00');
    // As stored: a number, not the shared string exceljs wrote.
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toMatch(/<c r="B7" s="\d+"><v>1230.74<\/v><\/c>/);
    expect(xml).toMatch(/<hyperlinks><hyperlink ref="A6" r:id="rId\d+"\/><hyperlink ref="B7" r:id="rId\d+"\/><\/hyperlinks>/);
  });

  it('targets the file beside the workbook: the target decodes to the link; nothing on an empty cell', () => {
    const targets = [unitName, amount].map((a) => (sheet.getCell(a).value as ExcelJS.CellHyperlinkValue).hyperlink);
    expect(targets.map(decodeURIComponent)).toEqual([LINKS[0], LINKS[1]]);
    expect(sheet.getCell('D7').value).toBeNull();
  });

  it('gives the same bytes every time', async () => {
    expect((await renderXlsx(doc)).bytes).toEqual(bytes);
  });
});

describe('what each writer leaves out, byte for byte', () => {
  const withOutline = () =>
    sampleWith([
      [UNIT, 0, { outline: { level: 1, title: '示例局（本级）' } }],
      [PROJECT, 0, { outline: { level: 2, title: '产业人才发展专项资金' } }],
    ]);
  const withLinks = () =>
    sampleWith([
      [UNIT, 0, { link: LINKS[0] }],
      [PROJECT, 1, { link: LINKS[1] }],
    ]);
  const render = async (format: Format, doc: LayoutDocument) => (await (await rendererFor(format))(doc)).bytes;

  it.each(['docx', 'xlsx', 'html'] as const)('%s: outline entries', async (format) => {
    const doc = withOutline();
    (doc.body[0] as { outline?: unknown }).outline = { level: 1, title: '标题' };
    expect(await render(format, doc)).toEqual(await render(format, sampleLayout()));
  });

  it.each(['pdf', 'docx'] as const)('%s: links', async (format) => {
    expect(await render(format, withLinks())).toEqual(await render(format, sampleLayout()));
  });
});
