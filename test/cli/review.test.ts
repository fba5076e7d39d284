/** `pubtable review`: the findings as a person and as a tool reads them, and a rules file that is wrong. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { writeDepartments } from '../fixtures/departments.js';

const rulesFile = (text: string) => {
  const f = join(mkdtempSync(join(tmpdir(), 'pubtable-rules-')), 'pubtable.rules.json');
  writeFileSync(f, text);
  return f;
};

describe('pubtable review', () => {
  it('lists the example\'s findings at their lines, and exits 0 when none is an error', async () => {
    const r = await pubtableInProcess(['review', EXAMPLE_PATH]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('广州市番禺区人力资源和社会保障局（本级）（2025年度）：审核意见 48 条');
    expect(lines.at(-1)).toBe('共 1 个单位，审核意见 48 条');
    expect(lines.slice(1, -1)).toHaveLength(48);
    for (const l of lines.slice(1, -1)) expect(l).toMatch(new RegExp(`^  ${EXAMPLE_PATH}:\\d+: (警告|提示) REVIEW_[A-Z_]+: `));
  });

  it('--json: one object, a department per input, each finding with its code, severity and place', async () => {
    const r = await pubtableInProcess(['review', EXAMPLE_PATH, '--json']);
    const out = JSON.parse(r.stdout) as { departments: { department: string; findings: { code: string; severity: string; source: { line: number } }[] }[] };
    expect(out.departments).toHaveLength(1);
    expect(out.departments[0]!.findings).toHaveLength(48);
    expect(new Set(out.departments[0]!.findings.map((f) => f.severity))).toEqual(new Set(['warning', 'info']));
    expect(out.departments[0]!.findings.every((f) => f.source.line > 10)).toBe(true);
  });

  it('a rules file switches rules off and raises severities; an error-severity finding exits 1', async () => {
    const off = rulesFile('{ "rules": { "REVIEW_VALUE_NOT_MEASURABLE": { "enabled": false } } }');
    const r = await pubtableInProcess(['review', EXAMPLE_PATH, '--rules', off]);
    expect(r.stdout).toContain('审核意见 11 条');
    expect(r.stdout).not.toContain('REVIEW_VALUE_NOT_MEASURABLE');
    const strict = rulesFile('{ "rules": { "REVIEW_DUPLICATE_GOAL": { "severity": "error" } } }');
    const s = await pubtableInProcess(['review', EXAMPLE_PATH, '--rules', strict]);
    expect(s.status).toBe(1);
    expect(s.stdout).toMatch(/: 错误 REVIEW_DUPLICATE_GOAL: /);
  });

  it('a rules file that is wrong is refused at its line, exit 2', async () => {
    const bad = rulesFile('{\n  "rules": {\n    "REVIEW_TOO_FEW_INDICATORS": { "min": 0 }\n  }\n}\n');
    const r = await pubtableInProcess(['review', EXAMPLE_PATH, '--rules', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${bad}:3: 错误 RULES_FILE_OUT_OF_RANGE: .+\\n$`));
  });

  it('a folder: a department per file, an unreadable one said, exit 1 for the one with errors', async () => {
    const dir = writeDepartments(join(mkdtempSync(join(tmpdir(), 'pubtable-review-')), 'in'), { 'empty.txt': '' });
    const r = await pubtableInProcess(['review', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('示例区财政检查局（2025年度）：审核意见');
    expect(r.stdout).toMatch(/示例区财政检查局（2025年度）：审核意见 \d+ 条；记录有 \d+ 处错误/);
    expect(r.stdout).toContain('empty.txt：无法读取');
    expect(r.stdout).toContain('共 5 个单位');
  });
});
