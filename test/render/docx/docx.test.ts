/**
 * The Word writer's own ways, read from the package's XML: styles, run properties, rules,
 * merges in Word's form, fields, the section, the zip. What every writer must do (no text
 * lost, spans, malformed tables, page breaks, fonts, reproducible bytes) is checked for
 * all of them in ../features.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Block, Cell, Inline, LayoutDocument, Row, Table } from '../../../src/layout/types.js';
import { renderDocx } from '../../../src/render/docx/index.js';
import { normalizeZip, zipParts } from '../../../src/render/zip.js';
import { projectRow, sampleLayout, style } from '../../fixtures/sample-layout.js';
import { docxEffectiveRuns, docxRows, docxStyleXml } from '../../helpers/read-back.js';
import { canRun, READERS } from '../../helpers/readers.js';

const FONTCONFIG = fileURLToPath(new URL('../../fixtures/fontconfig/fonts.conf', import.meta.url));

const t = (text: string): Inline => ({ kind: 'text', text });
const textOf = (runs: Inline[]) => runs.map((r) => (r.kind === 'text' ? r.text : r.kind === 'break' ? '\n' : '')).join('');
const cell = (text: string, extra: Partial<Cell> = {}): Cell => ({ style: style('c'), colspan: 1, rowspan: 1, runs: [t(text)], ...extra });
const tableOf = (doc: LayoutDocument) => doc.body.find((b): b is Table => b.kind === 'table')!;
const count = (xml: string, re: RegExp) => (xml.match(re) ?? []).length;

async function parts(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const part = (name: string) => zip.file(name)!.async('string');
  return { zip, document: await part('word/document.xml'), styles: await part('word/styles.xml'), part };
}

/** Every `<w:tr>` of a document, as XML. */
const rowsXml = (xml: string) => [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);

/** A layout with just these body blocks, on the sample's page, fonts and footer. */
function docWith(body: Block[], over: Partial<LayoutDocument> = {}): LayoutDocument {
  return { ...sampleLayout(), body, ...over };
}

/** Ten indicators: a cell far taller than the sample's. */
const longIndicators = Array.from(
  { length: 10 },
  (_, i) => `${i + 1}、2-效益指标；22-社会效益；受益群众覆盖面持续扩大；实施周期指标值：≥95%；年度指标值：≥95%。`,
);

