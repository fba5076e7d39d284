/**
 * Reader of the canonical data form (format `pubtable/1`, schema/pubtable.schema.json; see
 * ./writer.ts). JSON and YAML are read with one YAML 1.2 parser (JSON is YAML), so every
 * record and every message knows its line.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { AMOUNT_PROBLEMS, readAmount, readAmountNumber, ZERO, type Amount } from '../../model/amount.js';
import { COLUMN_LABELS } from '../../model/columns.js';
import { error, excerpt, InputError, limitRepeats, type Diagnostic } from '../../model/diagnostic.js';
import type { Amounts, CodedName, Indicator, Project, Publication, Source, Unit } from '../../model/types.js';
import { isYearInRange } from '../../model/year.js';
import { checkNodes } from './nodes.js';
import { schemaViolations, type Located } from './schema.js';
import type { ReadResult } from '../read-result.js';

export function readCanonical(text: string, file: string): ReadResult {
  const lineCounter = new LineCounter();
  // logLevel 'error': the parser's English warnings (a map as a key) would reach stderr.
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, prettyErrors: false, logLevel: 'error' });
  const at: Located = { doc, lineCounter, file };
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  // A broken file can give thousands: the first 20 tell where to look.
  const syntax = limitRepeats(
    doc.errors.map((e) => error('SYNTAX_ERROR', `JSON/YAML 语法错误：${syntaxMessage(e.code, e.message)}`, { file, line: lineAt(e.pos[0]) })),
    'SYNTAX_ERROR',
    20,
  );
  if (!isMap(doc.contents)) {
    const first = syntax[0];
    if (first) throw new InputError('SYNTAX_ERROR', first.message, first.source);
    throw new InputError('NOT_CANONICAL', '不是 pubtable 数据：JSON/YAML 的顶层应为对象（format: pubtable/1）', { file });
  }
  const { aliases, characters } = checkNodes(doc, lineCounter, file);
  // After a syntax error the tree is a guess, and aliases are never expanded (an alias bomb
  // costs nothing): schema messages about either would only mislead.
  const refused = [...syntax, ...aliases];
  const diagnostics: Diagnostic[] = [...refused, ...characters, ...(refused.length > 0 ? [] : schemaViolations(doc.toJS(), at))];
  const builder = new Builder(at);
  const publication = builder.publication();
  return { publication, diagnostics: [...diagnostics, ...builder.diagnostics] };
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
 * been reported by the schema check, so here it simply becomes empty or zero; an alias is
 * never followed, so it becomes empty too. What the schema cannot say (an amount beyond
 * 15 digits) it reports itself.
 */
class Builder {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly at: Located) {}

  publication(): Publication {
    const root = this.at.doc.contents;
    const totalNode = this.field(root, 'total');
    const year = this.value(root, 'year');
    const moneyUnit = this.value(root, 'moneyUnit');
    return {
      title: this.text(root, 'title'),
      // Out of range is YEAR_OUT_OF_RANGE, from the schema.
      year: typeof year === 'number' && isYearInRange(year) ? year : null,
      department: this.text(root, 'department'),
      moneyUnit: typeof moneyUnit === 'string' ? moneyUnit : '万元',
      moneyUnitSource: this.keySource(root, 'moneyUnit'),
      includesTransfer: this.value(root, 'includesTransfer') === true,
      total: this.amounts(totalNode),
      totalSource: this.source(totalNode ?? root),
      units: this.list(root, 'units').map((u) => this.unit(u)),
      notes: this.list(root, 'notes').flatMap((n) => (isScalar(n) && typeof n.value === 'string' ? [n.value] : [])),
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
      total: this.amount(node, 'total'),
      fiscal: this.amount(node, 'fiscal'),
      special: this.amount(node, 'special'),
      other: this.amount(node, 'other'),
    };
  }

  private amount(node: unknown, key: keyof Amounts): Amount {
    const v = this.value(node, key);
    // A number is a SCHEMA_VIOLATION already; it only must not throw.
    const read = typeof v === 'string' ? readAmount(v) : typeof v === 'number' ? readAmountNumber(v) : null;
    if (read?.ok) return read.amount;
    if (read?.why === 'digits' && typeof v === 'string') {
      const message = `${COLUMN_LABELS[key]}“${excerpt(v)}”${AMOUNT_PROBLEMS.digits}`;
      this.diagnostics.push(error('INVALID_AMOUNT', message, this.source(this.field(node, key))));
    }
    return ZERO;
  }

  private field(node: unknown, key: string): unknown {
    return isMap(node) ? node.get(key, true) : undefined;
  }

  private value(node: unknown, key: string): unknown {
    const f = this.field(node, key);
    return isScalar(f) ? f.value : undefined;
  }

  private text(node: unknown, key: string): string {
    const v = this.value(node, key);
    return typeof v === 'string' ? v : '';
  }

  /** The items of a list; an alias (YAML_ALIAS) is left out, not made an empty record. */
  private list(node: unknown, key: string): unknown[] {
    const seq = this.field(node, key);
    return isSeq(seq) ? seq.items.filter((i) => !isAlias(i)) : [];
  }

  /** The line of a field's key (a value may start on a later line); the object's line when there is no such key. */
  private keySource(map: unknown, key: string): Source {
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    return this.source(isScalar(pair?.key) ? pair.key : map);
  }

  /** The line where the record's node starts (`{` in JSON, the first key in YAML). */
  private source(node: unknown): Source {
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    return offset === undefined ? { file: this.at.file } : { file: this.at.file, line: this.at.lineCounter.linePos(offset).line };
  }
}
