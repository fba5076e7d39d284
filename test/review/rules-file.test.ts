/**
 * pubtable.rules.json: each fault with its own code, at the line to fix; overrides that take
 * effect in review(); rules and keys not named keep their defaults.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review/review.js';
import { DEFAULT_RULES, loadRules, parseRules, RulesFileError } from '../../src/review/rules-file.js';
import { GOOD, ind, oneUnit } from './build.js';

const FILE = 'pubtable.rules.json';

/** The error parseRules throws for `text`: code, line, message. */
function faultOf(text: string): { code: string; line: number | undefined; message: string } {
  try {
    parseRules(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(RulesFileError);
    const r = e as RulesFileError;
    expect(r.file).toBe(FILE);
    return { code: r.code, line: r.line, message: r.message };
  }
  throw new Error('no error');
}

const lines = (...xs: string[]) => xs.join('\n');

describe('parseRules: faults, each with its code and line', () => {
  it('RULES_FILE_SYNTAX: not JSON, at the line of the fault', () => {
    expect(faultOf(lines('{', '  "rules": {', '    "REVIEW_DUPLICATE_GOAL": { "enabled": false },', '  }', '}'))).toEqual({
      code: 'RULES_FILE_SYNTAX',
      line: 3,
      message: '规则文件不是有效的 JSON：最后一项之后不能有逗号',
    });
    expect(faultOf(lines('{"rules": {"REVIEW_MISSING_CATEGORY": {"required": [', '"产出",', ']}}}'))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 2 });
    expect(faultOf(lines('{', '  "rules" {}', '}'))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 2, message: '规则文件不是有效的 JSON：此处应为“:”，却是“{”' });
    expect(faultOf(lines('{', "  'rules': {}", '}'))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 2 });
    expect(faultOf(lines('{', '  // a comment', '}'))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 2 });
    expect(faultOf(lines('{', '  "rules": {"REVIEW_DUPLICATE_GOAL', '}'))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 2, message: '规则文件不是有效的 JSON：字符串中不能直接出现换行或控制字符（应写作 \\n 等转义）' });
    expect(faultOf(lines('{', '  "rules": {}', '}', 'x'))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 4, message: '规则文件不是有效的 JSON：JSON 值之后还有多余的内容：“x”' });
    expect(faultOf(lines('{', '  "rules": {', ''))).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 3, message: '规则文件不是有效的 JSON：此处应为带双引号的键名，却是文件结尾' });
    expect(faultOf('')).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 1 });
    expect(faultOf('{"rules": {"REVIEW_TOO_FEW_INDICATORS": {"min": 03}}}')).toMatchObject({ code: 'RULES_FILE_SYNTAX', line: 1 });
    expect(faultOf('{"a\\x": 1}')).toMatchObject({ code: 'RULES_FILE_SYNTAX', message: '规则文件不是有效的 JSON：无效的转义“\\x”' });
  });

  it('counts CRLF line ends once', () => {
    expect(faultOf('{\r\n"rules": {\r\n"NOPE": {}\r\n}\r\n}')).toMatchObject({ code: 'RULES_FILE_UNKNOWN_RULE', line: 3 });
  });

  it('RULES_FILE_TOO_DEEP: nesting beyond 16 levels is refused before it is read', () => {
    const deep = `{"rules":\n${'['.repeat(20)}${']'.repeat(20)}}`;
    expect(faultOf(deep)).toEqual({ code: 'RULES_FILE_TOO_DEEP', line: 2, message: '规则文件嵌套超过 16 层，拒绝读取' });
    expect(faultOf('['.repeat(100_000))).toMatchObject({ code: 'RULES_FILE_TOO_DEEP', line: 1 });
  });

  it('RULES_FILE_TOO_LARGE: over 1 MB', () => {
    const big = `{"rules": {}}${' '.repeat(1024 * 1024)}`;
    expect(faultOf(big)).toEqual({ code: 'RULES_FILE_TOO_LARGE', line: undefined, message: '规则文件超过 1 MB，不是规则文件' });
  });

  it('RULES_FILE_DUPLICATE_KEY: at the second one', () => {
    expect(faultOf(lines('{"rules": {', '  "REVIEW_DUPLICATE_GOAL": {"enabled": false},', '  "REVIEW_DUPLICATE_GOAL": {"enabled": true}', '}}'))).toEqual({
      code: 'RULES_FILE_DUPLICATE_KEY',
      line: 3,
      message: '规则文件中键“REVIEW_DUPLICATE_GOAL”重复出现',
    });
  });

  it('RULES_FILE_UNKNOWN_RULE: at its key, listing the known rules', () => {
    const f = faultOf(lines('{', '  "rules": {', '    "REVIEW_TOO_FEW": { "min": 2 }', '  }', '}'));
    expect(f).toMatchObject({ code: 'RULES_FILE_UNKNOWN_RULE', line: 3 });
    expect(f.message).toMatch(/^规则文件中 rules 下的“REVIEW_TOO_FEW”不是已知的审核规则（已知：REVIEW_VALUE_NOT_MEASURABLE、.*REVIEW_SATISFACTION_NOT_PERCENT）$/);
  });

  it('RULES_FILE_UNKNOWN_KEY: at the top and in a rule, listing the keys it has', () => {
    expect(faultOf(lines('{', '  "rules": {},', '  "rule": {}', '}'))).toEqual({ code: 'RULES_FILE_UNKNOWN_KEY', line: 3, message: '规则文件中 顶层的键“rule”未知（可用：rules）' });
    expect(faultOf(lines('{"rules": {', '  "REVIEW_TOO_FEW_INDICATORS": {', '    "enabled": true,', '    "minimum": 2', '}}}'))).toEqual({
      code: 'RULES_FILE_UNKNOWN_KEY',
      line: 4,
      message: '规则文件中 rules.REVIEW_TOO_FEW_INDICATORS 的键“minimum”未知（可用：enabled、severity、min）',
    });
    expect(faultOf('{"rules": {"REVIEW_DUPLICATE_GOAL": {"min": 2}}}')).toMatchObject({ code: 'RULES_FILE_UNKNOWN_KEY', message: '规则文件中 rules.REVIEW_DUPLICATE_GOAL 的键“min”未知（可用：enabled、severity）' });
  });

  it('RULES_FILE_WRONG_TYPE: at the value, saying what it should be', () => {
    expect(faultOf('[]')).toEqual({ code: 'RULES_FILE_WRONG_TYPE', line: 1, message: '规则文件中 顶层 应为对象，却是数组' });
    expect(faultOf(lines('{', '  "rules": []', '}'))).toEqual({ code: 'RULES_FILE_WRONG_TYPE', line: 2, message: '规则文件中 rules 应为对象，却是数组' });
    expect(faultOf(lines('{"rules": {', '  "REVIEW_DUPLICATE_GOAL": false', '}}'))).toMatchObject({ code: 'RULES_FILE_WRONG_TYPE', line: 2, message: '规则文件中 rules.REVIEW_DUPLICATE_GOAL 应为对象，却是布尔值' });
    expect(faultOf(lines('{"rules": {"REVIEW_DUPLICATE_GOAL": {', '  "enabled": "no"', '}}}'))).toEqual({
      code: 'RULES_FILE_WRONG_TYPE',
      line: 2,
      message: '规则文件中 rules.REVIEW_DUPLICATE_GOAL.enabled 应为 true 或 false，却是文本',
    });
    expect(faultOf('{"rules": {"REVIEW_DUPLICATE_GOAL": {"severity": 1}}}')).toMatchObject({ code: 'RULES_FILE_WRONG_TYPE', message: '规则文件中 rules.REVIEW_DUPLICATE_GOAL.severity 应为文本（error、warning、info 之一），却是数字' });
    expect(faultOf(lines('{"rules": {"REVIEW_TOO_FEW_INDICATORS": {', '  "min":', '  2.5', '}}}'))).toEqual({
      code: 'RULES_FILE_WRONG_TYPE',
      line: 3,
      message: '规则文件中 rules.REVIEW_TOO_FEW_INDICATORS.min 应为整数，却是数字',
    });
    expect(faultOf('{"rules": {"REVIEW_TOO_FEW_INDICATORS": {"min": "3"}}}')).toMatchObject({ code: 'RULES_FILE_WRONG_TYPE', message: '规则文件中 rules.REVIEW_TOO_FEW_INDICATORS.min 应为整数，却是文本' });
    expect(faultOf('{"rules": {"REVIEW_MISSING_CATEGORY": {"required": "产出"}}}')).toMatchObject({ code: 'RULES_FILE_WRONG_TYPE' });
    expect(faultOf(lines('{"rules": {"REVIEW_VALUE_NOT_MEASURABLE": {"accept": [', '  "正常",', '  null', ']}}}'))).toEqual({
      code: 'RULES_FILE_WRONG_TYPE',
      line: 3,
      message: '规则文件中 rules.REVIEW_VALUE_NOT_MEASURABLE.accept[1] 应为文本，却是空值（null）',
    });
  });

  it('RULES_FILE_INVALID_VALUE: a severity, a kind or a word that is not one', () => {
    expect(faultOf(lines('{"rules": {"REVIEW_DUPLICATE_GOAL": {', '  "severity": "fatal"', '}}}'))).toEqual({
      code: 'RULES_FILE_INVALID_VALUE',
      line: 2,
      message: '规则文件中 rules.REVIEW_DUPLICATE_GOAL.severity 的值“fatal”无效：应为 error、warning、info 之一',
    });
    expect(faultOf(lines('{"rules": {"REVIEW_MISSING_CATEGORY": {"required": [', '"产出",', '"质量"', ']}}}'))).toEqual({
      code: 'RULES_FILE_INVALID_VALUE',
      line: 3,
      message: '规则文件中 rules.REVIEW_MISSING_CATEGORY.required 中的“质量”无效：应为 产出、效益、满意度、成本 之一',
    });
    expect(faultOf(lines('{"rules": {"REVIEW_MISSING_CATEGORY": {"required": [', '"产出",', '"产出"', ']}}}'))).toMatchObject({ code: 'RULES_FILE_INVALID_VALUE', line: 3, message: '规则文件中 rules.REVIEW_MISSING_CATEGORY.required 中的“产出”重复' });
    expect(faultOf('{"rules": {"REVIEW_VALUE_NOT_MEASURABLE": {"accept": [" "]}}}')).toMatchObject({ code: 'RULES_FILE_INVALID_VALUE', message: '规则文件中 rules.REVIEW_VALUE_NOT_MEASURABLE.accept 中有空的词语' });
  });

  it('RULES_FILE_OUT_OF_RANGE: thresholds and list lengths beyond their range', () => {
    expect(faultOf(lines('{"rules": {"REVIEW_TOO_FEW_INDICATORS": {', '  "min": 0', '}}}'))).toEqual({
      code: 'RULES_FILE_OUT_OF_RANGE',
      line: 2,
      message: '规则文件中 rules.REVIEW_TOO_FEW_INDICATORS.min 的值 0 超出范围：应为 1 到 100 的整数',
    });
    expect(faultOf('{"rules": {"REVIEW_TOO_FEW_INDICATORS": {"min": 101}}}')).toMatchObject({ code: 'RULES_FILE_OUT_OF_RANGE', line: 1 });
    expect(faultOf('{"rules": {"REVIEW_TOO_FEW_INDICATORS": {"min": 1e400}}}')).toMatchObject({ code: 'RULES_FILE_WRONG_TYPE' });
    expect(faultOf(lines('{"rules": {"REVIEW_MISSING_CATEGORY": {', '  "required": []', '}}}'))).toEqual({
      code: 'RULES_FILE_OUT_OF_RANGE',
      line: 2,
      message: '规则文件中 rules.REVIEW_MISSING_CATEGORY.required 至少应有 1 项（不需要此规则时请写 "enabled": false）',
    });
    const many = JSON.stringify({ rules: { REVIEW_VALUE_NOT_MEASURABLE: { accept: Array.from({ length: 201 }, (_, i) => `词${i}`) } } });
    expect(faultOf(many)).toMatchObject({ code: 'RULES_FILE_OUT_OF_RANGE', message: '规则文件中 rules.REVIEW_VALUE_NOT_MEASURABLE.accept 超过 200 项' });
    expect(faultOf(lines('{"rules": {"REVIEW_VALUE_NOT_MEASURABLE": {"accept": [', `"${'长'.repeat(51)}"`, ']}}}'))).toMatchObject({ code: 'RULES_FILE_OUT_OF_RANGE', line: 2 });
  });
});

