/**
 * The command line's failures: a fault in a user's template or style sheet, a usage error,
 * and a bug in pubtable itself each end with the promised exit code and one Chinese line
 * that says where, never a stack trace, and nothing written.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { writeDistinct } from '../fixtures/distinct-publication.js';
import { pubtable, pubtableInProcess, pubtableWith, type Run } from '../helpers/cli.js';

const STACK = /\n\s+at |\.ts:\d+:\d+|\.js:\d+:\d+/;
const HAN = /[\u4e00-\u9fff]/;
const dir = mkdtempSync(join(tmpdir(), 'pubtable-cli-errors-'));
const input = writeDistinct(dir);
const PLANTED_BUG = fileURLToPath(new URL('../fixtures/planted-bug.mjs', import.meta.url));

/** A copy of the default templates with one file edited; returns the folder. */
function templatesWith(file: string, edit: (text: string) => string): string {
  const copy = mkdtempSync(join(dir, 'templates-'));
  cpSync(DEFAULT_TEMPLATES, copy, { recursive: true });
  const path = join(copy, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, `the edit of ${file} must change it`).not.toBe(before);
  writeFileSync(path, after);
  return copy;
}

/** The 1-based line of the first line of `file` in `templates` that contains `text`. */
function lineIn(templates: string, file: string, text: string): number {
  const i = readFileSync(join(templates, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  expect(i, `${text} in ${file}`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** Exactly one line on stderr, `where: 错误 CODE: 中文…`, no stack, exit 2, no output folder. */
function expectLocatedFailure(r: Run, where: string, code: string, out: string): void {
  expect(r.stderr, r.stderr).not.toMatch(STACK);
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]!.startsWith(`${where}: 错误 ${code}: `), r.stderr).toBe(true);
  expect(lines[0]!.slice(where.length), r.stderr).toMatch(HAN);
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
}

interface TemplateFault {
  what: string;
  file: string;
  edit: (text: string) => string;
  code: string;
  /** Text on the line the message must point at (in the edited file). */
  at: string;
}

const TEMPLATE_FAULTS: TemplateFault[] = [
  {
    what: 'a misspelt field',
    file: 'publication.hbs',
    edit: (t) => t.replace('<p style="title" heading="1">{{publication.title}}</p>', '<p style="title">{{publication.titel}}</p>'),
    code: 'TEMPLATE_ERROR',
    at: 'publication.titel',
  },
  {
    what: 'a block left open',
    file: 'publication.hbs',
    edit: (t) => t.replace('{{/each}}\n  </table>', '\n  </table>'),
    code: 'TEMPLATE_SYNTAX',
    at: '{{#each publication.units}}',
  },
  {
    what: 'an element name misspelt',
    file: 'publication.hbs',
    edit: (t) => t.replace('<cell style="head">总计</cell>', '<cel style="head">总计</cel>'),
    code: 'LAYOUT_UNKNOWN_ELEMENT',
    at: '<cel style="head">总计',
  },
  {
    what: 'a style the style sheet does not define',
    file: 'project.hbs',
    edit: (t) => t.replace('<cell style="label" scope="row">绩效目标</cell>', '<cell style="lable" scope="row">绩效目标</cell>'),
    code: 'UNKNOWN_STYLE',
    at: 'style="lable"',
  },
  {
    what: 'an element left open',
    file: 'publication.hbs',
    edit: (t) => t.replace('<cell style="head">绩效指标</cell>', '<cell style="head">绩效指标'),
    code: 'LAYOUT_SYNTAX',
    at: '</row>',
  },
  {
    what: 'a helper given no argument, in a partial',
    file: 'partials/amount-cells.hbs',
    edit: (t) => t.replace('{{amount amounts.other}}', '{{amount}}'),
    code: 'TEMPLATE_HELPER_ARGUMENTS',
    at: '{{amount}}',
  },
  {
    what: 'an unknown helper where no record of this input reaches it',
    file: 'publication.hbs',
    edit: (t) => t.replace('<p style="note">{{this}}</p>', '<p style="note">{{uppercase this}}</p>'),
    code: 'TEMPLATE_UNKNOWN_HELPER',
    at: 'uppercase',
  },
  {
    what: 'an unknown partial',
    file: 'project.hbs',
    edit: (t) => t.replace('{{> amount-cells amounts=project.amounts style="amount"}}', '{{> amount-cell amounts=project.amounts style="amount"}}'),
    code: 'TEMPLATE_UNKNOWN_PARTIAL',
    at: '{{> amount-cell ',
  },
  {
    // A name every plain object "has": the style table must not find Object.prototype's.
    what: 'a style named constructor',
    file: 'publication.hbs',
    edit: (t) => t.replace('<p style="title" heading="1">{{publication.title}}</p>', '<p style="constructor" heading="1">{{publication.title}}</p>'),
    code: 'UNKNOWN_STYLE',
    at: 'style="constructor"',
  },
  {
    what: 'a font named constructor',
    file: 'styles.json',
    edit: (t) => t.replace('"font": "serif"', '"font": "constructor"'),
    code: 'STYLESHEET_INVALID',
    at: '"font": "constructor"',
  },
  {
    what: 'a colour that is not #RRGGBB',
    file: 'styles.json',
    edit: (t) => t.replace('"fill": "#FAFAFA"', '"fill": "#FAFAF"'),
    code: 'STYLESHEET_INVALID',
    at: '"group":',
  },
  {
    what: 'a negative font size',
    file: 'styles.json',
    edit: (t) => t.replace('"subtitle": { "size": 12,', '"subtitle": { "size": -12,'),
    code: 'STYLESHEET_INVALID',
    at: '"subtitle":',
  },
  {
    what: 'an unknown style key',
    file: 'styles.json',
    edit: (t) => t.replace('"note": { "size": 9,', '"note": { "colour": "red", "size": 9,'),
    code: 'STYLESHEET_INVALID',
    at: '"note":',
  },
  {
    what: 'a font file that is not a font',
    file: 'styles.json',
    edit: (t) => t.replace('"normal": "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf"', '"normal": "./styles.json"'),
    code: 'FONT_NOT_A_FONT',
    at: '"normal":',
  },
];

describe('a fault in a user template or style sheet', () => {
  it.each(TEMPLATE_FAULTS.map((f) => [f.what, f] as const))('%s: exit 2, one located Chinese line, nothing written', async (_, f) => {
    const templates = templatesWith(f.file, f.edit);
    const out = join(dir, `out-${f.code}-${Math.random().toString(36).slice(2)}`);
    const r = await pubtableInProcess(['build', input, '--out', out, '--templates', templates, '--projects']);
    expectLocatedFailure(r, `${join(templates, f.file)}:${lineIn(templates, f.file, f.at)}`, f.code, out);
  });

  it('the same, from a real process', () => {
    const f = TEMPLATE_FAULTS[0]!;
    const templates = templatesWith(f.file, f.edit);
    const out = join(dir, 'out-process');
    const r = pubtable(['build', input, '--out', out, '--templates', templates]);
    expectLocatedFailure(r, `${join(templates, f.file)}:${lineIn(templates, f.file, f.at)}`, f.code, out);
  });

  it('a diff --out through a broken 更正说明 template', async () => {
    const templates = templatesWith('corrections.hbs', (t) => t.replace('{{label}}', '{{lable}}'));
    const changed = writeDistinct(dir, 'changed.txt', readFileSync(input, 'utf8').replace('就业补贴项目', '就业补贴项目（更正）'));
    const out = join(dir, 'corrections-out');
    const r = await pubtableInProcess(['diff', input, changed, '--out', join(out, '更正说明.pdf'), '--templates', templates]);
    expectLocatedFailure(r, `${join(templates, 'corrections.hbs')}:${lineIn(templates, 'corrections.hbs', '{{lable}}')}`, 'TEMPLATE_ERROR', out);
  });
});

describe('a usage error', () => {
  const USAGE: [string, string[]][] = [
    ['no command', []],
    ['an unknown command', ['publish', input]],
    ['an unknown option', ['validate', input, '--jsn']],
    ['a missing input', ['build']],
    ['an unknown format', ['build', input, '--formats', 'pdf,odt', '--out', join(dir, 'never')]],
    ['an empty format list', ['build', input, '--formats', ',', '--out', join(dir, 'never')]],
    ['convert to an unknown form', ['convert', input, '--to', 'xml']],
    ['a 更正说明 in an unknown format', ['diff', input, input, '--out', join(dir, 'never', '更正说明.txt')]],
  ];
  it.each(USAGE)('%s: exit 2 and a Chinese usage line', async (_, args) => {
    const r = await pubtableInProcess(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^用法错误 USAGE: /);
    expect(r.stderr.split('\n')[0]!.slice('用法错误 USAGE: '.length)).toMatch(HAN);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it.each([
    ['PUBTABLE_WORKERS', 'abc'],
    ['PUBTABLE_WORKERS', '-1'],
    ['PUBTABLE_WORKERS', '100000'],
    ['SOURCE_DATE_EPOCH', 'yesterday'],
    ['SOURCE_DATE_EPOCH', '99999999999999'],
  ])('a bad setting %s=%s: exit 2 naming it, nothing written', (name, value) => {
    const out = join(dir, `never-${name}`);
    const r = pubtable(['build', input, '--out', out], { [name]: value });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^用法错误 USAGE: 环境变量 ${name}=“${value}”无效`));
    expect(existsSync(out)).toBe(false);
  });

  it('--help and --version answer on stdout with exit 0, help in Chinese', async () => {
    const help = await pubtableInProcess(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('命令：');
    expect(help.stdout).toContain('显示帮助信息');
    expect(help.stdout).not.toMatch(/Commands:|Options:|Show help/);
    const version = await pubtableInProcess(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(DEFAULT_TEMPLATES, '..', 'package.json'), 'utf8')).version);
  });

  it('from a real process too', () => {
    const r = pubtable(['validate', input, '--jsn']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^用法错误 USAGE: 无法识别的选项：jsn/);
  });
});

describe('a bug in pubtable itself', () => {
  it('is exit 3 with INTERNAL_ERROR, a Chinese request to report it, no stack trace, and nothing written', () => {
    const out = join(dir, 'out-bug');
    const r = pubtableWith(['--import', PLANTED_BUG], ['build', input, '--out', out]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toBe('内部错误 INTERNAL_ERROR: planted bug: createHash\n请把输入文件和这条信息报告给 pubtable 的维护者。\n');
    expect(r.stdout).toBe('');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
