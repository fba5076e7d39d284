/**
 * Reader of the canonical data form (format `pubtable/1`, schema/pubtable.schema.json; see
 * ./writer.ts). JSON and YAML are read with one YAML 1.2 parser (JSON is YAML), so every
 * record and every message knows its line.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { amountFromNumber, parseAmount, ZERO, type Amount } from '../../model/amount.js';
import { error, InputError, type Diagnostic } from '../../model/diagnostic.js';
import type { Amounts, CodedName, Indicator, Project, Publication, Source, Unit } from '../../model/types.js';
import { schemaViolations, type Located } from './schema.js';
import type { ReadResult } from '../read-result.js';

export function readCanonical(text: string, file: string): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false });
  const at: Located = { doc, lineCounter, file };
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  const syntax = doc.errors.map((e) =>
    error('SYNTAX_ERROR', `JSON/YAML 语法错误：${syntaxMessage(e.code, e.message)}`, { file, line: lineAt(e.pos[0]) }),
  );
  if (!isMap(doc.contents)) {
    const first = syntax[0];
    if (first) throw new InputError('SYNTAX_ERROR', first.message, first.source);
    throw new InputError('NOT_CANONICAL', '不是 pubtable 数据：JSON/YAML 的顶层应为对象（format: pubtable/1）', { file });
  }
  // After a syntax error the tree is a guess; schema messages about it would only mislead.
  const diagnostics: Diagnostic[] = syntax.length > 0 ? syntax : schemaViolations(toJs(doc), at);
  return { publication: new Builder(at).publication(), diagnostics };
}

function toJs(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch {
    return null; // e.g. an alias bomb: the schema then reports the whole document
  }
}

const SYNTAX_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: '同一对象中字段重复',
  MISSING_CHAR: '缺少字符（括号、引号或逗号不成对）',
  UNEXPECTED_TOKEN: '出现了意外的符号',
  BAD_INDENT: '缩进不正确',
  MULTIPLE_DOCS: '文件中有多个文档',
  TAB_AS_INDENT: '不能用制表符缩进',
};

function syntaxMessage(code: string, message: string): string {
  return SYNTAX_MESSAGES[code] ?? message.split('\n')[0]!;
}

/**
 * Builds the model from the YAML nodes. Tolerant: a value of the wrong shape has already
 * been reported by the schema check, so here it simply becomes empty or zero.
 */
class Builder {
  constructor(private readonly at: Located) {}

  publication(): Publication {
    const root = this.at.doc.contents;
    const totalNode = this.field(root, 'total');
    const year = this.value(root, 'year');
    const moneyUnit = this.value(root, 'moneyUnit');
    return {
      title: this.text(root, 'title'),
      year: typeof year === 'number' && Number.isInteger(year) ? year : null,
      department: this.text(root, 'department'),
      moneyUnit: typeof moneyUnit === 'string' ? moneyUnit : '万元',
      moneyUnitSource: this.keySource(root, 'moneyUnit'),
      includesTransfer: this.value(root, 'includesTransfer') === true,
      total: this.amounts(totalNode),
      totalSource: this.source(totalNode ?? root),
      units: this.list(root, 'units').map((u) => this.unit(u)),
      notes: this.list(root, 'notes').flatMap((n) => {
        const v = this.deref(n);
        return isScalar(v) && typeof v.value === 'string' ? [v.value] : [];
      }),
      source: this.source(root),
    };
  }

  private unit(node: unknown): Unit {
    return {
      name: this.text(node, 'name'),
      amounts: this.amounts(this.field(node, 'amounts')),
      projects: this.list(node, 'projects').map((x) => this.project(x)),
      source: this.source(node),
    };
  }

  private project(node: unknown): Project {
    return {
      name: this.text(node, 'name'),
      amounts: this.amounts(this.field(node, 'amounts')),
      goal: this.text(node, 'goal'),
      indicators: this.list(node, 'indicators').map((i) => this.indicator(i)),
      source: this.source(node),
    };
  }

  private indicator(node: unknown): Indicator {
    const n = this.value(node, 'number');
    return {
      number: typeof n === 'number' && Number.isInteger(n) ? n : 0,
      level1: this.coded(this.field(node, 'level1')),
      level2: this.coded(this.field(node, 'level2')),
      name: this.text(node, 'name'),
      cycleValue: this.text(node, 'cycleValue'),
      annualValue: this.text(node, 'annualValue'),
      source: this.source(node),
    };
  }

  private coded(node: unknown): CodedName {
    return { code: this.text(node, 'code'), name: this.text(node, 'name') };
  }

  private amounts(node: unknown): Amounts {
    return {
      total: this.amount(this.value(node, 'total')),
      fiscal: this.amount(this.value(node, 'fiscal')),
      special: this.amount(this.value(node, 'special')),
      other: this.amount(this.value(node, 'other')),
    };
  }

  private amount(v: unknown): Amount {
    if (typeof v === 'string') return parseAmount(v) ?? ZERO;
    if (typeof v === 'number') return amountFromNumber(v) ?? ZERO;
    return ZERO;
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.at.doc) : node;
  }

  private field(node: unknown, key: string): unknown {
    const map = this.deref(node);
    return isMap(map) ? this.deref(map.get(key, true)) : undefined;
  }

  private value(node: unknown, key: string): unknown {
    const f = this.field(node, key);
    return isScalar(f) ? f.value : undefined;
  }

  private text(node: unknown, key: string): string {
    const v = this.value(node, key);
    return typeof v === 'string' ? v : '';
  }

  private list(node: unknown, key: string): unknown[] {
    const seq = this.field(node, key);
    return isSeq(seq) ? seq.items.map((i) => this.deref(i)) : [];
  }

  /** The line of a field's key (a value may start on a later line); the object's line when there is no such key. */
  private keySource(node: unknown, key: string): Source {
    const map = this.deref(node);
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    return this.source(isScalar(pair?.key) ? pair.key : map);
  }

  /** The line where the record's node starts (`{` in JSON, the first key in YAML). */
  private source(node: unknown): Source {
    const offset = (this.deref(node) as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    return offset === undefined ? { file: this.at.file } : { file: this.at.file, line: this.at.lineCounter.linePos(offset).line };
  }
}
