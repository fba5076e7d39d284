/**
 * pubtable.rules.json: which review rules run, how severe their findings are, and their
 * thresholds. Checked at the edge, like the style sheet: every key known, every value of
 * its kind and range, each fault a RulesFileError with its own code at the line to fix.
 *
 *   { "rules": { "REVIEW_TOO_FEW_INDICATORS": { "enabled": true, "severity": "warning", "min": 3 },
 *                "REVIEW_DUPLICATE_GOAL": { "enabled": false } } }
 *
 * Rules not named keep their defaults (DEFAULT_RULES); so do keys not given.
 */
import { readFile, stat } from 'node:fs/promises';
import { SEVERITIES } from './finding.js';
import { JsonScanError, scanJson, type JsonNode } from './json-scan.js';
import { DEFAULT_SETTINGS, OPTIONS, RULE_CODES, type OptionSpec, type RuleCode, type RuleSettings } from './settings.js';

export type { RuleSettings } from './settings.js';

export const DEFAULT_RULES: RuleSettings = DEFAULT_SETTINGS;

/** 1 MB: a rules file is a few hundred bytes; anything near this is not one. */
export const MAX_RULES_FILE_BYTES = 1024 * 1024;

/**
 * A rules file that cannot be used. Codes: RULES_FILE_UNREADABLE, RULES_FILE_TOO_LARGE,
 * RULES_FILE_ENCODING, RULES_FILE_SYNTAX, RULES_FILE_TOO_DEEP, RULES_FILE_DUPLICATE_KEY,
 * RULES_FILE_UNKNOWN_RULE, RULES_FILE_UNKNOWN_KEY, RULES_FILE_WRONG_TYPE,
 * RULES_FILE_INVALID_VALUE, RULES_FILE_OUT_OF_RANGE.
 */
export class RulesFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'RulesFileError';
  }
}

/** The rules file `file`, or the defaults when there is none. */
export async function loadRules(file: string | undefined): Promise<RuleSettings> {
  if (file === undefined) return DEFAULT_RULES;
  let bytes: Buffer;
  try {
    const st = await stat(file);
    // Only a regular file: a folder has nothing to read, a pipe or device might never end.
    if (!st.isFile()) throw unreadable(file, st.isDirectory() ? '这是一个目录' : '不是普通文件');
    // Refused by its size before it is read.
    if (st.size > MAX_RULES_FILE_BYTES) throw tooLarge(file);
    bytes = await readFile(file);
  } catch (e) {
    if (e instanceof RulesFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(file, code === 'ENOENT' ? '文件不存在' : `无法读取（${code ?? String(e)}）`);
  }
  return parseRules(decode(bytes, file), file);
}

/** The settings a rules file's text gives; throws RulesFileError. */
export function parseRules(text: string, file: string): RuleSettings {
  if (Buffer.byteLength(text, 'utf8') > MAX_RULES_FILE_BYTES) throw tooLarge(file);
  let root: JsonNode;
  try {
    // A BOM is what Windows editors put first; it is not part of the JSON.
    root = scanJson(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (!(e instanceof JsonScanError)) throw e;
    const code = { syntax: 'RULES_FILE_SYNTAX', depth: 'RULES_FILE_TOO_DEEP', duplicate: 'RULES_FILE_DUPLICATE_KEY' }[e.kind];
    const what = e.kind === 'syntax' ? `不是有效的 JSON：${e.message}` : e.kind === 'depth' ? `${e.message}，拒绝读取` : `中${e.message}`;
    throw new RulesFileError(code, `规则文件${what}`, file, e.line);
  }
  return new Checker(file).settings(root);
}

function unreadable(file: string, why: string): RulesFileError {
  return new RulesFileError('RULES_FILE_UNREADABLE', `无法打开规则文件：${why}`, file);
}

function tooLarge(file: string): RulesFileError {
  return new RulesFileError('RULES_FILE_TOO_LARGE', `规则文件超过 ${MAX_RULES_FILE_BYTES / 1024 / 1024} MB，不是规则文件`, file);
}

/** UTF-8 only (JSON's encoding); a bad byte is reported at its line. */
function decode(bytes: Buffer, file: string): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        throw new RulesFileError('RULES_FILE_ENCODING', '规则文件不是 UTF-8 编码的文本', file, line);
      }
      line++;
      start = i + 1;
    }
    throw new RulesFileError('RULES_FILE_ENCODING', '规则文件不是 UTF-8 编码的文本', file);
  }
}

const TYPE_NAMES: Record<JsonNode['type'], string> = {
  object: '对象',
  array: '数组',
  string: '文本',
  number: '数字',
  boolean: '布尔值',
  null: '空值（null）',
};

class Checker {
  constructor(private readonly file: string) {}

