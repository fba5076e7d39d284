/**
 * Every fault a template's markup can have, in-process: the exact code, the Chinese message
 * a user reads and the line it names. (test/cli/errors.test.ts shows a few of them through
 * the command; these pin each message, where a mutant or a slip would go unseen.)
 */
import { describe, expect, it } from 'vitest';
import { LayoutError } from '../../src/layout/layout-error.js';
import { parseMarkup, parseMarkupSyntax } from '../../src/layout/markup.js';
import type { StyleSheet } from '../../src/layout/stylesheet.js';
import type { Paragraph, Style, Table } from '../../src/layout/types.js';

const style: Style = { name: 's', font: 'f', size: 9, bold: false, align: 'left', valign: 'top', lineHeight: 1.2, spaceBefore: 0, spaceAfter: 0, fill: null, border: true, numberFormat: null };
const sheet: StyleSheet = { fonts: {}, styles: { s: style } };
const created = new Date('2025-01-01T00:00:00Z');

/** A document whose body is `body`, the body starting on line 2. */
const doc = (body: string, attrs = '') => `<document${attrs}>\n${body}\n</document>`;
const parse = (markup: string) => parseMarkup(markup, sheet, created, 'report.hbs');

function fault(markup: string): { code: string; message: string; line: number | undefined; file: string } {
  try {
    parse(markup);
  } catch (e) {
    if (!(e instanceof LayoutError)) throw e;
    return { code: e.code, message: e.message, line: e.line, file: e.file };
  }
  throw new Error('no error');
}

const row = (n: number, attrs = '') => `<row>${Array.from({ length: n }, () => `<cell style="s"${attrs}>x</cell>`).join('')}</row>`;

