/**
 * The PDF renderer's own ways, checked on the real bytes: text read back with poppler's
 * pdftotext, fonts with pdffonts, pages with pdfinfo. What every writer must do (no text
 * lost, spans, malformed tables, page breaks, fonts, reproducible bytes) is checked for
 * all of them in ../features.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, Cell, Inline, LayoutDocument, Row, Table } from '../../../src/layout/types.js';
import { batchStats, setBatchedWrites } from '../../../src/render/pdf/batched-writes.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { setFastShaping } from '../../../src/render/paged/shaping.js';
import { setSharedTables, tableStats } from '../../../src/render/paged/shared-tables.js';
import { setFastWidths, widthStats } from '../../../src/render/paged/string-widths.js';
import { projectRow, sampleLayout, style } from '../../fixtures/sample-layout.js';
import { pdfFonts } from '../../helpers/read-back.js';
import { canRun, NOTO_CJK_TTC, READERS } from '../../helpers/readers.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function save(bytes: Uint8Array): string {
  const file = join(dir, `out-${++fileCount}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** The PDF's text (optionally of some pages) with all whitespace removed: lines wrap anywhere. */
function pdfText(file: string, pages?: { first: number; last: number }): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  return squash(execFileSync('pdftotext', [...range, file, '-'], { encoding: 'utf8' }));
}

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

/** Every text run of the body's paragraphs and cells. */
function runTexts(blocks: Block[]): string[] {
  const texts = (runs: Inline[]) => runs.flatMap((r) => (r.kind === 'text' ? [r.text] : []));
  return blocks.flatMap((b) => {
    if (b.kind === 'paragraph') return texts(b.runs);
    if (b.kind === 'table') return b.rows.flatMap((row) => row.cells.flatMap((c) => texts(c.runs)));
    return [];
  });
}

function tableOf(doc: LayoutDocument): Table {
  const table = doc.body.find((b): b is Table => b.kind === 'table');
  if (!table) throw new Error('sample has no table');
  return table;
}

interface Word {
  xMin: number;
  yMin: number;
  xMax: number;
  text: string;
}

/** Every word pdftotext finds, with its box (points, from the top left). */
function words(file: string, page = 1): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="[\d.-]+">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: unescape(m[4] as string),
  }));
}

const marker = (i: number) => `指标第${i}条`;
const longIndicators = Array.from(
  { length: 200 },
  (_, i) => `${i + 1}、${marker(i + 1)}；实施周期指标值：${i + 1}人次；年度指标值：100%。`,
);

