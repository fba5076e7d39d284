/**
 * Every fault a style sheet (styles.json) can have, in-process: the code, the exact Chinese
 * message naming the key, and the line of that key (or of its nearest parent that exists).
 * Each case is the default style sheet with one edit, as a user would make it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LayoutError } from '../../src/layout/layout-error.js';
import { loadStyleSheet } from '../../src/layout/stylesheet.js';
import { lineOf, parseStyleSheetFile } from '../../src/layout/stylesheet-file.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';

const original = readFileSync(join(DEFAULT_TEMPLATES, 'styles.json'), 'utf8');
const lineWith = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function fault(run: () => unknown): { code: string; message: string; line: number | undefined } {
  try {
    run();
  } catch (e) {
    if (!(e instanceof LayoutError)) throw e;
    return { code: e.code, message: e.message, line: e.line };
  }
  throw new Error('no error');
}

const parsed = (text: string) => fault(() => parseStyleSheetFile(text, 'styles.json'));
const edited = (from: string, to: string) => {
  expect(original).toContain(from);
  return original.replace(from, to);
};

describe('style sheet faults: the key, the message, the line', () => {
  it.each([
    ['size 0', '"size": 9,', '"size": 0,', 'defaults.size', '的值 0 无效：应为大于 0、不大于 500 的数', '"size": 0'],
    ['spaceBefore below 0', '"spaceBefore": 0,', '"spaceBefore": -1,', 'defaults.spaceBefore', '的值 -1 无效：应为不小于 0、不大于 500 的数', '"spaceBefore": -1'],
    ['align misspelt', '"align": "left",', '"align": "lft",', 'defaults.align', '的值 "lft" 无效：应为 left、center、right、justify 之一', '"align": "lft"'],
    ['valign misspelt', '"valign": "middle",', '"valign": "centre",', 'defaults.valign', '的值 "centre" 无效：应为 top、middle、bottom 之一', '"valign": "centre"'],
    ['bold as text', '"bold": false,', '"bold": "no",', 'defaults.bold', '的值 "no" 无效：应为 true 或 false', '"bold": "no"'],
    ['a fill without #', '"fill": null,', '"fill": "F2F2F2",', 'defaults.fill', '的值 "F2F2F2" 无效：应为 #RRGGBB 形式的颜色，或 null', '"fill": "F2F2F2"'],
    ['an empty number format', '"numberFormat": null', '"numberFormat": ""', 'defaults.numberFormat', '的值 "" 无效：应为电子表格数字格式（如 "#,##0.00"），或 null', '"numberFormat": ""'],
    ['an empty font name', '"eastAsia": "宋体"', '"eastAsia": " "', 'fonts.serif.office.eastAsia', '的值 " " 无效：应为非空文本', '"eastAsia": " "'],
    ['an unknown property', '"note": { "size": 9,', '"note": { "colour": 9,', 'styles.note.colour', '是未知的样式属性（可用：font、size、bold、align、valign、lineHeight、spaceBefore、spaceAfter、fill、border、numberFormat）', '"note"'],
    ['a font not defined', '"font": "serif",', '"font": "sans",', 'defaults.font', '使用了未定义的字体“sans”', '"font": "sans"'],
    ['extends a style not defined', '"extends": "headerLine"', '"extends": "headerLin"', 'styles.headerLineRight.extends', '继承的样式“headerLin”未定义', '"extends": "headerLin"'],
    ['extends not a name', '"extends": "headerLine"', '"extends": 3', 'styles.headerLineRight.extends', '继承的样式“3”未定义', '"extends": 3'],
    ['an unknown key in a font', '"office": { "eastAsia"', '"office2": {}, "office": { "eastAsia"', 'fonts.serif.office2', '是未知的键（可用：office、pdf）', '"office2"'],
    ['a style that is not an object', '"note": { "size": 9, "spaceBefore": 4 },', '"note": 9,', 'styles.note', '应为对象', '"note": 9'],
    ['a font file object with an unknown key', '"bold": "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf"', '"bold": { "path": "x.ttf", "weight": 7 }', 'fonts.serif.pdf.bold.weight', '是未知的键（可用：path、face）', '"bold": { "path"'],
    ['a font file object without a path', '"bold": "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf"', '"bold": { "face": "Bold" }', 'fonts.serif.pdf.bold', '缺少“path”', '"bold": { "face"'],
    ['an empty face', '"bold": "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf"', '"bold": { "path": "x.ttc", "face": "" }', 'fonts.serif.pdf.bold.face', '的值 "" 无效：应为非空文本', '"bold": { "path"'],
  ])('%s', (_, from, to, key, why, lineText) => {
    const text = edited(from, to);
    expect(parsed(text)).toEqual({ code: 'STYLESHEET_INVALID', message: `样式表中 ${key} ${why}`, line: lineWith(text, lineText) });
  });

  it('a missing default names the defaults, at their line; a missing section the top level', () => {
    const text = edited('    "numberFormat": null\n', '');
    expect(parsed(text.replace('"border": false,', '"border": false'))).toEqual({ code: 'STYLESHEET_INVALID', message: '样式表中 defaults 缺少“numberFormat”', line: lineWith(text, '"defaults"') });
    expect(parsed('{ "fonts": {}, "defaults": {} }')).toEqual({ code: 'STYLESHEET_INVALID', message: '样式表中 defaults 缺少“font”', line: 1 });
    expect(parsed('{ "defaults": {}, "styles": {} }')).toEqual({ code: 'STYLESHEET_INVALID', message: '样式表中 （顶层） 缺少“fonts”', line: undefined });
    expect(parsed('[]')).toEqual({ code: 'STYLESHEET_INVALID', message: '样式表中 （顶层） 应为对象', line: undefined });
    expect(parsed('{ "fonts": {}, "x": 1 }')).toEqual({ code: 'STYLESHEET_INVALID', message: '样式表中 x 是未知的键（可用：fonts、defaults、styles、pdf）', line: 1 });
  });

  it('text that is not JSON', () => {
    const f = parsed('{ "fonts": ');
    expect(f.code).toBe('STYLESHEET_UNREADABLE');
    expect(f.message).toMatch(/^样式表不是有效的 JSON：\S/);
  });

  it('lineOf: the key itself, else its nearest parent that exists, else nothing', () => {
    const text = '{\n  "a": {\n    "b": 1,\n    "c": { "d": 2 }\n  }\n}';
    expect(lineOf(text, ['a'])).toBe(2);
    expect(lineOf(text, ['a', 'b'])).toBe(3);
    expect(lineOf(text, ['a', 'c', 'd'])).toBe(4);
    expect(lineOf(text, ['a', 'c', 'zz'])).toBe(4);
    expect(lineOf(text, ['a', 'b', 'x'])).toBe(3);
    expect(lineOf(text, ['zz'])).toBeUndefined();
    expect(lineOf(text, [])).toBeUndefined();
  });
});

describe('loading a style sheet: files, fonts, inheritance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-styles-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('a file that cannot be read says why', () => {
    expect(fault(() => loadStyleSheet(join(dir, 'none.json')))).toEqual({ code: 'STYLESHEET_UNREADABLE', message: '样式表无法读取（ENOENT）', line: undefined });
  });

  it('a font that is not there: a package path or a relative one, at the line that names it', () => {
    const pkg = write('pkg.json', edited('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', 'no-such-package/x.ttf'));
    expect(fault(() => loadStyleSheet(pkg))).toEqual({ code: 'FONT_NOT_FOUND', message: '找不到字体文件“no-such-package/x.ttf”', line: lineWith(original, '"bold": "@expo') });
    const rel = write('rel.json', edited('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', './fonts/none.ttf'));
    expect(fault(() => loadStyleSheet(rel))).toEqual({ code: 'FONT_NOT_FOUND', message: `找不到字体文件“${join(dir, 'fonts/none.ttf')}”`, line: lineWith(original, '"normal": "@expo') });
  });

  it('a face of a collection is kept; styles inherit in order, whatever order they are written in', () => {
    const path = write('face.json', edited('"bold": "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf"', '"bold": { "path": "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf", "face": "Bold" }'));
    const sheet = loadStyleSheet(path);
    expect(sheet.fonts.serif!.pdf.bold).toMatchObject({ face: 'Bold' });
    expect(sheet.fonts.serif!.pdf.normal.face).toBeUndefined();
    // groupAmount extends group extends cell: each layer's properties, the nearest winning.
    expect(sheet.styles.groupAmount).toMatchObject({ name: 'groupAmount', border: true, bold: true, align: 'right', valign: 'middle', fill: '#FAFAFA', numberFormat: '#,##0.00', size: 9 });
    const reversed = write('reversed.json', edited('"headerLine": { "size": 10.5, "spaceAfter": 2 },\n    "headerLineRight": { "extends": "headerLine", "align": "right" },', '"headerLineRight": { "extends": "headerLine", "align": "right" },\n    "headerLine": { "size": 10.5, "spaceAfter": 2 },'));
    expect(loadStyleSheet(reversed).styles.headerLineRight).toMatchObject({ size: 10.5, spaceAfter: 2, align: 'right' });
  });

  it('inheritance in a circle is refused, naming the circle', () => {
    const path = write('cycle.json', edited('"text": { "extends": "cell" }', '"text": { "extends": "name" }').replace('"name": { "extends": "cell" }', '"name": { "extends": "text" }'));
    expect(fault(() => loadStyleSheet(path))).toEqual({ code: 'STYLE_CYCLE', message: '样式继承成环：text → name → text', line: undefined });
  });
});