describe('markup faults: code, message, line', () => {
  it.each([
    ['a root other than <document>', '<p style="s">x</p>', 'LAYOUT_ROOT', '根元素应为 <document>，实为 <p>', 1],
    ['an element without a style', doc('<p>x</p>'), 'LAYOUT_STYLE_MISSING', '<p> 缺少 style 属性', 2],
    ['an unknown style', doc('\n<p style="nope">x</p>'), 'UNKNOWN_STYLE', '样式“nope”未在样式表中定义', 3],
    ['a bad align', doc('<p style="s" align="middle">x</p>'), 'LAYOUT_ATTRIBUTE', 'align="middle" 无效', 2],
    ['a bad valign', doc('<table columns="1">\n<row><cell style="s" valign="centre">x</cell></row></table>'), 'LAYOUT_ATTRIBUTE', 'valign="centre" 无效', 3],
    ['a colspan of 0', doc(`<table columns="1 1">${row(1, ' colspan="0"')}</table>`), 'LAYOUT_ATTRIBUTE', 'colspan="0" 应为正整数', 2],
    ['a colspan that is not a number', doc(`<table columns="1 1">${row(1, ' colspan="2x"')}</table>`), 'LAYOUT_ATTRIBUTE', 'colspan="2x" 应为正整数', 2],
    ['a header-rows past the rows', doc(`<table columns="1" header-rows="2">${row(1)}</table>`), 'LAYOUT_ATTRIBUTE', 'header-rows=2 多于表格行数', 2],
    ['a column width of 0', doc(`<table columns="1 0">${row(2)}</table>`), 'LAYOUT_ATTRIBUTE', 'columns="1 0" 应为一组正数', 2],
    ['no column widths', doc(`<table>${row(1)}</table>`), 'LAYOUT_ATTRIBUTE', 'columns="" 应为一组正数', 2],
    ['a number that is not one', doc(`<table columns="1"><row><cell style="s" number="1,2">x</cell></row></table>`), 'LAYOUT_ATTRIBUTE', 'number="1,2" 不是数字', 2],
    ['text straight in a table', doc('<table columns="1">stray words here\n<row><cell style="s">x</cell></row></table>'), 'LAYOUT_TEXT', '<table> 中不能直接出现文字“stray words here”', 2],
    ['a row in a paragraph', doc('<p style="s"><row/></p>'), 'LAYOUT_NESTING', '<row> 不能出现在 <p> 中', 2],
    ['a table in a cell', doc('<table columns="1"><row><cell style="s">\n<table columns="1"/></cell></row></table>'), 'LAYOUT_NESTING', '<table> 不能出现在 <cell> 中', 3],
    ['a row wider than the table', doc(`<table columns="1 1">\n${row(2)}\n${row(3)}</table>`), 'LAYOUT_TABLE_SHAPE', '第2行的单元格超出了 2 列', 2],
    ['a row narrower than the table', doc(`<table columns="1 1">\n${row(2)}\n${row(1)}</table>`), 'LAYOUT_TABLE_SHAPE', '第2行少于 2 列', 2],
    ['a rowspan past the last row', doc(`<table columns="1">${row(1, ' rowspan="2"')}</table>`), 'LAYOUT_TABLE_SHAPE', '有单元格的 rowspan 超出了表格末行', 2],
    ['three margins', doc('', ' margins="10 10 10"'), 'LAYOUT_ATTRIBUTE', 'margins 应为四个数（上 右 下 左，毫米）', 1],
    ['a negative margin', doc('', ' margins="10 -1 10 10"'), 'LAYOUT_ATTRIBUTE', 'margins="10 -1 10 10" 应为一组正数', 1],
    ['a bad orientation', doc('', ' orientation="wide"'), 'LAYOUT_ATTRIBUTE', 'orientation="wide" 无效', 1],
    ['a paper other than A4', doc('', ' size="A3"'), 'LAYOUT_ATTRIBUTE', '暂只支持 A4 纸张，而非 A3', 1],
    ['an unknown element', doc('\n\n<img/>'), 'LAYOUT_UNKNOWN_ELEMENT', '未知的元素 <img>', 4],
    ['an unknown attribute', doc('\n<p style="s" onclick="x">x</p>'), 'LAYOUT_UNKNOWN_ATTRIBUTE', '<p> 没有属性 onclick', 3],
    ['nothing at all', '', 'LAYOUT_EMPTY', '模板没有输出任何元素', undefined],
    ['only blank lines', ' \n\n ', 'LAYOUT_EMPTY', '模板没有输出任何元素', undefined],
  ])('%s', (_, markup, code, message, line) => {
    expect(fault(markup)).toEqual({ code, message, line, file: 'report.hbs' });
  });

  it('a syntax error names the line, through the syntax check alone too', () => {
    const broken = doc('<p style="s">x</q>');
    expect(fault(broken)).toMatchObject({ code: 'LAYOUT_SYNTAX', line: 2 });
    expect(fault(broken).message).toMatch(/^标记语法错误：/);
    expect(() => parseMarkupSyntax(broken, 'report.hbs')).toThrow(LayoutError);
    expect(() => parseMarkupSyntax(doc('<p style="s">x</p>'), 'report.hbs')).not.toThrow();
  });
});

