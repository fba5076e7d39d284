/**
 * The PDF's outline (bookmarks), read back with qpdf: entries nested by level in document
 * order, each opening the page where pdftotext finds its paragraph's or cell's text, the top
 * level open, the outline panel shown on opening (/PageMode /UseOutlines), and nothing of it
 * in a document without entries. The bundled example's publication is checked unit by
 * project against its pages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextExport } from '../../../src/ingest/text-export/reader.js';
import type { Cell, Inline, LayoutDocument, Outline, Paragraph, Row, Table } from '../../../src/layout/types.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../../src/template/report.js';
import { projectRow, sampleLayout, style } from '../../fixtures/sample-layout.js';
import { exampleText } from '../../helpers/example.js';
import { pdfPages } from '../../helpers/read-back.js';
import { canRun, READERS } from '../../helpers/readers.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-outline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
async function render(doc: LayoutDocument): Promise<{ file: string; bytes: Uint8Array }> {
  const { bytes, warnings } = await renderPdf(doc);
  expect(warnings).toEqual([]);
  const file = join(dir, `out-${++fileCount}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

/** An outline entry as qpdf reads it: its title, the page it opens (1-based), its /Count, its children. */
interface Entry {
  title: string;
  page: number;
  count: number | undefined;
  kids: Entry[];
}

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  object: string;
  kids: QpdfOutline[];
}

function outline(file: string): Entry[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as { outlines: QpdfOutline[] };
  const entry = (o: QpdfOutline): Entry => {
    const count = /\/Count (-?\d+)/.exec(pdfObject(file, o.object))?.[1];
    return { title: o.title, page: o.destpageposfrom1, count: count === undefined ? undefined : Number(count), kids: o.kids.map(entry) };
  };
  return json.outlines.map(entry);
}

/** One object of the file as qpdf shows it (`7 0 R` or `trailer`). */
function pdfObject(file: string, ref: string): string {
  return execFileSync('qpdf', [`--show-object=${ref.replace(/ 0 R$/, '')}`, file], { encoding: 'utf8' });
}

function catalog(file: string): string {
  return pdfObject(file, /\/Root (\d+) 0 R/.exec(pdfObject(file, 'trailer'))![1]!);
}

/** Titles and pages only, nested: what a reader sees in the outline panel. */
type Shape = [title: string, page: number, kids?: Shape[]];
const shape = (entries: Entry[]): Shape[] => entries.map((e) => (e.kids.length > 0 ? [e.title, e.page, shape(e.kids)] : [e.title, e.page]));

const flatten = (entries: Entry[]): Entry[] => entries.flatMap((e) => [e, ...flatten(e.kids)]);

/**
 * The page (1-based) where each text is first found, the texts searched in order and each
 * from the page of the one before: pdftotext's own reading of the pages, whitespace removed.
 */
function pagesOf(file: string, texts: string[]): number[] {
  const pages = pdfPages(file);
  let from = 0;
  return texts.map((t) => {
    const at = pages.findIndex((p, i) => i >= from && p.includes(t.replace(/\s+/g, '')));
    if (at < 0) throw new Error(`pdftotext finds no “${t}” from page ${from + 1}`);
    from = at;
    return at + 1;
  });
}

