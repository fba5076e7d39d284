/**
 * The rules file's JSON reader (src/review/json-scan.ts) against JSON.parse: the same value
 * for any JSON text, however it is spaced or escaped (fast-check), the line of every value
 * whatever the line endings, and a refusal — at the right line — of what JSON.parse refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonScanError, MAX_DEPTH, scanJson, type JsonNode } from '../../src/review/json-scan.js';

/** The plain value of a scanned node, to compare with JSON.parse. */
function plain(n: JsonNode): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries(n.members.map((m) => [m.key, plain(m.value)]));
    case 'array':
      return n.items.map(plain);
    case 'null':
      return null;
    default:
      return n.value;
  }
}

/** Every character escaped as JSON allows: `\uXXXX` for all, or the short forms where there are. */
const escapedAll = (s: string) =>
  JSON.stringify(s)
    .slice(1, -1)
    .replace(/\\u[0-9a-f]{4}|\\.|[^]/g, (c) => (c.length > 1 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .replace(/^/, '"')
    .concat('"');

describe('scanJson', () => {
  it('reads any JSON text as JSON.parse does: spaced, indented, escaped', () => {
    // Keys stay unique: a duplicate key is refused on purpose (JSON.parse keeps the last).
    const value = fc.jsonValue({ maxDepth: 4 }).filter((v) => JSON.stringify(v) !== undefined);
    fc.assert(
      fc.property(value, fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(plain(scanJson(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads escapes: the short ones, \\u in either case, surrogate pairs', () => {
    const s = 'a"b\\c/d\be\ff\ng\rh\ti\u0001j中𠂇';
    expect(plain(scanJson(escapedAll(s)))).toBe(s);
    expect(plain(scanJson('"\\/\\u4E2D\\u4e2d"'))).toBe('/中中');
  });

  it.each(['0', '-0', '12', '-3.25', '1e3', '1E+3', '2.5e-2', '0.5'])('reads the number %s', (n) => {
    expect(plain(scanJson(n))).toBe(JSON.parse(n));
  });

  it('counts lines after LF, CRLF and a lone CR alike', () => {
    const node = scanJson('{\n"a": 1,\r\n"b": 2,\r"c":\n\n 3}');
    expect(node.type === 'object' && node.members.map((m) => [m.key, m.keyLine, m.value.line])).toEqual([
      ['a', 2, 2],
      ['b', 3, 3],
      ['c', 4, 6],
    ]);
  });

  it.each([
    ['01', 1],
    ['1.', 1],
    ['.5', 1],
    ['1e', 1],
    ['-', 1],
    ['+1', 1],
    ['"open', 1],
    ['"\\x"', 1],
    ['"\\u12g4"', 1],
    ['"\\u12"', 1],
    ['\n\n"a\nb"', 3],
    ['[1,]', 1],
    ['{"a":1,}', 1],
    ['{"a" 1}', 1],
    ["{'a':1}", 1],
    ['[1] x', 1],
    ['', 1],
    ['tru', 1],
    ['\n\nnul', 3],
  ])('refuses %j at line %i, as JSON.parse refuses it', (text, line) => {
    expect(() => JSON.parse(text)).toThrow();
    let error: unknown;
    try {
      scanJson(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsonScanError);
    expect((error as JsonScanError).line).toBe(line);
  });

  it('refuses a key given twice, which JSON.parse would silently take the last of', () => {
    expect(() => scanJson('{"a": 1,\n "a": 2}')).toThrow(expect.objectContaining({ kind: 'duplicate', line: 2 }));
  });

  it(`refuses nesting deeper than ${MAX_DEPTH}, and reads ${MAX_DEPTH} levels`, () => {
    expect(plain(scanJson('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)))).toEqual(JSON.parse('['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH)));
    const deep = '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1);
    expect(() => scanJson(deep)).toThrow(expect.objectContaining({ kind: 'depth', message: `嵌套超过 ${MAX_DEPTH} 层` }));
  });
});