describe('renderDocx: the sample publication', () => {
  /**
   * Rendered in each test, not once for the file: a mutation test then sees the writer run
   * inside the test that checks its output (what runs outside a test is never mutated).
   */
  const sample = async () => {
    const doc = sampleLayout();
    const { bytes } = await renderDocx(doc);
    return { doc, bytes, ...(await parts(bytes)) };
  };

  it('is a real Word table holding every cell, line breaks kept', async () => {
    const { doc, bytes, document } = await sample();
    const expected = tableOf(doc).rows.map((row) => row.cells.map((c) => textOf(c.runs)));
    expect(await docxRows(bytes)).toEqual(expected);
    for (const block of doc.body) if (block.kind === 'paragraph') expect(document).toContain(textOf(block.runs));
    // A literal '<' of the data is escaped, not lost.
    expect(document).toContain('年度指标值：&lt;1%。');
  });

  it('repeats the header row on every page and lets body rows split across pages', async () => {
    const { document } = await sample();
    const [header, ...body] = rowsXml(document);
    expect(header).toContain('<w:tblHeader/>');
    for (const row of body) {
      expect(row).not.toContain('<w:tblHeader/>');
      expect(row).not.toContain('<w:cantSplit/>');
    }
  });

  it('gives the table its alternative text for screen readers: the caption, and its columns', async () => {
    const { doc, document } = await sample();
    expect(document).not.toContain('<w:tblCaption');
    const captioned: LayoutDocument = { ...doc, body: doc.body.map((b) => (b.kind === 'table' ? { ...b, caption: '示例表 <甲&乙>' } : b)) };
    const xml = (await parts((await renderDocx(captioned)).bytes)).document;
    const heads = tableOf(doc).rows[0]!.cells.map((c) => textOf(c.runs)).join('、');
    // In tblPr, after the cell margins, as the schema orders them (Word refuses a file otherwise).
    expect(xml).toContain(`</w:tblCellMar><w:tblCaption w:val="示例表 &lt;甲&amp;乙&gt;"/><w:tblDescription w:val="示例表 &lt;甲&amp;乙&gt;。列：${heads}"/></w:tblPr>`);
    // A table without a caption has no alternative text at all (not an empty one).
    const plain: LayoutDocument = { ...doc, body: doc.body.map((b) => (b.kind === 'table' ? { ...b, caption: undefined } : b)) };
    const bare = (await parts((await renderDocx(plain)).bytes)).document;
    expect(bare).toContain('</w:tblCellMar></w:tblPr>');
    expect(bare).not.toMatch(/tblCaption|tblDescription/);
  });

  it('scales the columns to the text width, fixed layout', async () => {
    const { doc, document } = await sample();
    const grid = [...document.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const textWidth = 16838 - 2 * 850; // A4 landscape less 15 mm each side, in twips
    expect(grid.reduce((a, b) => a + b, 0)).toBe(textWidth);
    const columns = tableOf(doc).columns;
    const total = columns.reduce((a, b) => a + b, 0);
    grid.forEach((w, i) => expect(Math.abs(w - (columns[i]! / total) * textWidth)).toBeLessThanOrEqual(1));
    expect(document).toContain('<w:tblLayout w:type="fixed"/>');
  });

  it('gives every run its Latin and East Asian font, size and weight, through its paragraph style', async () => {
    const { document, styles, part } = await sample();
    const runs = [...docxEffectiveRuns(document, styles), ...docxEffectiveRuns(await part('word/footer1.xml'), styles)];
    expect(runs.length).toBeGreaterThan(20);
    for (const { props } of runs) {
      expect(props.fonts).toMatchObject({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' });
      // 10 pt cells, 10.5 pt header lines, the 18 pt title, the 9 pt footer.
      expect(props.size).toMatch(/^(20|21|36|18)$/);
    }
    const title = runs.find((r) => r.text.includes('含转移支付项目'))!;
    expect(title.props).toMatchObject({ bold: true, size: '36' });
    expect(runs.find((r) => r.text === '产业人才发展专项资金')!.props).toMatchObject({ bold: false, size: '20' });
    expect(runs.find((r) => r.text === '总计')!.props).toMatchObject({ bold: true, size: '20' });
    // The fonts are the styles' (and the document default's): runs state none themselves.
    expect(document).not.toMatch(/<w:rFonts w:ascii/);
    expect(/<w:rPrDefault>[\s\S]*?<\/w:rPrDefault>/.exec(styles)![0]).toContain('w:eastAsia="宋体"');
  });

  it('names a Word paragraph style after each layout style', async () => {
    const { document, styles } = await sample();
    for (const name of ['title', 'headerLine', 'tableHead', 'cellText', 'cellAmount', 'groupRow', 'footer']) {
      expect(styles).toContain(`<w:name w:val="pubtable ${name}"/>`);
    }
    expect(document).toContain('<w:pStyle w:val="pttitle"/>');
  });

  it('keeps paragraph looks in the named styles: alignment, spacing, exact line height', async () => {
    const { document, styles } = await sample();
    // The title: centred, 6 pt after, 18 pt × 1.2 lines.
    expect(docxStyleXml(styles, 'pttitle')).toMatch(/<w:spacing w:after="120" w:before="0" w:line="432" w:lineRule="exact"\/><w:jc w:val="center"\/>/);
    expect(docxStyleXml(styles, 'ptcellAmount')).toContain('<w:jc w:val="right"/>');
    expect(docxStyleXml(styles, 'ptcellAmount')).toContain('<w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="exact"/>');
    // No paragraph departs from its style here, so none carries direct paragraph formatting
    // (the 1 pt spacer after the table has no style).
    const upToTable = document.slice(0, document.lastIndexOf('</w:tbl>'));
    expect(upToTable).not.toMatch(/<w:jc |<w:spacing /);
  });

  it('rules the table once and sets fills and vertical alignment per cell', async () => {
    const { document } = await sample();
    const tblPr = /<w:tblPr>[\s\S]*?<\/w:tblPr>/.exec(document)![0];
    for (const side of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']) {
      expect(tblPr).toContain(`<w:${side} w:val="single" w:color="000000" w:sz="4"/>`);
    }
    expect(document).not.toContain('<w:tcBorders>');
    const [header, , , project] = rowsXml(document);
    expect(count(header!, /<w:shd w:fill="F2F2F2" w:color="auto" w:val="clear"\/>/g)).toBe(7);
    expect(count(header!, /<w:vAlign w:val="center"\/>/g)).toBe(7);
    // Text cells are top-aligned (Word's default: not written), amounts centred.
    expect(count(project!, /<w:vAlign w:val="center"\/>/g)).toBe(4);
    expect(project).not.toContain('<w:shd');
  });

  it('is an A4 landscape section with the layout margins', async () => {
    const { document } = await sample();
    expect(document).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(document).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="850" /);
  });

  it('numbers the pages in the footer with PAGE and NUMPAGES fields', async () => {
    const { document, styles, part } = await sample();
    expect(document).toMatch(/<w:footerReference w:type="default" r:id="rId\d+"\/>/);
    const footer = await part('word/footer1.xml');
    expect(footer).toMatch(/第 <\/w:t>[\s\S]*<w:instrText xml:space="preserve">PAGE<\/w:instrText>[\s\S]* 页 共 <\/w:t>[\s\S]*>NUMPAGES<[\s\S]* 页<\/w:t>/);
    expect(footer).toContain('<w:pStyle w:val="ptfooter"/>');
    expect(docxStyleXml(styles, 'ptfooter')).toContain('<w:jc w:val="center"/>');
  });

  it('dates the document and every zip entry with meta.created', async () => {
    const { doc, zip, part } = await sample();
    const core = await part('docProps/core.xml');
    expect(core).toContain('<dc:title>示例局2025年项目支出绩效目标表</dc:title>');
    expect(core).toContain('<dc:subject>项目支出绩效目标表</dc:subject>');
    expect(core).toContain('<dc:creator>示例局</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>pubtable</cp:lastModifiedBy>');
    const dates = [...core.matchAll(/<dcterms:(?:created|modified) [^>]*>([^<]*)</g)].map((m) => new Date(m[1]!).getTime());
    expect(dates).toEqual([doc.meta.created.getTime(), doc.meta.created.getTime()]);
    for (const file of Object.values(zip.files)) expect(file.date.getTime(), file.name).toBe(doc.meta.created.getTime());
  });
});

describe('renderDocx: tables', () => {
  it('merges HTML rowspans and colspans into vMerge and gridSpan cells', async () => {
    const table: Table = {
      kind: 'table',
      columns: [1, 1, 1, 2],
      headerRows: 1,
      rows: [
        { cells: ['一级', '二级', '三级', '值'].map((s) => cell(s)) },
        { cells: [cell('1-产出指标', { rowspan: 3 }), cell('11-数量指标', { rowspan: 2 }), cell('A'), cell('a')] },
        { cells: [cell('B'), cell('b')] },
        { cells: [cell('12-质量指标'), cell('C'), cell('c')] },
        { cells: [cell('跨两列', { colspan: 2 }), cell('跨两行两列', { colspan: 2, rowspan: 2 })] },
        { cells: [cell('D'), cell('E')] },
      ],
    };
    const { bytes, warnings } = await renderDocx(docWith([table]));
    expect(warnings).toEqual([]);
    const { document } = await parts(bytes);
    expect(count(document, /<w:vMerge w:val="restart"\/>/g)).toBe(3);
    // Word's own form of a continuation cell.
    expect(count(document, /<w:vMerge\/>/g)).toBe(4);
    expect(count(document, /<w:gridSpan w:val="2"\/>/g)).toBe(3);
    // Every row accounts for all four grid columns, in order.
    const rows = rowsXml(document).map((tr) =>
      [...tr.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => {
        const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(m[1]!)?.[1] ?? 1);
        const merge = m[1]!.includes('<w:vMerge/>') ? '^' : '';
        return merge + (/<w:t [^>]*>([^<]*)</.exec(m[1]!)?.[1] ?? '') + (span > 1 ? `*${span}` : '');
      }),
    );
    expect(rows).toEqual([
      ['一级', '二级', '三级', '值'],
      ['1-产出指标', '11-数量指标', 'A', 'a'],
      ['^', '^', 'B', 'b'],
      ['^', '12-质量指标', 'C', 'c'],
      ['跨两列*2', '跨两行两列*2'],
      ['D', 'E', '^*2'],
    ]);
  });

  it('rules cell by cell when not every cell has rules; sets a differing alignment directly', async () => {
    const plain = style('plain', { border: false });
    const table: Table = {
      kind: 'table',
      columns: [1, 1],
      headerRows: 0,
      rows: [{ cells: [cell('有框'), { ...cell('无框'), style: plain }] }, { cells: [cell('居中', { style: { ...style('c'), align: 'center' } }), cell('左')] }],
    };
    const { bytes, warnings } = await renderDocx(docWith([table]));
    expect(warnings).toEqual([]);
    const { document, styles } = await parts(bytes);
    expect(/<w:tblBorders>[\s\S]*?<\/w:tblBorders>/.exec(document)![0]).not.toContain('w:val="single"');
    const [first, second] = rowsXml(document);
    expect(count(first!, /<w:tcBorders>/g)).toBe(1);
    expect(count(second!, /<w:tcBorders>/g)).toBe(2);
    // Both cells keep style `c` (left-aligned); the centred one says so itself.
    expect(docxStyleXml(styles, 'ptc')).toContain('<w:jc w:val="left"/>');
    expect(second).toMatch(/<w:pStyle w:val="ptc"\/><w:jc w:val="center"\/>[\s\S]*居中/);
    expect(count(document, /<w:jc /g)).toBe(1);
  });

  it('keeps two tables apart and ends the document with a paragraph', async () => {
    const one: Table = { kind: 'table', columns: [1], headerRows: 0, rows: [{ cells: [cell('一')] }] };
    const { document } = await parts((await renderDocx(docWith([one, { ...one }]))).bytes);
    const body = document.slice(document.indexOf('<w:body>'));
    // Word would join adjacent tables into one.
    expect(body).toMatch(/<\/w:tbl><w:p>[\s\S]*?<\/w:p><w:tbl>/);
    expect(body).toMatch(/<\/w:tbl><w:p>[\s\S]*?<\/w:p><w:sectPr>/);
  });
});

describe('renderDocx: text and pages', () => {
  it('turns breaks, newlines and tabs into Word line breaks and tabs', async () => {
    const runs: Inline[] = [t('一'), { kind: 'break' }, t('二\n三\tA'), { kind: 'break' }, { kind: 'break' }, t('四')];
    const doc = docWith([{ kind: 'paragraph', style: style('p'), runs }]);
    const { document } = await parts((await renderDocx(doc)).bytes);
    const p = /<w:p>(?:(?!<w:p>)[\s\S])*?一[\s\S]*?<\/w:p>/.exec(document)![0];
    expect(p.replace(/<w:rPr>[\s\S]*?<\/w:rPr>/g, '').replace(/ xml:space="preserve"/g, '').replace(/<w:pPr>[\s\S]*?<\/w:pPr>/, '')).toBe(
      '<w:p><w:r><w:t>一</w:t></w:r><w:r><w:br/><w:t>二</w:t></w:r><w:r><w:br/><w:t>三</w:t><w:tab/><w:t>A</w:t></w:r>' +
        '<w:r><w:br/><w:br/><w:t>四</w:t></w:r></w:p>',
    );
  });

  it('breaks the page before the block after a page break, and on portrait pages too', async () => {
    const p = (s: string) => ({ kind: 'paragraph' as const, style: style('p'), runs: [t(s)] });
    const table: Table = { kind: 'table', columns: [1], headerRows: 0, rows: [{ cells: [cell('表')] }] };
    const doc = docWith([p('前'), { kind: 'pagebreak' }, p('后'), { kind: 'pagebreak' }, table], {
      page: { size: 'A4', orientation: 'portrait', margins: { top: 25, right: 20, bottom: 25, left: 20 } },
    });
    const { document } = await parts((await renderDocx(doc)).bytes);
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(document).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:p>)[\s\S])*后/);
    // Before a table, an (almost) empty paragraph carries the break.
    expect(document).toMatch(/<w:p><w:pPr><w:pageBreakBefore\/>(?:(?!<\/w:p>)[\s\S])*<\/w:p><w:tbl>/);
    expect(count(document, /<w:pageBreakBefore\/>/g)).toBe(2);
    expect(Number(/<w:gridCol w:w="(\d+)"/.exec(document)![1])).toBe(11906 - 2 * 1134);
  });

  it('gives the East Asian font hint to the runs whose characters Word could draw in either font', async () => {
    const quoted = '推行“零到场”——≥95%…';
    const table: Table = { kind: 'table', columns: [1, 1], headerRows: 0, rows: [{ cells: [cell(quoted), cell('纯中文与ASCII 95%（全角）')] }] };
    const doc = docWith([{ kind: 'paragraph', style: style('p'), runs: [t('标题'), { kind: 'break' }, t('‘引’')] }, table]);
    const { document, styles } = await parts((await renderDocx(doc)).bytes);
    const hinted = docxEffectiveRuns(document, styles).map((r) => [r.text, r.props.fonts.hint]);
    expect(hinted).toEqual([
      ['标题', 'eastAsia'],
      ['‘引’', 'eastAsia'],
      [quoted, 'eastAsia'],
      ['纯中文与ASCII 95%（全角）', 'eastAsia'],
    ]);
    // The style has the hint; runs repeat it only where it matters.
    expect(count(document, /<w:rFonts w:hint="eastAsia"\/>/g)).toBe(2);
    expect(document).toMatch(/<w:rFonts w:hint="eastAsia"\/><\/w:rPr><w:br\/><w:t xml:space="preserve">‘引’/);
    expect(document).toMatch(/<w:rFonts w:hint="eastAsia"\/><\/w:rPr><w:t xml:space="preserve">推行/);
  });

  it('writes well-formed XML whatever the text: markup characters escaped, control characters dropped', async () => {
    const nasty = 'a & b < c > d "e" \'f\' \u0001\u000b</w:t></w:r>';
    const table: Table = { kind: 'table', columns: [1], headerRows: 0, rows: [{ cells: [cell(nasty)] }] };
    const { document } = await parts((await renderDocx(docWith([table]))).bytes);
    const texts: string[] = [];
    const parser = new SaxesParser();
    let inText = false;
    parser.on('opentag', (tag) => (inText = tag.name === 'w:t'));
    parser.on('closetag', () => (inText = false));
    parser.on('text', (s) => inText && texts.push(s));
    parser.write(document).close();
    expect(texts).toContain('a & b < c > d "e" \'f\' </w:t></w:r>');
  });
});

