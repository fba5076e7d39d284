/**
 * Checks a parsed JSON/YAML document against the published schema
 * (schema/pubtable.schema.json) and turns each violation into a located Chinese
 * message. The schema file is the single definition: it is loaded, not copied.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isMap, isScalar, type Document, type LineCounter } from 'yaml';
import { error, type Diagnostic } from '../../model/diagnostic.js';
import { YEAR_RANGE_TEXT } from '../../model/year.js';

/** src/ingest/canonical/ and dist/ingest/canonical/ are both three levels below the package root. */
const SCHEMA_URL = new URL('../../../schema/pubtable.schema.json', import.meta.url);

// verbose: errors carry the offending value, which the messages quote.
let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled === null) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    compiled = new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(schema);
  }
  return compiled;
}

export interface Located {
  doc: Document;
  lineCounter: LineCounter;
  file: string;
}

/** One SCHEMA_VIOLATION per schema error, at the line of the offending node. */
export function schemaViolations(value: unknown, at: Located): Diagnostic[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const source = { file: at.file, line: lineOfError(e, at) };
    // The year's range has its own code, as in a text export's title.
    if (e.instancePath === '/year' && (e.keyword === 'minimum' || e.keyword === 'maximum')) {
      return error('YEAR_OUT_OF_RANGE', `年度 ${String(e.data)} ${YEAR_RANGE_TEXT}`, source);
    }
    return error('SCHEMA_VIOLATION', `${describePath(e)}：${describeError(e)}`, source);
  });
}

/** `/units/0/projects/3` → ['units', 0, 'projects', 3] (JSON Pointer, RFC 6901). */
function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function lineOfError(e: ErrorObject, at: Located): number {
  const path = pointerSegments(e.instancePath);
  // An unknown field is best shown at its key, not at the object that holds it.
  if (e.keyword === 'additionalProperties') {
    const parent = at.doc.getIn(path, true);
    const name = (e.params as { additionalProperty?: string }).additionalProperty;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === name);
      const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      if (offset !== undefined) return at.lineCounter.linePos(offset).line;
    }
  }
  // The node itself, or the nearest ancestor that exists (a missing field → its object).
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? at.doc.contents : at.doc.getIn(path.slice(0, n), true);
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
    if (offset !== undefined) return at.lineCounter.linePos(offset).line;
  }
  return 1;
}

function describePath(e: ErrorObject): string {
  const path = pointerSegments(e.instancePath);
  if (path.length === 0) return '文档顶层';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '布尔值（true 或 false）',
  array: '列表',
  object: '对象',
  null: 'null',
};

function describeError(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const isAmount = e.schemaPath.startsWith('#/$defs/amount/');
  switch (e.keyword) {
    case 'required':
      return `缺少必填字段“${String(params.missingProperty)}”`;
    case 'additionalProperties':
      return `不允许的字段“${String(params.additionalProperty)}”`;
    case 'type': {
      if (isAmount) return `金额应写成带引号的文本（如 "3105.64"），而不是${shown(e.data)}`;
      const names = (Array.isArray(params.type) ? params.type : String(params.type).split(',')).map(
        (t: unknown) => TYPE_NAMES[String(t)] ?? String(t),
      );
      return `应为${names.join('或')}，而不是${shown(e.data)}`;
    }
    case 'pattern':
      if (isAmount) return `金额“${String(e.data)}”应写成恰好两位小数、不带千位分隔符的形式（如 "3105.64"）`;
      return `“${String(e.data)}”格式不正确（应为数字代码，如 "11"）`;
    case 'const':
      return `应为 ${JSON.stringify(params.allowedValue)}`;
    case 'minLength':
      return '不能为空';
    case 'minimum':
      return `应不小于 ${String(params.limit)}`;
    default:
      return `不符合数据格式（${e.keyword}：${e.message ?? ''}）`;
  }
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `文本“${v}”`;
  if (Array.isArray(v)) return '列表';
  if (typeof v === 'object') return '对象';
  return `${TYPE_NAMES[typeof v] ?? typeof v} ${String(v)}`;
}