describe('what the markup gives when it is right', () => {
  it('metadata: title, subject and author as given, empty when not; the sheet name from sheet, else the title, made safe', () => {
    expect(parse(doc('', ' title="表一" subject="主题" author="某局"')).meta).toMatchObject({ title: '表一', subject: '主题', author: '某局', sheetName: '表一' });
    expect(parse(doc('')).meta).toMatchObject({ title: '', subject: '', author: '', sheetName: 'Sheet1' });
    expect(parse(doc('', ' title="a/b:c" sheet="x[1]?"')).meta.sheetName).toBe('x_1__');
    expect(parse(doc('', ` title="${'长'.repeat(40)}"`)).meta.sheetName).toBe('长'.repeat(31));
    expect(parse(doc('', ' title="[]"')).meta.sheetName).toBe('__');
  });

  it('page: A4, portrait and 25/20 mm margins unless told otherwise', () => {
    expect(parse(doc('')).page).toEqual({ size: 'A4', orientation: 'portrait', margins: { top: 25, right: 20, bottom: 25, left: 20 } });
    expect(parse(doc('', ' orientation="landscape" margins="10 11 12 13" size="A4"')).page).toEqual({
      size: 'A4',
      orientation: 'landscape',
      margins: { top: 10, right: 11, bottom: 12, left: 13 },
    });
  });

  it('a cell that heads its row or column', () => {
    const d = parse(doc('<table columns="1 1 1"><row><cell style="s" scope="row">甲</cell><cell style="s" scope="col">乙</cell><cell style="s">丙</cell></row></table>'));
    expect((d.body[0] as Table).rows[0]!.cells.map((c) => c.scope)).toEqual(['row', 'col', undefined]);
  });

  it('a heading level on a body paragraph, none where not given', () => {
    const d = parse(doc('<p style="s" heading="2">章</p><p style="s">正文</p>'));
    expect(d.body.map((b) => (b.kind === 'paragraph' ? b.heading : null))).toEqual([2, undefined]);
  });

  it('header and footer paragraphs, text joined across the parser chunks, a header-rows of 0 allowed', () => {
    const d = parse(doc('<header><p style="s">上</p></header><footer><p style="s">下<br/>行</p></footer><table columns="2" header-rows="0">' + row(1) + '</table>'));
    expect(d.header.map((p) => p.runs)).toEqual([[{ kind: 'text', text: '上' }]]);
    expect(d.footer.map((p) => p.runs)).toEqual([[{ kind: 'text', text: '下' }, { kind: 'break' }, { kind: 'text', text: '行' }]]);
    expect((d.body[0] as Table).headerRows).toBe(0);
    const long = parse(doc(`<p style="s">${'字'.repeat(70000)}&amp;${'文'.repeat(10)}</p>`));
    expect(long.body[0]).toMatchObject({ runs: [{ kind: 'text', text: `${'字'.repeat(70000)}&${'文'.repeat(10)}` }] });
  });
});