describe('renderDocx: reproducible bytes', () => {
  it('zips the parts docx compiles as it would repack the zip docx makes of them', async () => {
    // renderDocx takes the parts from docx's compiler (not public API) and falls back on
    // unzipping Packer's zip: both must give the same archive.
    const document = new Document({ sections: [{ children: [new Paragraph('段落 & “引号”'), new Paragraph('second')] }] });
    const compiler = (Packer as unknown as { compiler: { compile(d: Document): Map<string, string | Uint8Array> } }).compiler;
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-07-15T13:57:31Z') });
    try {
      const date = new Date('2025-01-01T00:00:00Z');
      const direct = await zipParts(compiler.compile(document), date);
      const repacked = await normalizeZip(new Uint8Array(await Packer.toBuffer(document)), date);
      expect(Buffer.compare(Buffer.from(direct), Buffer.from(repacked))).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});


describe.skipIf(!canRun(READERS.libreoffice))('renderDocx through LibreOffice', () => {
  it('prints every project and every line of a cell taller than a page, header on every page', async () => {
    const tall = Array.from({ length: 60 }, (_, i) => `${i + 1}、第${i + 1}条指标；年度指标值：${i + 1}人次。`);
    const extra: Row[] = [
      ...Array.from({ length: 8 }, (_, i) => projectRow(`追加项目${i + 1}号`, 100 + i, '推动产业发展。', longIndicators.slice(0, 4))),
      projectRow('超长指标项目', 1, '目标。', tall),
      projectRow('收尾项目', 2, '目标。', ['1、最后一条。']),
    ];
    const doc = sampleLayout(extra);
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-docx-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'table.docx');
    writeFileSync(file, (await renderDocx(doc)).bytes);
    const converted = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FONTCONFIG_FILE: FONTCONFIG } },
    );
    expect(converted.status, converted.stderr).toBe(0);
    const pdf = join(dir, 'table.pdf');
    const text = (...args: string[]) => spawnSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8' }).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
    expect(pages).toBeGreaterThanOrEqual(3);

    // Wrapped cells come out as lines of one text block: compare without whitespace.
    const all = text().replace(/\s+/g, '');
    for (const row of tableOf(doc).rows.slice(3)) expect(all).toContain(textOf(row.cells[0]!.runs));
    for (const line of tall) expect(all).toContain(line);
    for (let page = 2; page <= pages; page++) {
      const onPage = text('-f', String(page), '-l', String(page)).replace(/\s+/g, '');
      expect(onPage, `page ${page}`).toContain('绩效指标');
      expect(onPage, `page ${page}`).toContain(`第${page}页共${pages}页`);
    }
  });
});