  private fail(code: string, line: number, message: string): never {
    throw new RulesFileError(code, `规则文件中 ${message}`, this.file, line);
  }

  private wrongType(node: JsonNode, path: string, want: string): never {
    const gap = /^[a-z]/.test(want) ? ' ' : '';
    return this.fail('RULES_FILE_WRONG_TYPE', node.line, `${path} 应为${gap}${want}，却是${TYPE_NAMES[node.type]}`);
  }

  private object(node: JsonNode, path: string) {
    return node.type === 'object' ? node.members : this.wrongType(node, path, '对象');
  }

  settings(root: JsonNode): RuleSettings {
    const out = structuredClone(DEFAULT_SETTINGS) as RuleSettings;
    for (const m of this.object(root, '顶层')) {
      if (m.key !== 'rules') this.fail('RULES_FILE_UNKNOWN_KEY', m.keyLine, `顶层的键“${m.key}”未知（可用：rules）`);
      for (const r of this.object(m.value, 'rules')) {
        if (!(RULE_CODES as readonly string[]).includes(r.key)) {
          this.fail('RULES_FILE_UNKNOWN_RULE', r.keyLine, `rules 下的“${r.key}”不是已知的审核规则（已知：${RULE_CODES.join('、')}）`);
        }
        this.rule(r.key as RuleCode, r.value, out);
      }
    }
    return out;
  }

  private rule(code: RuleCode, node: JsonNode, out: RuleSettings): void {
    const path = `rules.${code}`;
    const options = OPTIONS[code];
    const target = out[code] as unknown as Record<string, unknown>;
    for (const m of this.object(node, path)) {
      const at = `${path}.${m.key}`;
      if (m.key === 'enabled') {
        if (m.value.type !== 'boolean') this.wrongType(m.value, at, 'true 或 false');
        target.enabled = m.value.value;
      } else if (m.key === 'severity') {
        if (m.value.type !== 'string') this.wrongType(m.value, at, `文本（${SEVERITIES.join('、')} 之一）`);
        if (!(SEVERITIES as readonly string[]).includes(m.value.value)) {
          this.fail('RULES_FILE_INVALID_VALUE', m.value.line, `${at} 的值“${m.value.value}”无效：应为 ${SEVERITIES.join('、')} 之一`);
        }
        target.severity = m.value.value;
      } else if (Object.hasOwn(options, m.key)) {
        target[m.key] = this.option(options[m.key]!, m.value, at);
      } else {
        const keys = ['enabled', 'severity', ...Object.keys(options)].join('、');
        this.fail('RULES_FILE_UNKNOWN_KEY', m.keyLine, `${path} 的键“${m.key}”未知（可用：${keys}）`);
      }
    }
  }

  private option(spec: OptionSpec, node: JsonNode, at: string): unknown {
    if (spec.kind === 'integer') {
      if (node.type !== 'number' || !Number.isInteger(node.value)) return this.wrongType(node, at, '整数');
      if (node.value < spec.min || node.value > spec.max) {
        this.fail('RULES_FILE_OUT_OF_RANGE', node.line, `${at} 的值 ${node.value} 超出范围：应为 ${spec.min} 到 ${spec.max} 的整数`);
      }
      return node.value;
    }
    if (node.type !== 'array') return this.wrongType(node, at, '数组');
    const words = node.items.map((item, k) => (item.type === 'string' ? item.value : this.wrongType(item, `${at}[${k}]`, '文本')));
    if (spec.kind === 'choices') {
      node.items.forEach((item, k) => {
        const w = words[k]!;
        if (!spec.of.includes(w)) this.fail('RULES_FILE_INVALID_VALUE', item.line, `${at} 中的“${w}”无效：应为 ${spec.of.join('、')} 之一`);
        if (words.indexOf(w) !== k) this.fail('RULES_FILE_INVALID_VALUE', item.line, `${at} 中的“${w}”重复`);
      });
      if (words.length < spec.minItems) this.fail('RULES_FILE_OUT_OF_RANGE', node.line, `${at} 至少应有 ${spec.minItems} 项（不需要此规则时请写 "enabled": false）`);
      return words;
    }
    node.items.forEach((item, k) => {
      const w = words[k]!;
      if (w.trim() === '') this.fail('RULES_FILE_INVALID_VALUE', item.line, `${at} 中有空的词语`);
      if (w.length > spec.maxLength) this.fail('RULES_FILE_OUT_OF_RANGE', item.line, `${at} 中的词语超过 ${spec.maxLength} 个字符`);
    });
    if (words.length > spec.maxItems) this.fail('RULES_FILE_OUT_OF_RANGE', node.line, `${at} 超过 ${spec.maxItems} 项`);
    return words;
  }
}