describe('outline and link faults: code, message, line', () => {
  const table = (cellAttrs: string, rows = '') => doc(`<table columns="1">\n<row><cell style="s"${cellAttrs}>x</cell></row>${rows}</table>`);
  const link = (value: string) => table(` link="${value}"`);
  it.each([
    ['an outline-level without an outline', doc('<p style="s" outline-level="2">x</p>'), 'LAYOUT_ATTRIBUTE', 'outline-level="2" 须与 outline 同用', 2],
    ['an empty outline', doc('\n<p style="s" outline=" ">x</p>'), 'LAYOUT_ATTRIBUTE', 'outline 不能为空', 3],
    ['an outline-level of 0', doc('<p style="s" outline="甲" outline-level="0">x</p>'), 'LAYOUT_ATTRIBUTE', 'outline-level="0" 应为 1 到 6 的整数', 2],
    ['an outline-level of 7', table(' outline="甲" outline-level="7"'), 'LAYOUT_ATTRIBUTE', 'outline-level="7" 应为 1 到 6 的整数', 3],
    ['an outline-level that is not an integer', doc('<p style="s" outline="甲" outline-level="1.5">x</p>'), 'LAYOUT_ATTRIBUTE', 'outline-level="1.5" 应为 1 到 6 的整数', 2],
    ['an outline-level written 01', doc('<p style="s" outline="甲" outline-level="01">x</p>'), 'LAYOUT_ATTRIBUTE', 'outline-level="01" 应为 1 到 6 的整数', 2],
    ['a first entry below the top', table(' outline="甲" outline-level="2"'), 'LAYOUT_OUTLINE', '第一个书签应为第 1 级，而非第 2 级', 3],
    [
      'a level skipped, from a paragraph to a cell',
      doc('<p style="s" outline="甲">x</p>\n<p style="s" outline="乙" outline-level="2">x</p>\n<table columns="1">\n<row><cell style="s" outline="丙" outline-level="4">x</cell></row></table>'),
      'LAYOUT_OUTLINE',
      '书签“丙”为第 4 级，但上一个书签为第 2 级：每次最多深一级',
      5,
    ],
    ['an outline in the header', doc('<header>\n<p style="s" outline="页眉">x</p></header>'), 'LAYOUT_OUTLINE', '页眉中的 <p> 不能带书签 outline（它在每一页重复）', 3],
    ['an outline in the footer', doc('<footer><p style="s" outline="页脚">x</p></footer>'), 'LAYOUT_OUTLINE', '页脚中的 <p> 不能带书签 outline（它在每一页重复）', 2],
    ['a heading in the header', doc('<header>\n<p style="s" heading="1">x</p></header>'), 'LAYOUT_ATTRIBUTE', '页眉中的 <p> 不能是标题 heading（它在每一页重复）', 3],
    ['a heading of 0', doc('<p style="s" heading="0">x</p>'), 'LAYOUT_ATTRIBUTE', 'heading="0" 应为 1 到 6 的整数', 2],
    ['a heading of 7', doc('\n<p style="s" heading="7">x</p>'), 'LAYOUT_ATTRIBUTE', 'heading="7" 应为 1 到 6 的整数', 3],
    ['a heading written 01', doc('<p style="s" heading="01">x</p>'), 'LAYOUT_ATTRIBUTE', 'heading="01" 应为 1 到 6 的整数', 2],
    ['a scope other than row or col', table(' scope="column"'), 'LAYOUT_ATTRIBUTE', 'scope="column" 应为 row 或 col', 3],
    [
      'an outline in a header row',
      doc('<table columns="1" header-rows="1">\n<row><cell style="s" outline="表头">x</cell></row>\n<row><cell style="s">x</cell></row></table>'),
      'LAYOUT_OUTLINE',
      '表头行（header-rows）的单元格不能带书签 outline（它在每一页重复）',
      3,
    ],
    ['an empty link', link(''), 'LAYOUT_ATTRIBUTE', 'link 不能为空', 3],
    ['a javascript: link', link('javascript:alert(1)'), 'LAYOUT_ATTRIBUTE', 'link="javascript:alert(1)" 应为相对路径，不能带协议或盘符', 3],
    ['a JavaScript: link in capitals', link('JavaScript:alert(1)'), 'LAYOUT_ATTRIBUTE', 'link="JavaScript:alert(1)" 应为相对路径，不能带协议或盘符', 3],
    ['an http: link', link('http://example.com/a.pdf'), 'LAYOUT_ATTRIBUTE', 'link="http://example.com/a.pdf" 应为相对路径，不能带协议或盘符', 3],
    ['a data: link', link('data:text/html,x'), 'LAYOUT_ATTRIBUTE', 'link="data:text/html,x" 应为相对路径，不能带协议或盘符', 3],
    ['a name that reads as a scheme', link('report.v2:1.pdf'), 'LAYOUT_ATTRIBUTE', 'link="report.v2:1.pdf" 应为相对路径，不能带协议或盘符', 3],
    ['a drive', link('C:/表.pdf'), 'LAYOUT_ATTRIBUTE', 'link="C:/表.pdf" 应为相对路径，不能带协议或盘符', 3],
    ['a leading slash', link('/etc/passwd'), 'LAYOUT_ATTRIBUTE', 'link="/etc/passwd" 应为相对路径，不能以 / 或 \\ 开头', 3],
    ['a network path', link('//host/表.pdf'), 'LAYOUT_ATTRIBUTE', 'link="//host/表.pdf" 应为相对路径，不能以 / 或 \\ 开头', 3],
    ['a leading backslash', link('\\\\host\\表.pdf'), 'LAYOUT_ATTRIBUTE', 'link="\\\\host\\表.pdf" 应为相对路径，不能以 / 或 \\ 开头', 3],
    ['a backslash inside', link('某单位\\表.pdf'), 'LAYOUT_ATTRIBUTE', 'link="某单位\\表.pdf" 不能含反斜杠 \\（文件夹之间请用 /）', 3],
    ['a leading ..', link('../表.pdf'), 'LAYOUT_ATTRIBUTE', 'link="../表.pdf" 不能含 ..（只能链接到输出旁边的文件）', 3],
    ['a .. inside', link('某单位/../../表.pdf'), 'LAYOUT_ATTRIBUTE', 'link="某单位/../../表.pdf" 不能含 ..（只能链接到输出旁边的文件）', 3],
    ['a trailing ..', link('某单位/..'), 'LAYOUT_ATTRIBUTE', 'link="某单位/.." 不能含 ..（只能链接到输出旁边的文件）', 3],
    ['a tab', link('表&#9;一.pdf'), 'LAYOUT_ATTRIBUTE', 'link 含控制字符或无效字符 U+0009', 3],
    ['a line feed', link('表&#10;一.pdf'), 'LAYOUT_ATTRIBUTE', 'link 含控制字符或无效字符 U+000A', 3],
    ['a DEL', link('表&#x7F;.pdf'), 'LAYOUT_ATTRIBUTE', 'link 含控制字符或无效字符 U+007F', 3],
    ['a C1 control', link('表&#x85;.pdf'), 'LAYOUT_ATTRIBUTE', 'link 含控制字符或无效字符 U+0085', 3],
    ['a link of 1001 characters', link(`${'表'.repeat(997)}.pdf`), 'LAYOUT_ATTRIBUTE', 'link 有 1001 个字符，超过 1000 个', 3],
  ])('%s', (_, markup, code, message, line) => {
    expect(fault(markup)).toEqual({ code, message, line, file: 'report.hbs' });
  });

  it('shows a long refused link by its first 40 characters', () => {
    expect(fault(link(`http://${'长'.repeat(50)}`)).message).toBe(`link="http://${'长'.repeat(33)}…" 应为相对路径，不能带协议或盘符`);
  });
});

