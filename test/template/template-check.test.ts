/**
 * The checks a template passes before it runs, one rule at a time: the message a user sees
 * for each mistake, at the template line where the mistake is (test/cli/errors.test.ts runs
 * the same faults through the whole command line).
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LayoutError } from '../../src/layout/layout-error.js';
import type { Table } from '../../src/layout/types.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../src/template/report.js';

const created = new Date('2025-01-01T00:00:00Z');

/** A templates folder holding the shipped style sheet, `report.hbs` and the given partials. */
function templates(report: string, partials: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-template-check-'));
  copyFileSync(join(DEFAULT_TEMPLATES, 'styles.json'), join(dir, 'styles.json'));
  writeFileSync(join(dir, 'report.hbs'), report);
  if (Object.keys(partials).length > 0) mkdirSync(join(dir, 'partials'));
  for (const [name, text] of Object.entries(partials)) writeFileSync(join(dir, 'partials', name), text);
  return dir;
}

/** The LayoutError loading `report.hbs` throws, as `code line message`. */
function failure(report: string, partials?: Record<string, string>): string {
  try {
    loadReport(templates(report, partials), 'report');
  } catch (e) {
    if (!(e instanceof LayoutError)) throw e;
    return `${e.code} ${e.line ?? '-'} ${e.message}`;
  }
  throw new Error('the template was accepted');
}

const page = (body: string) => `<document size="A4">\n${body}\n</document>\n`;

describe('Handlebars syntax', () => {
  it('a block left open is named, at the line that opened it', () => {
    expect(failure(page('{{#each a}}\n<p style="text">x</p>'))).toBe('TEMPLATE_SYNTAX 2 {{#each}} 块没有结束（缺少 {{/each}}）');
  });

  it('the innermost block left open is the one named', () => {
    expect(failure(page('{{#each a}}\n{{#if b}}\n<p style="text">x</p>'))).toBe('TEMPLATE_SYNTAX 3 {{#if}} 块没有结束（缺少 {{/if}}）');
  });

  it('a block closed by the wrong name: Handlebars\' message at its line, not a search for open blocks', () => {
    // Scanning for open blocks here would blame {{#each}} on line 2.
    expect(failure(page('{{#each a}}\n{{#if b}}\n{{/each}}'))).toBe("TEMPLATE_SYNTAX 3 Handlebars 语法错误：if doesn't match each");
  });

  it('a broken mustache: the first line of the parser\'s message, at its line', () => {
    expect(failure('<document>\n\n{{foo}\n</document>')).toBe('TEMPLATE_SYNTAX 3 Handlebars 语法错误：Parse error on line 3:');
  });

  it('past line 9 and column 9, the line is still read whole from either form of Handlebars\' message', () => {
    const padding = '\n'.repeat(9);
    // Handlebars places a mismatch at the block it could not close (` - line:column`).
    expect(failure(page(`${padding}{{#each a}}\n          {{#if b}}\n{{/each}}`))).toBe("TEMPLATE_SYNTAX 12 Handlebars 语法错误：if doesn't match each");
    expect(failure(`<document>${padding}\n\n{{foo}\n</document>`)).toBe('TEMPLATE_SYNTAX 12 Handlebars 语法错误：Parse error on line 12:');
  });

  it('blocks inside comments do not count as opened or closed', () => {
    const open = '{{#each a}}\n';
    // A long comment may hold `}}`: it ends at `--}}`, not at the first `}}`.
    expect(failure(page(`${open}{{!-- see {{x}}\n{{/each}} --}}\n`))).toBe('TEMPLATE_SYNTAX 2 {{#each}} 块没有结束（缺少 {{/each}}）');
    expect(failure(page(`${open}{{!-- an old\n{{/each}} --}}\n`))).toBe('TEMPLATE_SYNTAX 2 {{#each}} 块没有结束（缺少 {{/each}}）');
    expect(failure(page(`${open}{{! before {{#if x}}\n`))).toBe('TEMPLATE_SYNTAX 2 {{#each}} 块没有结束（缺少 {{/each}}）');
    expect(failure(page(`${open}{{! a note\nover lines {{#if x}}\n`))).toBe('TEMPLATE_SYNTAX 2 {{#each}} 块没有结束（缺少 {{/each}}）');
  });

  it('the whole name of the block, with spaces and a partial block', () => {
    expect(failure(page('{{#  each a}}\n'))).toBe('TEMPLATE_SYNTAX 2 {{#each}} 块没有结束（缺少 {{/each}}）');
    expect(failure(page('{{#> frame }}\n'), { 'frame.hbs': '{{> @partial-block}}' })).toBe('TEMPLATE_SYNTAX 2 {{#frame}} 块没有结束（缺少 {{/frame}}）');
  });
});