const t = (text: string): Inline[] => [{ kind: 'text', text }];
const heading = (text: string, level: number): Paragraph => ({ kind: 'paragraph', style: style('h', { border: false }), runs: t(text), outline: { level, title: text } });
const withOutline = (row: Row, outline: Outline): Row => ({ cells: [{ ...row.cells[0]!, outline }, ...row.cells.slice(1)] });
const indicators = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}、1-产出指标；11-数量指标；培育扶持产业人才数量；实施周期指标值：${i}人次。`);

/**
 * Chapters of paragraphs and tables: a unit row under 第一章, projects under it (one row
 * taller than a page, so the next project starts pages later), a page break, 第二章 with a
 * section, and a title with characters a PDF string escapes.
 */
function chapters(): LayoutDocument {
  const doc = sampleLayout();
  const table = doc.body.find((b): b is Table => b.kind === 'table')!;
  const [header, total, unit, first, second] = table.rows as [Row, Row, Row, Row, Row];
  table.rows = [
    header,
    total,
    withOutline(unit, { level: 2, title: '示例局（本级）' }),
    withOutline(first, { level: 3, title: '产业人才发展专项资金' }),
    withOutline(projectRow('超长项目', 1, '目标', indicators(60)), { level: 3, title: '超长项目' }),
    withOutline(second, { level: 3, title: '购置经费#穗财社（2024）40号' }),
  ];
  doc.body = [
    heading('第一章', 1),
    ...doc.body,
    { kind: 'pagebreak' },
    heading('第二章 (a)\\b', 1),
    heading('第一节', 2),
    { kind: 'paragraph', style: style('p', { border: false }), runs: t('正文') },
  ];
  return doc;
}

describe.skipIf(!canRun(READERS.qpdf) || !canRun(READERS.poppler))('the PDF outline', () => {
  it('nests the entries by level in document order, each opening the page where its text starts', async () => {
    const { file } = await render(chapters());
    const titles = ['第一章', '示例局（本级）', '产业人才发展专项资金', '超长项目', '购置经费#穗财社（2024）40号', '第二章 (a)\\b', '第一节'];
    const [p1, unit, project1, long, project2, chapter2, section] = pagesOf(file, titles) as number[] & { length: 7 };
    // The long project fills pages: the next one and 第二章 start later.
    expect(project2).toBeGreaterThan(long!);
    expect(chapter2).toBeGreaterThan(project2!);
    expect(shape(outline(file))).toEqual([
      ['第一章', p1, [['示例局（本级）', unit, [['产业人才发展专项资金', project1], ['超长项目', long], ['购置经费#穗财社（2024）40号', project2]]]]],
      ['第二章 (a)\\b', chapter2, [['第一节', section]]],
    ]);
  });

  it('opens the top level only (the next level shows, nothing deeper), and the outline panel with the file', async () => {
    const { file } = await render(chapters());
    const entries = outline(file);
    // An open entry's /Count is how many entries under it show: its children, as they are closed.
    expect(entries.map((e) => e.count)).toEqual([1, 1]);
    expect(entries[0]!.kids.map((e) => e.count)).toEqual([undefined]);
    expect(flatten(entries[0]!.kids[0]!.kids).map((e) => e.count)).toEqual([undefined, undefined, undefined]);
    expect(catalog(file)).toMatch(/\/Outlines \d+ 0 R/);
    expect(catalog(file)).toContain('/PageMode /UseOutlines');
  });

  it('opens the next page for an entry whose first line moves there', async () => {
    // pdfmake makes a line, then finds it does not fit and moves it to the next page: the
    // first heading of each page after the first is such an entry.
    const doc = sampleLayout();
    doc.body = Array.from({ length: 90 }, (_, i) => heading(`标题${i}`, 1));
    const { file } = await render(doc);
    const entries = outline(file);
    const titles = entries.map((e) => e.title);
    expect(titles).toEqual(Array.from({ length: 90 }, (_, i) => `标题${i}`));
    expect(entries.map((e) => e.page)).toEqual(pagesOf(file, titles));
    expect(entries.at(-1)!.page).toBeGreaterThanOrEqual(3);
  });

  it('makes an entry of a cell without text, and of a cell taller than a page once', async () => {
    const doc = sampleLayout();
    const table = doc.body.find((b): b is Table => b.kind === 'table')!;
    const empty: Cell = { ...table.rows[1]!.cells[5]!, outline: { level: 1, title: '空单元格' } };
    table.rows[1] = { cells: [...table.rows[1]!.cells.slice(0, 5), empty, table.rows[1]!.cells[6]!] };
    table.rows.push(withOutline(projectRow('很长的项目', 1, '目标', indicators(80)), { level: 1, title: '很长的项目' }));
    const { file } = await render(doc);
    expect(shape(outline(file))).toEqual([
      ['空单元格', 1],
      ['很长的项目', pagesOf(file, ['很长的项目'])[0]!],
    ]);
  });

  it('leaves the file as it was without entries: no outline, no page mode; entries in header rows are left out', async () => {
    const plain = await render(sampleLayout());
    expect(outline(plain.file)).toEqual([]);
    expect(catalog(plain.file)).not.toMatch(/\/Outlines|\/PageMode/);
    // Header rows repeat on every page: an entry there (the parser refuses one) is left out.
    const doc = sampleLayout();
    const table = doc.body.find((b): b is Table => b.kind === 'table')!;
    table.rows[0] = withOutline(table.rows[0]!, { level: 1, title: '表头' });
    expect((await render(doc)).bytes).toEqual(plain.bytes);
  });

  it('gives the same bytes every time', async () => {
    const a = await render(chapters());
    const b = await render(chapters());
    expect(b.bytes).toEqual(a.bytes);
  });

  it('bookmarks the example publication: every unit, under it every project, in order, each at the page its row starts on', async () => {
    const publication = readTextExport(Buffer.from(exampleText()), 'in.txt').publication;
    const layout = renderLayout(loadReport(DEFAULT_TEMPLATES, 'publication'), { publication }, new Date('2025-01-01T00:00:00Z'));
    const { file } = await render(layout);
    const entries = outline(file);
    expect(entries.map((e) => e.title)).toEqual(publication.units.map((u) => u.name));
    publication.units.forEach((u, i) => {
      expect(entries[i]!.kids.map((e) => e.title)).toEqual(u.projects.map((p) => p.name));
      expect(entries[i]!.count).toBe(u.projects.length);
      for (const project of entries[i]!.kids) expect(project.kids).toEqual([]);
    });
    const all = flatten(entries);
    expect(all).toHaveLength(1 + 23);
    const pages = all.map((e) => e.page);
    expect(pages).toEqual(pagesOf(file, all.map((e) => e.title)));
    // The projects run over the pages, in order.
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    expect(pages.at(-1)).toBeGreaterThan(5);
    expect(catalog(file)).toContain('/PageMode /UseOutlines');
  });
});