describe('parseRules: what a valid file gives', () => {
  it('an empty object, or empty rules, is the defaults (a fresh copy; the defaults stay frozen)', () => {
    for (const t of ['{}', '{"rules": {}}', '\uFEFF { "rules" : { } } \n']) {
      const s = parseRules(t, FILE);
      expect(s).toEqual(DEFAULT_RULES);
      expect(s).not.toBe(DEFAULT_RULES);
    }
    expect(Object.isFrozen(DEFAULT_RULES.REVIEW_MISSING_CATEGORY.required)).toBe(true);
  });

  it('changes only what it names', () => {
    const s = parseRules(
      JSON.stringify({ rules: { REVIEW_TOO_FEW_INDICATORS: { severity: 'error', min: 5 }, REVIEW_DUPLICATE_GOAL: { enabled: false } } }),
      FILE,
    );
    expect(s).toEqual({
      ...DEFAULT_RULES,
      REVIEW_TOO_FEW_INDICATORS: { enabled: true, severity: 'error', min: 5 },
      REVIEW_DUPLICATE_GOAL: { enabled: false, severity: 'info' },
    });
  });

  it('overrides take effect in review(): disabled, severity, threshold, list', () => {
    const p = oneUnit(
      { name: '甲', goal: '同一目标', indicators: [...GOOD, ind('2-效益指标', '22-社会效益', '队伍', '持续提升')] },
      { name: '乙', goal: '同一目标', indicators: GOOD },
    );
    const codes = (text: string) => review(p, parseRules(text, FILE)).map((f) => `${f.severity} ${f.code} ${f.project}`);
    expect(codes('{}')).toEqual(['info REVIEW_DUPLICATE_GOAL 甲', 'warning REVIEW_VALUE_NOT_MEASURABLE 甲']);
    expect(codes('{"rules": {"REVIEW_DUPLICATE_GOAL": {"enabled": false}}}')).toEqual(['warning REVIEW_VALUE_NOT_MEASURABLE 甲']);
    expect(codes('{"rules": {"REVIEW_VALUE_NOT_MEASURABLE": {"severity": "error"}, "REVIEW_DUPLICATE_GOAL": {"severity": "warning"}}}')).toEqual([
      'warning REVIEW_DUPLICATE_GOAL 甲',
      'error REVIEW_VALUE_NOT_MEASURABLE 甲',
    ]);
    expect(codes('{"rules": {"REVIEW_VALUE_NOT_MEASURABLE": {"accept": ["持续提升"]}, "REVIEW_TOO_FEW_INDICATORS": {"min": 4}}}')).toEqual([
      'info REVIEW_DUPLICATE_GOAL 甲',
      'warning REVIEW_TOO_FEW_INDICATORS 乙',
    ]);
    expect(codes('{"rules": {"REVIEW_MISSING_CATEGORY": {"required": ["成本"]}}}')).toContain('warning REVIEW_MISSING_CATEGORY 甲');
  });
});