describe('helpers and partials', () => {
  const known = 'amount、amountValue、nonzero、indicator、indicatorRows、inc、ref';

  it('an unknown helper is named with the helpers there are', () => {
    expect(failure(page('<p style="text">{{upper x}}</p>'))).toBe(`TEMPLATE_UNKNOWN_HELPER 2 未知的辅助函数“upper”（可用：${known}）`);
  });

  it('a field with a hash argument, or a block with arguments, is a helper call', () => {
    expect(failure(page('<p style="text">{{upper a=1}}</p>'))).toMatch(/^TEMPLATE_UNKNOWN_HELPER 2 未知的辅助函数“upper”/);
    expect(failure(page('{{#upper x}}{{/upper}}'))).toMatch(/^TEMPLATE_UNKNOWN_HELPER 2 未知的辅助函数“upper”/);
  });

  it('a helper given the wrong number of arguments, in a mustache, a block or a sub-expression', () => {
    expect(failure(page('<p style="text">{{amount}}</p>'))).toBe('TEMPLATE_HELPER_ARGUMENTS 2 辅助函数“amount”需要 1 个参数，这里给了 0 个');
    expect(failure(page('<p style="text">{{inc 1 2}}</p>'))).toBe('TEMPLATE_HELPER_ARGUMENTS 2 辅助函数“inc”需要 1 个参数，这里给了 2 个');
    expect(failure(page('{{#if a b}}{{/if}}'))).toBe('TEMPLATE_HELPER_ARGUMENTS 2 辅助函数“if”需要 1 个参数，这里给了 2 个');
    expect(failure(page('<p style="text">{{amount (upper x)}}</p>'))).toMatch(/^TEMPLATE_UNKNOWN_HELPER 2 未知的辅助函数“upper”/);
    // `log` takes any number.
    expect(() => loadReport(templates(page('{{log a b c}}')), 'report')).not.toThrow();
  });

  it('partials: an unknown one is refused, as a block too; one chosen by the data is left to when it runs', () => {
    expect(failure(page('{{#> nosuch}}x{{/nosuch}}'))).toBe('TEMPLATE_UNKNOWN_PARTIAL 2 找不到部分模板“nosuch”（应为 partials/nosuch.hbs）');
    expect(() => loadReport(templates(page('{{> (lookup . "which")}}'), { 'cell.hbs': '<p style="text">x</p>' }), 'report')).not.toThrow();
    // A partial block's own content, inside the partial, is Handlebars' `@partial-block`.
    const dir = templates(page('{{#> frame}}<p style="text">inside</p>{{/frame}}'), { 'frame.hbs': '{{> @partial-block}}' });
    expect(loadReport(dir, 'report').render({})).toContain('<p style="text">inside</p>');
  });

  it('a section over a field is not a helper call', () => {
    const dir = templates(page('{{#publication}}<p style="text">{{title}}</p>{{/publication}}'));
    const layout = renderLayout(loadReport(dir, 'report'), { publication: { title: '标题' } }, created);
    expect(layout.body).toHaveLength(1);
  });

  it('only .hbs files in partials/ are partials', () => {
    // An editor's backup or a note beside the partials is not read as a template.
    const dir = templates(page('{{> cell}}'), { 'cell.hbs': '<p style="text">x</p>', 'cell.hbs.bak': '{{#broken', 'README.md': '{{' });
    expect(renderLayout(loadReport(dir, 'report'), {}, created).body).toHaveLength(1);
  });

  it('the shipped 更正说明 numbers its rows from 1', () => {
    const change = (n: number) => ({ label: '修改', subject: `项目${n}`, field: '金额', before: 'a', after: 'b', beforeMarked: 'a', afterMarked: 'b', source: { file: 'x.txt', line: n } });
    const report = loadReport(DEFAULT_TEMPLATES, 'corrections');
    const layout = renderLayout(report, { before: {}, after: { title: '表', department: '局' }, changes: [change(1), change(2), change(3)] }, created);
    const table = layout.body.find((b): b is Table => b.kind === 'table')!;
    const first = table.rows.slice(1).map((r) => r.cells[0]!.runs.map((x) => (x.kind === 'text' ? x.text : '')).join(''));
    expect(first).toEqual(['1', '2', '3']);
  });
});

describe('when the template runs', () => {
  it('a missing field: Handlebars\' message without its own position, at the template line', () => {
    const report = loadReport(templates(page('\n<p style="text">{{a.b}}</p>')), 'report');
    expect(() => report.render({ a: {} })).toThrow(expect.objectContaining({ code: 'TEMPLATE_ERROR', line: 3, message: '模板出错："b" not defined in [object Object]' }));
  });

  it('a prototype member is never data: it prints nothing, not a function\'s source', () => {
    const report = loadReport(templates(page('<p style="text">{{a.constructor}}</p>')), 'report');
    expect(report.render({ a: {} })).toContain('<p style="text"></p>');
  });
});

describe('markup names', () => {
  it('a style written literally must be in the style sheet, even an empty one', () => {
    expect(failure(page('<p style="">x</p>'))).toBe('UNKNOWN_STYLE 2 样式“”未在样式表中定义');
    expect(failure(page('<p style="tilte">x</p>'))).toBe('UNKNOWN_STYLE 2 样式“tilte”未在样式表中定义');
  });

  it('a style chosen by the data is checked when it runs', () => {
    const report = loadReport(templates(page('<p style="{{which}}">x</p>')), 'report');
    expect(renderLayout(report, { which: 'text' }, created).body).toHaveLength(1);
  });
});
