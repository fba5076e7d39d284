/**
 * The workbook's parts are taken from exceljs's zip writer as it is given them
 * (src/render/xlsx/package-parts.ts), not read back from the zip it makes: the same
 * archive either way.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import type { LayoutDocument, Table } from '../../../src/layout/types.js';
import { renderXlsx } from '../../../src/render/xlsx/index.js';
import { partsStats, setCollectedParts, workbookParts } from '../../../src/render/xlsx/package-parts.js';
import { unzipParts } from '../../../src/render/zip.js';
import { sampleLayout } from '../../fixtures/sample-layout.js';

/** The sample; the sample with a linked amount and a page break (the sheet rewritten after exceljs); another title. */
function documents(): LayoutDocument[] {
  const a = sampleLayout();
  const table = a.body.find((b): b is Table => b.kind === 'table')!;
  const [head, first, ...rest] = table.rows;
  const linked: Table = { ...table, rows: [head!, { ...first!, cells: first!.cells.map((c, i) => (i === 1 ? { ...c, link: 'projects/0001 甲.pdf' } : c)) }, ...rest] };
  const b: LayoutDocument = { ...a, body: a.body.flatMap((x) => (x === table ? [linked, { kind: 'pagebreak' as const }, table] : [x])) };
  const c: LayoutDocument = { ...a, meta: { ...a.meta, title: '另一张表', sheetName: '另一表', created: new Date('2026-03-04T05:06:07Z') } };
  return [a, b, c];
}

describe('renderXlsx: the parts as exceljs writes them', () => {
  afterEach(() => setCollectedParts(true));

  it('gives the archive it gave by reading back exceljs\'s zip', async () => {
    setCollectedParts(false);
    const before = partsStats.collected;
    const zipped = await Promise.all(documents().map(async (d) => Buffer.from((await renderXlsx(d)).bytes)));
    expect(partsStats.collected).toBe(before);
    setCollectedParts(true);
    const collected = await Promise.all(documents().map(async (d) => Buffer.from((await renderXlsx(d)).bytes)));
    expect(partsStats.collected).toBe(before + 3);
    collected.forEach((bytes, i) => expect(bytes.equals(zipped[i]!), `document ${i + 1}`).toBe(true));
    // The linked amount is a number again (the sheet rewritten after exceljs), in the collected sheet too.
    const sheet = await (await JSZip.loadAsync(collected[1]!)).file('xl/worksheets/sheet1.xml')!.async('string');
    const ref = /<hyperlink ref="([A-Z]+\d+)"/.exec(sheet)![1]!;
    expect(new RegExp(`<c r="${ref}"[^>]*>([^<]|<(?!/c>))*</c>`).exec(sheet)![0]).toMatch(/^<c r="\w+"( s="\d+")?><v>\d/);
  });

  it('keeps every part exceljs writes, media given as base64 as its bytes', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('表');
    sheet.getCell('A1').value = '图';
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    sheet.addImage(book.addImage({ base64: png.toString('base64'), extension: 'png' }), 'B2:C3');
    const fromZip = await unzipParts(new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer));
    const kept = (await workbookParts(book))!;
    expect([...kept.keys()].sort()).toEqual([...fromZip.keys()].sort());
    for (const [name, bytes] of fromZip) {
      const part = kept.get(name)!;
      expect(Buffer.from(typeof part === 'string' ? Buffer.from(part, 'utf8') : part).equals(Buffer.from(bytes)), name).toBe(true);
    }
    expect(Buffer.from(kept.get('xl/media/image1.png') as Uint8Array).equals(png)).toBe(true);
  });
});
