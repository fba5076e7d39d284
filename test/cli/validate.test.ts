import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pubtable } from '../helpers/cli.js';
import { exampleText } from '../helpers/example.js';

const tmp = mkdtempSync(join(tmpdir(), 'pubtable-cli-'));
const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('pubtable validate', () => {
  it('--json reports the example as one JSON object', () => {
    const r = pubtable(['validate', 'examples/panyu-hrss-2025.txt', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      ok: true,
      units: 1,
      projects: 23,
      indicators: 148,
      totals: { total: '3105.64', fiscal: '3105.64', special: '0.00', other: '0.00' },
    });
    const mismatches = out.issues.filter((i: { code: string }) => i.code === 'INDICATOR_LEVEL_MISMATCH');
    expect(mismatches.map((i: { line: number }) => i.line)).toEqual([13, 13, 17, 19, 19, 38, 38]);
    expect(mismatches[0]).toMatchObject({ severity: 'warning', file: 'examples/panyu-hrss-2025.txt' });
    expect(mismatches[0].message).toMatch(/二级指标“21-经济效益”不属于一级指标“1-产出指标”/);
  });

  it('prints a summary for people', () => {
    const r = pubtable(['validate', 'examples/panyu-hrss-2025.txt']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('资金使用单位 1 个，项目 23 个，绩效指标 148 条');
    expect(r.stdout).toContain('合计 3,105.64 万元');
    expect(r.stdout).toContain('examples/panyu-hrss-2025.txt:13: 警告 INDICATOR_LEVEL_MISMATCH');
  });

  it('exits 1 on input errors, naming file and line, without a stack trace', () => {
    const bad = write('bad.txt', exampleText().replace('合计\t3,105.64', '合计\t3,105.00'));
    const r = pubtable(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${bad}:10: 错误 TOTAL_MISMATCH`);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for usage errors and files that cannot be opened or recognised', () => {
    for (const args of [['validate'], ['frobnicate', 'x'], ['validate', join(tmp, 'missing.txt')], ['validate', write('x.txt', 'hello\tworld\n')]]) {
      const r = pubtable(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(pubtable(['validate', join(tmp, 'missing.txt')]).stderr).toContain('FILE_UNREADABLE');
    expect(pubtable(['validate', write('y.txt', 'hello\tworld\n')]).stderr).toContain('HEADER_NOT_FOUND');
  });

  it('--json prints one JSON object even for a file that cannot be read (exit 2)', () => {
    const missing = join(tmp, 'missing.txt');
    const headerless = write('headerless.txt', 'hello\tworld\n');
    for (const [file, code] of [[missing, 'FILE_UNREADABLE'], [headerless, 'HEADER_NOT_FOUND']] as const) {
      const r = pubtable(['validate', file, '--json']);
      expect(r.status).toBe(2);
      expect(JSON.parse(r.stdout)).toEqual({
        ok: false,
        units: 0,
        projects: 0,
        indicators: 0,
        totals: null,
        issues: [{ severity: 'error', code, message: expect.stringMatching(/[\u4e00-\u9fff]/), file }],
      });
    }
  });

  it('convert --to json, then validate the JSON: the same result as the text', () => {
    const json = join(tmp, 'example.json');
    expect(pubtable(['convert', 'examples/panyu-hrss-2025.txt', '--to', 'json', '--out', json]).status).toBe(0);
    const fromText = JSON.parse(pubtable(['validate', 'examples/panyu-hrss-2025.txt', '--json']).stdout);
    const fromJson = JSON.parse(pubtable(['validate', json, '--json']).stdout);
    type Issue = { severity: string; code: string; message: string };
    const strip = (o: { issues: Issue[] }) => ({
      ...o,
      issues: o.issues.map(({ severity, code, message }) => ({ severity, code, message })),
    });
    expect(strip(fromJson)).toEqual(strip(fromText));
    // The first message is about the 4th indicator of 享受国务院特殊津贴人员医疗补贴: at the line
    // of that indicator's `{` in the JSON.
    const text = readFileSync(json, 'utf8');
    const project = text.indexOf('"name": "享受国务院特殊津贴人员医疗补贴"');
    const fourth = text.indexOf('"number": 4,', project);
    expect(fromJson.issues[0]).toMatchObject({ code: 'INDICATOR_LEVEL_MISMATCH', file: json, line: text.slice(0, fourth).split('\n').length - 1 });
  });
});