describe('loadRules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-rules-'));
  const write = (name: string, bytes: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const rejection = async (file: string) => {
    const e = await loadRules(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RulesFileError);
    return { code: (e as RulesFileError).code, file: (e as RulesFileError).file, line: (e as RulesFileError).line, message: (e as RulesFileError).message };
  };

  it('gives the defaults without a file', async () => {
    expect(await loadRules(undefined)).toBe(DEFAULT_RULES);
  });

  it('reads a file', async () => {
    const s = await loadRules(write('ok.json', '{"rules": {"REVIEW_TOO_FEW_INDICATORS": {"min": 2}}}'));
    expect(s.REVIEW_TOO_FEW_INDICATORS.min).toBe(2);
  });

  it('RULES_FILE_UNREADABLE: missing, a folder, not a regular file', async () => {
    const missing = join(dir, 'none.json');
    expect(await rejection(missing)).toEqual({ code: 'RULES_FILE_UNREADABLE', file: missing, line: undefined, message: '无法打开规则文件：文件不存在' });
    expect(await rejection(dir)).toMatchObject({ code: 'RULES_FILE_UNREADABLE', message: '无法打开规则文件：这是一个目录' });
    expect(await rejection('/dev/null')).toMatchObject({ code: 'RULES_FILE_UNREADABLE', message: '无法打开规则文件：不是普通文件' });
  });

  it('RULES_FILE_TOO_LARGE: by its size, before reading', async () => {
    expect(await rejection(write('big.json', Buffer.alloc(1024 * 1024 + 1, 0x20)))).toMatchObject({ code: 'RULES_FILE_TOO_LARGE', line: undefined });
  });

  it('RULES_FILE_ENCODING: at the line of the bad bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('{\n"rules": {},\n"'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n}')]);
    expect(await rejection(write('bad.json', bytes))).toMatchObject({ code: 'RULES_FILE_ENCODING', line: 3, message: '规则文件不是 UTF-8 编码的文本' });
  });

  it('passes a located fault of the content through', async () => {
    const path = write('unknown.json', '{\n  "rules": {\n    "X": {}\n  }\n}');
    expect(await rejection(path)).toMatchObject({ code: 'RULES_FILE_UNKNOWN_RULE', file: path, line: 3 });
  });
});

describe('parseRules: a value of the wrong type says what it is', () => {
  it.each([
    ['{}', '对象'],
    ['[]', '数组'],
    ['"3"', '文本'],
    ['1.5', '数字'],
    ['true', '布尔值'],
    ['null', '空值（null）'],
  ])('%s where an integer belongs: …却是%s', (value, name) => {
    const fault = faultOf(lines('{"rules": {', `  "REVIEW_TOO_FEW_INDICATORS": {"min": ${value}}`, '}}'));
    expect(fault).toMatchObject({ code: 'RULES_FILE_WRONG_TYPE', line: 2 });
    expect(fault.message).toMatch(new RegExp(`应为\\s?整数，却是${name.replace(/[()（）]/g, '.')}$`));
  });
});
