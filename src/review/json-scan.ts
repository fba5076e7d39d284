/**
 * A strict JSON reader (RFC 8259) that keeps the line of every value and key, for messages
 * about pubtable.rules.json that point at the line to fix. Why not JSON.parse: in Node 20 its
 * messages give a position only sometimes and quote the whole input. Why not the yaml
 * package: it also reads what is not JSON (trailing commas, comments, single quotes), which
 * a JSON file must not depend on. Limits refuse absurd input before any work: nesting
 * deeper than MAX_DEPTH (recursion stays shallow) and duplicate keys (JSON.parse would
 * silently keep the last).
 */

export type JsonNode = { line: number } & (
  | { type: 'object'; members: { key: string; keyLine: number; value: JsonNode }[] }
  | { type: 'array'; items: JsonNode[] }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
);

export const MAX_DEPTH = 16;

export class JsonScanError extends Error {
  constructor(
    readonly kind: 'syntax' | 'depth' | 'duplicate',
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function scanJson(text: string): JsonNode {
  let i = 0;
  let line = 1;

  const fail = (why: string, kind: JsonScanError['kind'] = 'syntax'): never => {
    throw new JsonScanError(kind, why, line);
  };
  const shown = () => (i >= text.length ? '文件结尾' : `“${String.fromCodePoint(text.codePointAt(i)!)}”`);
  const space = () => {
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  };
  const expect = (c: string) => {
    space();
    if (text[i] !== c) fail(`此处应为“${c}”，却是${shown()}`);
    i++;
  };

  const string = (): string => {
    const start = line;
    let out = '';
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) {
        line = start;
        return fail('字符串没有结束的引号');
      }
      const c = text[i]!;
      if (c === '"') break;
      if (c < ' ') fail('字符串中不能直接出现换行或控制字符（应写作 \\n 等转义）');
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('\\u 之后应为四位十六进制数');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        if (!Object.hasOwn(ESCAPES, e)) fail(`无效的转义“\\${e}”`);
        out += ESCAPES[e];
        i += 2;
        continue;
      }
      out += c;
      i++;
    }
    i++;
    return out;
  };

  const value = (depth: number): JsonNode => {
    space();
    const at = line;
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) fail(`嵌套超过 ${MAX_DEPTH} 层`, 'depth');
      i++;
      return c === '{' ? object(at, depth + 1) : array(at, depth + 1);
    }
    if (c === '"') return { line: at, type: 'string', value: string() };
    for (const [word, node] of [
      ['true', { type: 'boolean', value: true }],
      ['false', { type: 'boolean', value: false }],
      ['null', { type: 'null' }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { line: at, ...node };
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) {
      i += m[0].length;
      return { line: at, type: 'number', value: Number(m[0]) };
    }
    return fail(`此处应为一个值（对象、数组、字符串、数字、true、false 或 null），却是${shown()}`);
  };

  const object = (at: number, depth: number): JsonNode => {
    const members: { key: string; keyLine: number; value: JsonNode }[] = [];
    const seen = new Set<string>();
    space();
    if (text[i] === '}') {
      i++;
      return { line: at, type: 'object', members };
    }
    for (;;) {
      space();
      if (text[i] !== '"') fail(`此处应为带双引号的键名，却是${shown()}`);
      const keyLine = line;
      const key = string();
      if (seen.has(key)) {
        line = keyLine;
        fail(`键“${key}”重复出现`, 'duplicate');
      }
      seen.add(key);
      expect(':');
      members.push({ key, keyLine, value: value(depth) });
      if (another('}')) continue;
      return { line: at, type: 'object', members };
    }
  };

  /**
   * After an object's member or an array's item: a comma (true: another follows; a comma
   * before `close` is refused at the comma's line), or `close` (false).
   */
  const another = (close: '}' | ']'): boolean => {
    space();
    if (text[i] !== ',') {
      expect(close);
      return false;
    }
    const comma = line;
    i++;
    space();
    if (text[i] === close) {
      line = comma; // the line to fix is the comma's
      fail('最后一项之后不能有逗号');
    }
    return true;
  };

  const array = (at: number, depth: number): JsonNode => {
    const items: JsonNode[] = [];
    space();
    if (text[i] === ']') {
      i++;
      return { line: at, type: 'array', items };
    }
    for (;;) {
      items.push(value(depth));
      if (another(']')) continue;
      return { line: at, type: 'array', items };
    }
  };

  const root = value(0);
  space();
  if (i < text.length) fail(`JSON 值之后还有多余的内容：${shown()}`);
  return root;
}
