/**
 * Checks on the parsed YAML/JSON tree before anything is built from it, each at the line of
 * its node: aliases (`*name`) are refused, since canonical data has no use for them and an
 * alias that repeats a list of aliases repeats it exponentially (pubtable never writes
 * them); and text holding characters no output can hold is refused (../../model/characters.ts).
 * The tree is walked once, with an explicit stack, so depth costs nothing.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { findInvalidCharacter, invalidCharacterMessage, showInvalidCharacters } from '../../model/characters.js';
import { error, limitRepeats, type Diagnostic } from '../../model/diagnostic.js';

interface Visit {
  node: unknown;
  parent: Visit | null;
  /** The key or index this node has in its parent. */
  step: string | number | null;
}

export function checkNodes(doc: Document, lineCounter: LineCounter, file: string): { aliases: Diagnostic[]; characters: Diagnostic[] } {
  const aliases: Diagnostic[] = [];
  const characters: Diagnostic[] = [];
  const at = (node: unknown) => {
    const offset = (node as { range?: [number, number, number] }).range?.[0];
    return offset === undefined ? { file } : { file, line: lineCounter.linePos(offset).line };
  };
  const stack: Visit[] = [{ node: doc.contents, parent: null, step: null }];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    const { node } = v;
    if (isAlias(node)) {
      aliases.push(error('YAML_ALIAS', `不支持 YAML 别名“*${node.source}”：pubtable 数据不使用锚点和别名，请写出完整内容`, at(node)));
    } else if (isScalar(node)) {
      const found = typeof node.value === 'string' ? findInvalidCharacter(node.value) : null;
      if (found) characters.push(error('INVALID_CHARACTER', invalidCharacterMessage(fieldName(v), found), at(node)));
    } else if (isMap(node)) {
      for (const pair of [...node.items].reverse()) {
        const key = isScalar(pair.key) ? showInvalidCharacters(String(pair.key.value)) : '?';
        stack.push({ node: pair.value, parent: v, step: key }, { node: pair.key, parent: v, step: `${key}（字段名）` });
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], parent: v, step: i });
    } else if (isPair(node)) {
      stack.push({ node: node.value, parent: v, step: null }, { node: node.key, parent: v, step: null });
    }
  }
  return { aliases: limitRepeats(aliases, 'YAML_ALIAS', 20), characters: limitRepeats(characters, 'INVALID_CHARACTER', 20) };
}

/** `units[0].projects[1].goal`, as schema messages name a place. */
function fieldName(v: Visit): string {
  const steps: (string | number)[] = [];
  for (let x: Visit | null = v; x !== null; x = x.parent) if (x.step !== null) steps.push(x.step);
  const path = steps.reverse().map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  return path === '' ? '文档' : path;
}