describe('renderPdf', () => {
  it('numbers the page in the footer and sets the document info, without warnings', async () => {
    const { bytes, warnings } = await renderPdf(sampleLayout());
    const file = save(bytes);
    expect(pdfText(file)).toContain('第1页共1页');
    expect(warnings).toEqual([]);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+示例局2025年项目支出绩效目标表$/m);
    expect(info).toMatch(/^Producer:\s+pubtable$/m);
    expect(info).toMatch(/^Page size:\s+841.89 x 595.28 pts \(A4\)$/m);
  });

  it('writes XMP that is well-formed whatever the title, author and subject hold, and matches the info', async () => {
    const doc = sampleLayout();
    doc.meta = { ...doc.meta, title: '甲&乙<丙>"丁"', author: 'A & B', subject: '控制\u0001字符' };
    const file = save((await renderPdf(doc)).bytes);
    const root = /\/Root (\d+) 0 R/.exec(execFileSync('qpdf', ['--show-object=trailer', file], { encoding: 'utf8' }))![1]!;
    const metadata = /\/Metadata (\d+) 0 R/.exec(execFileSync('qpdf', [`--show-object=${root}`, file], { encoding: 'utf8' }))![1]!;
    const xmp = execFileSync('qpdf', [`--show-object=${metadata}`, '--raw-stream-data', file], { encoding: 'utf8' });
    const texts: string[] = [];
    const parser = new SaxesParser();
    parser.on('text', (t) => t.trim() !== '' && texts.push(t.trim()));
    parser.write(xmp.replace(/^<\?xpacket[^>]*\?>|<\?xpacket[^>]*\?>$/g, '')).close();
    expect(texts).toEqual(expect.arrayContaining(['甲&乙<丙>"丁"', 'A & B', '控制\ufffd字符', 'zh-CN', 'application/pdf', '3', 'B']));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Title:\s+甲&乙<丙>"丁"$/m);
  });

  it('embeds each face once, as CID TrueType with a Unicode map', async () => {
    const fonts = pdfFonts(save((await renderPdf(sampleLayout())).bytes));
    expect(fonts.length).toBe(2); // regular and bold
    for (const font of fonts) expect(font).toMatchObject({ type: 'CID TrueType', unicode: true });
  });

  it('keeps every line of a cell taller than a page and repeats the header row', async () => {
    const short = save((await renderPdf(sampleLayout())).bytes);
    const doc = sampleLayout([projectRow('超长指标项目', 10, '目标', longIndicators)]);
    const { bytes, warnings } = await renderPdf(doc);
    const file = save(bytes);
    expect(warnings).toEqual([]);
    expect(pageCount(file)).toBeGreaterThan(pageCount(short) + 1);
    const text = pdfText(file);
    for (let i = 1; i <= 200; i++) expect(text).toContain(marker(i));

    const page2 = pdfText(file, { first: 2, last: 2 });
    expect(page2).toContain('项目名称（资金使用单位）');
    expect(page2).toContain('绩效指标');
    expect(page2).toContain(`第2页共${pageCount(file)}页`);
  });

  it('keeps every row of a long table with middle-aligned amounts', async () => {
    // pdfmake's verticalAlignment loses rows that start at the foot of a page; this table
    // (37 pages, amount cells asking for 'middle') caught it.
    const rows = Array.from({ length: 200 }, (_, i) =>
      projectRow(
        `项目${i + 1}号`,
        100 + i,
        '全方位培育、引进、用好海内外高层次人才，推动产业发展。'.repeat(1 + (i % 3)),
        Array.from({ length: 1 + (i % 5) }, (_, j) => `${j + 1}、1-产出指标；11-数量指标；年度指标值：${1000 + j}人次。`),
      ),
    );
    const file = save((await renderPdf(sampleLayout(rows))).bytes);
    expect(pageCount(file)).toBeGreaterThan(20);
    const text = pdfText(file);
    for (let i = 1; i <= 200; i++) expect(text).toContain(`项目${i}号`);
  });

  it('warns once per character and ref for characters the font lacks', async () => {
    // Neither is in Noto Serif SC: an emoji and a CJK Extension B ideograph.
    const row = projectRow('缺字😀项目𠀀', 1, '目标', ['1、含😀与𠀀，再来一次😀。']);
    const other = projectRow('另一项目𠀀', 1, '目标', ['1、正常。']);
    const { warnings } = await renderPdf(sampleLayout([row, other]));
    const missing = warnings.filter((w) => w.code === 'MISSING_GLYPH');
    expect(missing.map((w) => [w.ref, w.message.match(/U\+[0-9A-F]+/)?.[0]])).toEqual([
      ['sample:缺字😀项目𠀀', 'U+1F600'],
      ['sample:缺字😀项目𠀀', 'U+20000'],
      ['sample:另一项目𠀀', 'U+20000'],
    ]);
    expect(missing[0]?.message).toContain('“😀”');
    expect(missing[1]?.message).toContain('“𠀀”');
  });

  it('says in the warning which font lacks the character, bold included, and its code point in upper case', async () => {
    const doc = sampleLayout();
    const bold: Block = { kind: 'paragraph', style: style('strong', { bold: true, border: false }), runs: [{ kind: 'text', text: '粗🀄' }], ref: 'here:1' };
    const { warnings } = await renderPdf({ ...doc, body: [...doc.body, bold] });
    expect(warnings.filter((w) => w.ref === 'here:1')).toEqual([
      { code: 'MISSING_GLYPH', message: '字体“serif（粗体）”中没有字符“🀄”（U+1F004），PDF 中该字符将显示为空框', ref: 'here:1' },
    ]);
  });

  it('leaves a page field out of the body, saying so once, where it was', async () => {
    const doc = sampleLayout();
    const field = (f: 'page' | 'pages', ref: string): Block => ({ kind: 'paragraph', style: style('body', { border: false }), runs: [{ kind: 'text', text: '第' }, { kind: 'field', field: f }, { kind: 'text', text: '页' }], ref });
    const { bytes, warnings } = await renderPdf({ ...doc, body: [...doc.body, field('page', 'p:1'), field('pages', 'p:2')] });
    expect(warnings.filter((w) => w.code === 'UNSUPPORTED_FIELD')).toEqual([
      { code: 'UNSUPPORTED_FIELD', message: '页码域（当前页）只能用于页眉或页脚，正文中已略去', ref: 'p:1' },
      { code: 'UNSUPPORTED_FIELD', message: '页码域（总页数）只能用于页眉或页脚，正文中已略去', ref: 'p:2' },
    ]);
    expect(pdfText(save(bytes)).replace(/\s+/g, '')).toContain('第页');
  });

  it('wraps a long digit run inside a narrow cell instead of overflowing', async () => {
    const doc = sampleLayout();
    const digits = '1234567890'.repeat(6);
    const cells = (projectRow('长数字项目', 1, '目标', ['1、正常。']).cells as Cell[]).map((c, i) =>
      i === 1 ? { ...c, runs: [{ kind: 'text', text: digits } as Inline] } : c,
    );
    tableOf(doc).rows.push({ cells });
    const file = save((await renderPdf(doc)).bytes);
    expect(pdfText(file)).toContain(digits);

    // The 总计 column is the second of [14, 7, …] (of 100) between 15 mm margins.
    const mm = 72 / 25.4;
    const textWidth = 841.89 - 30 * mm;
    const [left, right] = [15 * mm + (14 / 100) * textWidth, 15 * mm + (21 / 100) * textWidth];
    const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>(\d+)</g)];
    const inColumn = words.filter((m) => Number(m[1]) > left && Number(m[1]) < right);
    expect(inColumn.length).toBeGreaterThan(1); // wrapped onto several lines
    expect(inColumn.map((m) => m[3]).join('')).toBe(digits);
    for (const m of inColumn) expect(Number(m[2])).toBeLessThanOrEqual(right);
  });

  it('keeps every line of mixed Chinese, Latin and digits inside narrow cells', async () => {
    // Ideographs, closing punctuation, kerning ASCII punctuation, a Latin word and a digit
    // run wider than the column, Ext-B ideographs (surrogate pairs) that must not be split.
    const mixed =
      '指标ABC-123，实施周期指标值：>90%；supercalifragilisticexpialidocious ' +
      '12345678901234567890123456789（测试）“引号”PM2.5、T.V.A. 与𠂇𠂉𠃌𠅤𠂇𠂉𠃌𠅤𠂇𠂉𠃌𠅤完。';
    const cell = (align: 'left' | 'center' | 'right', text: string, bold = false): Cell => ({
      style: style(`narrow-${align}`, { align, bold, valign: 'top' }),
      colspan: 1,
      rowspan: 1,
      runs: text ? [{ kind: 'text', text }] : [],
    });
    const doc = sampleLayout();
    doc.footer = [];
    const columns = [3, 1, 1, 1, 3];
    doc.body = [
      {
        kind: 'table',
        columns,
        headerRows: 0,
        rows: [
          { cells: [cell('left', ''), cell('left', mixed), cell('center', mixed), cell('right', mixed), cell('left', '')] },
          { cells: [cell('left', ''), cell('left', mixed, true), cell('center', mixed, true), cell('right', mixed, true), cell('left', '')] },
        ],
      },
    ];
    const { bytes, warnings } = await renderPdf(doc);
    expect(warnings).toEqual([]);
    const file = save(bytes);

    // Column borders: the columns share the text width (15 mm margins) in proportion.
    const mm = 72 / 25.4;
    const textWidth = 841.89 - 30 * mm;
    const total = columns.reduce((a, b) => a + b, 0);
    const border = (i: number) => 15 * mm + (columns.slice(0, i).reduce((a, b) => a + b, 0) / total) * textWidth;
    const all = words(file);
    for (let col = 1; col <= 3; col++) {
      // Inside the 3-point padding, give or take rounding.
      const [left, right] = [border(col) + 3 - 0.6, border(col + 1) - 3 + 0.6];
      const inColumn = all.filter((w) => (w.xMin + w.xMax) / 2 > border(col) && (w.xMin + w.xMax) / 2 < border(col + 1));
      const lines = new Set(inColumn.map((w) => w.yMin));
      expect(lines.size).toBeGreaterThan(12); // both cells wrapped onto many lines
      for (const w of inColumn) {
        expect(w.xMin, w.text).toBeGreaterThanOrEqual(left);
        expect(w.xMax, w.text).toBeLessThanOrEqual(right);
      }
      // Nothing lost or split: reading the column top to bottom gives the text twice.
      const read = [...inColumn].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin).map((w) => w.text).join('');
      expect(read).toBe(squash(mixed).repeat(2));
    }
  });

  it('draws text the same with the fast shaping and width paths as with fontkit and pdfkit themselves', async () => {
    // Kerning pairs, ligatures, Latin digits (proportional under the Latin script), Greek
    // and Cyrillic, a combining accent, a fraction slash, Ext-B ideographs, an emoji.
    const tricky = [
      '1、AVATAR To Wa fi fl office 1-2 T. “引号”（括号）100% >90% <1% ≥5 ≤3 a1b2 3.14 km² ×÷',
      'αβγ Привет é 1⁄2 𠂇𠂉 😀 ——— ―― 〳〴 あいう アイウ ー ・ 中文，标点。！？；：、',
    ];
    const doc = () => {
      const d = sampleLayout([projectRow('形状项目AV', 1, tricky.join(''), tricky)]);
      const title = d.body[0] as Block;
      if (title.kind === 'paragraph') title.runs = [{ kind: 'text', text: `${tricky[0]}${tricky[1]}` }];
      return d;
    };
    const summed = widthStats.summed;
    const fast = await renderPdf(doc());
    expect(widthStats.summed).toBeGreaterThan(summed);
    // Each shortcut alone, then neither: pdfkit measures and fontkit shapes everything.
    for (const [shaping, widths] of [[false, true], [true, false], [false, false]]) {
      setFastShaping(shaping!);
      setFastWidths(widths!);
      try {
        const before = widthStats.summed;
        const slow = await renderPdf(doc());
        expect(Buffer.compare(fast.bytes, slow.bytes), `shaping ${shaping}, widths ${widths}`).toBe(0);
        if (!widths) expect(widthStats.summed, 'no width made by the shortcut while it is off').toBe(before);
      } finally {
        setFastShaping(true);
        setFastWidths(true);
      }
    }
  });

  it('gives the same bytes when the documents of a process share the fonts’ decoded tables and glyphs as when each decodes its own', async () => {
    const doc = () => sampleLayout([projectRow('共享字表项目', 1, '目标：Ω 𠂇 αβγ 1⁄2 AV', ['1、数量指标；实施周期指标值：>90%。'])]);
    setSharedTables(false);
    const own = [];
    try {
      for (let i = 0; i < 2; i++) own.push((await renderPdf(doc())).bytes);
    } finally {
      setSharedTables(true);
    }
    const before = { ...tableStats };
    const shared = [(await renderPdf(doc())).bytes, (await renderPdf(doc())).bytes];
    for (const [i, bytes] of shared.entries()) expect(Buffer.compare(bytes, own[i]!)).toBe(0);
    // The second document decoded nothing anew.
    expect(tableStats.reused).toBeGreaterThan(before.reused);
    expect(tableStats.boxesReused).toBeGreaterThan(before.boxesReused);
    expect(tableStats.outlinesReused).toBeGreaterThan(before.outlinesReused);
    const decodedByFirst = { tables: tableStats.decoded, boxes: tableStats.boxesDecoded, outlines: tableStats.outlinesDecoded };
    await renderPdf(doc());
    expect({ tables: tableStats.decoded, boxes: tableStats.boxesDecoded, outlines: tableStats.outlinesDecoded }).toEqual(decodedByFirst);
  });

  it('writes the same bytes when pdfkit’s lines are gathered into large pieces as when it writes a Buffer per line', async () => {
    // Many pages (a file of several 64 KB pieces), Latin-1 and CJK text, an attachment and
    // font files (bytes between the lines), in each PDF standard.
    const goal = '全方位培育、引进、用好海内外高层次人才。é±×÷ “AV”'.repeat(3);
    const rows = Array.from({ length: 240 }, (_, i) => projectRow(`项目${i}`, 1000 + i, goal, ['1、数量指标：>90%。']));
    for (const pdfStandard of ['a-3b', 'a-2b', 'none'] as const) {
      const doc = () => ({
        ...sampleLayout(rows),
        pdfStandard,
        attachments: [{ name: '表.pubtable.json', mime: 'application/json', description: '记录', text: '{"项目":"é"}' }],
      });
      const before = batchStats.pieces;
      const gathered = await renderPdf(doc());
      // Content streams and 64 KB pieces of the file: more than one of each.
      expect(batchStats.pieces - before, pdfStandard).toBeGreaterThan(10);
      setBatchedWrites(false);
      try {
        const piecesBefore = batchStats.pieces;
        const perLine = await renderPdf(doc());
        expect(batchStats.pieces, pdfStandard).toBe(piecesBefore);
        expect(gathered.bytes.length, pdfStandard).toBeGreaterThan(3 * 64 * 1024);
        expect(Buffer.compare(gathered.bytes, perLine.bytes), pdfStandard).toBe(0);
      } finally {
        setBatchedWrites(true);
      }
    }
  });

  it('leaves justified text to pdfmake, which spreads it over the line', async () => {
    const text = '全方位培育、引进、用好海内外高层次人才，推动产业发展。'.repeat(4);
    const doc = sampleLayout();
    const goal = ((tableOf(doc).rows[3] as Row).cells[5] as Cell);
    goal.style = { ...goal.style, align: 'justify' };
    goal.runs = [{ kind: 'text', text }];
    const { bytes, warnings } = await renderPdf(doc);
    expect(warnings).toEqual([]);
    // The 绩效目标 column is the sixth of [14, 7, 7, 7, 7, 24, 34] (of 100).
    const mm = 72 / 25.4;
    const textWidth = 841.89 - 30 * mm;
    const [left, right] = [15 * mm + (42 / 100) * textWidth, 15 * mm + (66 / 100) * textWidth];
    const inColumn = words(save(bytes)).filter((w) => (w.xMin + w.xMax) / 2 > left && (w.xMin + w.xMax) / 2 < right);
    const lines = [...new Set(inColumn.map((w) => w.yMin))]
      .sort((a, b) => a - b)
      .map((y) => inColumn.filter((w) => w.yMin === y));
    const ours = lines.filter((l) => text.includes(l.map((w) => w.text).join('')));
    expect(ours.map((l) => l.map((w) => w.text).join('')).join('')).toBe(text);
    // Every line but the last reaches the right padding (3 points), as pdfmake justifies.
    expect(ours.length).toBeGreaterThan(2);
    for (const l of ours.slice(0, -1)) expect(Math.max(...l.map((w) => w.xMax))).toBeGreaterThan(right - 3 - 1);
    expect(Math.max(...(ours.at(-1) as Word[]).map((w) => w.xMax))).toBeLessThan(right - 3 - 20);
  });

  it('lays out rowspan and colspan, also across a page break', async () => {
    const s = style('cell', { valign: 'middle' });
    const cell = (text: string, extra: Partial<Cell> = {}): Cell => ({
      style: s,
      colspan: 1,
      rowspan: 1,
      runs: [{ kind: 'text', text }],
      ...extra,
    });
    const rows: Row[] = [
      { cells: ['一级指标', '二级指标', '三级指标', '指标值'].map((t) => cell(t)) },
      { cells: [cell('合并两列的说明', { colspan: 2 }), cell('三级甲'), cell('值甲')] },
    ];
    // Level 1 spans 40 rows (more than a page), level 2 spans 20 rows each.
    for (let i = 0; i < 40; i++) {
      const row: Cell[] = [];
      if (i === 0) row.push(cell('产出指标', { rowspan: 40 }));
      if (i % 20 === 0) row.push(cell(`数量指标${i / 20 + 1}`, { rowspan: 20 }));
      row.push(cell(`三级指标第${i + 1}项`), cell(`${i + 1}人次`));
      rows.push({ cells: row });
    }
    const doc = sampleLayout();
    doc.body = [{ kind: 'table', columns: [2, 2, 4, 2], headerRows: 1, rows }];
    const { bytes, warnings } = await renderPdf(doc);
    const file = save(bytes);
    expect(warnings).toEqual([]);
    expect(pageCount(file)).toBeGreaterThan(1);
    const text = pdfText(file);
    for (const t of runTexts(doc.body)) expect(text).toContain(squash(t));
    expect(pdfText(file, { first: 2, last: 2 })).toContain('一级指标二级指标三级指标指标值');
  });

  it('numbers every page in the footer, also the empty one two page breaks leave', async () => {
    const doc = sampleLayout();
    const title = doc.body[0] as Block;
    doc.body = [...doc.body, { kind: 'pagebreak' }, title, { kind: 'pagebreak' }, { kind: 'pagebreak' }, title];
    const file = save((await renderPdf(doc)).bytes);
    expect(pdfText(file, { first: 2, last: 2 })).toBe('示例局2025年项目支出绩效目标表（含转移支付项目）第2页共4页');
    expect(pdfText(file, { first: 3, last: 3 })).toBe('第3页共4页');
  });

  const ttc = NOTO_CJK_TTC;
  it.skipIf(!canRun(READERS.notoCjk))('uses a named face of a font collection (.ttc)', async () => {
    const doc = sampleLayout();
    const face = { path: ttc, face: 'NotoSansCJKsc-Regular' };
    doc.fonts['sans'] = { office: { eastAsia: '黑体', ascii: 'Arial' }, pdf: { normal: face, bold: face } };
    const title = doc.body[0] as Block;
    if (title.kind === 'paragraph') title.style = { ...title.style, font: 'sans' };
    // Twice: pdfmake rewrites .ttc font entries in place, which must not break a second render.
    await renderPdf(doc);
    const file = save((await renderPdf(doc)).bytes);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/\+NotoSansCJKsc-Regular/);
    expect(pdfText(file)).toContain('示例局2025年项目支出绩效目标表');
  });
});