describe('outline and link markup', () => {
  const table = (rows: string, attrs = '') => `<table columns="1"${attrs}>${rows}</table>`;
  const cellRow = (attrs: string) => `<row><cell style="s"${attrs}>x</cell></row>`;

  it('gives each entry its level (1 unless told) and title, as written; elements without them get none', () => {
    const d = parse(
      doc(
        '<p style="s" outline=" 第一章 ">x</p><p style="s">y</p>' +
          table(cellRow(' outline="单位 &amp; 部门" outline-level="2"') + cellRow('') + cellRow(' outline="项目" outline-level="3"')) +
          '<p style="s" outline="第二章" outline-level="1">z</p>',
      ),
    );
    const [p1, p2, t, p3] = d.body as [Paragraph, Paragraph, Table, Paragraph];
    expect(p1.outline).toEqual({ level: 1, title: ' 第一章 ' });
    expect('outline' in p2).toBe(false);
    expect(t.rows.map((r) => r.cells[0]!.outline)).toEqual([{ level: 2, title: '单位 & 部门' }, undefined, { level: 3, title: '项目' }]);
    expect('outline' in t.rows[1]!.cells[0]!).toBe(false);
    expect(p3.outline).toEqual({ level: 1, title: '第二章' });
  });

  it('lets levels go up any number at once, stay, and go down one at a time to 6', () => {
    const levels = [1, 2, 3, 4, 5, 6, 6, 2, 3, 1, 1, 2];
    const d = parse(doc(levels.map((l, i) => `<p style="s" outline="e${i}" outline-level="${l}">x</p>`).join('\n')));
    expect(d.body.map((b) => (b as Paragraph).outline?.level)).toEqual(levels);
  });

  it('allows entries in the body rows of a table with header rows, and in a table without them', () => {
    const d = parse(doc(table(cellRow('') + cellRow(' outline="甲"'), ' header-rows="1"') + table(cellRow(' outline="乙"'), ' header-rows="0"')));
    expect(d.body.map((b) => (b as Table).rows.at(-1)!.cells[0]!.outline?.title)).toEqual(['甲', '乙']);
  });

  it('keeps a relative link as written: Chinese, spaces, dots, %, # and ? are names, not syntax', () => {
    const links = ['某单位/表.pdf', '表 1.pdf', './a..b/.x', '100%#1?.pdf', 'a//b/', `${'表'.repeat(996)}.pdf`, '某单位/表:1.pdf', '表:1.pdf'];
    for (const l of links) expect(parse(doc(table(cellRow(` link="${l}"`)))).body[0]).toMatchObject({ rows: [{ cells: [{ link: l }] }] });
    expect('link' in (parse(doc(table(cellRow('')))).body[0] as Table).rows[0]!.cells[0]!).toBe(false);
  });
});
