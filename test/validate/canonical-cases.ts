/**
 * The cases for canonical JSON and YAML: each an edit of the written fixture and the
 * messages it must cause, at lines found by searching the edited text. Each case is named
 * after the code it makes fire.
 */
import { type Severity } from '../../src/model/diagnostic.js';
import { AMOUNT_COLUMNS, AmountColumn, FISCAL, OTHER, PROJECT_A, PROJECT_B, PROJECT_C, SPECIAL, TOTAL, UNIT_1, UNIT_2, figureOf, figurePlus, labelOf, toCents, toFigure } from './message-grid.js';
import { CanonicalText, Format, lit } from './canonical-text.js';

const amountPlus = (value: string, cents: number) => toFigure(toCents(value) + cents).replace(/,/g, '');
/** A row's amount as canonical JSON/YAML writes it: `1474.59`. */
const canonical = (name: string, column: AmountColumn) => figureOf(name, column).replace(/,/g, '');

interface LineExpected {
  code: string;
  severity: Severity;
  line: number;
  says?: string;
  repeated?: boolean;
}

export interface CanonicalCase {
  name: string;
  formats?: Format[];
  /** Edits the document and says which messages must follow, at lines found in the edited text. */
  run: (doc: CanonicalText) => LineExpected[];
  /** The file's bytes, when the case is about bytes. */
  bytes?: (text: string) => Uint8Array;
}

const errAt = (code: string, line: number, says?: string): LineExpected => ({ code, severity: 'error', line, says });
const warnAt = (code: string, line: number, says?: string): LineExpected => ({ code, severity: 'warning', line, says });
/** A syntax error: the YAML parser may report one mistake several times, all at its line. */
const syntaxAt = (line: number, says?: string): LineExpected => ({ code: 'SYNTAX_ERROR', severity: 'error', line, says, repeated: true });

// Where records start, found by searching the text.
/** A unit or project, by its (unique) name. */
export const recordLine = (doc: CanonicalText, name: string) => doc.objectStart(doc.find('name', name));
/** The 合计: the object under the top-level `total` key. */
export const totalLine = (doc: CanonicalText) => doc.objectStart(doc.find('total') + 1);
/** The n-th (1-based number) indicator of a project. */
export const indicatorLine = (doc: CanonicalText, project: string, number: number) => doc.objectStart(doc.find('number', number, doc.find('name', project)));

type AmountKey = 'total' | 'fiscal' | 'special' | 'other';

/** Changes an amount field, found by its (unique) value, by `cents`. */
function bump(doc: CanonicalText, key: AmountKey, value: string, cents: number): void {
  doc.setValue(doc.find(key, value), lit(amountPlus(value, cents)));
}

export const CANONICAL_CASES: CanonicalCase[] = [
  { name: 'the fixture as written: no message at all', run: () => [] },

  // SCHEMA_VIOLATION at the offending node
  {
    name: 'SCHEMA_VIOLATION: an amount written as a number, at its line',
    run: (doc) => {
      const n = doc.find('fiscal', canonical(PROJECT_A, FISCAL));
      doc.setValue(n, canonical(PROJECT_A, FISCAL));
      return [errAt('SCHEMA_VIOLATION', n, 'units[0].projects[0].amounts.fiscal')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: an empty project name, at its line',
    run: (doc) => {
      const n = doc.find('name', PROJECT_C);
      doc.setValue(n, lit(''));
      return [errAt('SCHEMA_VIOLATION', n, 'units[1].projects[0].name：不能为空')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: a project without its goal, at the project',
    run: (doc) => {
      doc.removeLine(doc.find('goal', undefined, doc.find('name', PROJECT_B)));
      return [errAt('SCHEMA_VIOLATION', recordLine(doc, PROJECT_B), '缺少必填字段“goal”')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: an unknown field, at its key',
    run: (doc) => {
      const n = doc.insertAfter(doc.find('name', UNIT_2), 'remark', lit('备注'));
      return [errAt('SCHEMA_VIOLATION', n, '不允许的字段“remark”')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: an indicator number written as text, at its line (read as 0, so numbering warns)',
    run: (doc) => {
      const n = doc.find('number', 2, doc.find('name', PROJECT_C));
      doc.setValue(n, lit('二'));
      return [errAt('SCHEMA_VIOLATION', n, '应为整数'), warnAt('INDICATOR_NUMBERING', doc.objectStart(n), '第2条编号为0')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: another format tag, at its line',
    run: (doc) => {
      const n = doc.find('format');
      doc.setValue(n, lit('pubtable/2'));
      return [errAt('SCHEMA_VIOLATION', n, '应为 "pubtable/1"')];
    },
  },

  // SYNTAX_ERROR that leaves an object: reported, reading goes on (and the schema is not checked)
  {
    name: 'SYNTAX_ERROR: a key given twice in one object, at the second',
    run: (doc) => {
      const n = doc.insertAfter(doc.find('name', PROJECT_A), 'name', lit('就业补贴'));
      return [syntaxAt(n, '同一对象中字段重复')];
    },
  },
  {
    name: 'SYNTAX_ERROR: a JSON file cut off, at its last line (what was read before it is still checked)',
    formats: ['json'],
    run: (doc) => {
      doc.lines.length = doc.find('goal', undefined, doc.find('name', PROJECT_B));
      // Read up to the cut: the first unit and its two projects, the second without indicators.
      return [
        syntaxAt(doc.lines.length),
        ...AMOUNT_COLUMNS.map((c) => errAt('TOTAL_MISMATCH', totalLine(doc), `合计行的${labelOf(c)}`)),
        warnAt('MISSING_INDICATOR_CATEGORY', recordLine(doc, PROJECT_B)),
      ];
    },
  },
  {
    name: 'SYNTAX_ERROR: a YAML line indented with a tab, at that line',
    formats: ['yaml'],
    run: (doc) => {
      const n = doc.find('department');
      doc.lines[n - 1] = `\t${doc.lines[n - 1]}`;
      return [syntaxAt(n, '不能用制表符缩进')];
    },
  },

  // What the schema does not say
  {
    name: 'YAML_ALIAS: a goal given as an alias of another, at the alias (never expanded, the schema not checked)',
    formats: ['yaml'],
    run: (doc) => {
      const first = doc.find('goal', undefined, doc.find('name', PROJECT_A));
      doc.lines[first - 1] = doc.lines[first - 1]!.replace('goal: ', 'goal: &g ');
      const n = doc.find('goal', undefined, doc.find('name', PROJECT_B));
      doc.setValue(n, '*g');
      return [errAt('YAML_ALIAS', n, '不支持 YAML 别名“*g”')];
    },
  },
  {
    name: 'INVALID_CHARACTER: a control character in a goal (`\\u0001`), at its line, naming the field',
    run: (doc) => {
      const n = doc.find('goal', undefined, doc.find('name', PROJECT_B));
      doc.setValue(n, lit('开展职业技能培训\u0001提升劳动者技能水平。'));
      return [errAt('INVALID_CHARACTER', n, 'units[0].projects[1].goal中有无法输出的字符 U+0001（控制字符）')];
    },
  },
  {
    name: 'INVALID_ENCODING: an invalid byte in a name, at its line (read as UTF-8 all the same)',
    run: (doc) => [errAt('INVALID_ENCODING', doc.find('name', PROJECT_C), '字节 FF')],
    bytes: (text) => {
      const b = Buffer.from(text);
      const at = b.indexOf(Buffer.from('鉴定'));
      return Buffer.concat([b.subarray(0, at), Buffer.from([0xff]), b.subarray(at)]);
    },
  },
  {
    name: 'YEAR_OUT_OF_RANGE: year −5, at the year key',
    run: (doc) => {
      const n = doc.find('year');
      doc.setValue(n, '-5');
      return [errAt('YEAR_OUT_OF_RANGE', n, '年度 -5 超出范围：应为 1000 至 9999 之间的四位年份')];
    },
  },
  {
    name: 'YEAR_OUT_OF_RANGE: year 10000000000000000000000 (beyond any date), at the year key',
    run: (doc) => {
      const n = doc.find('year');
      doc.setValue(n, '10000000000000000000000');
      return [errAt('YEAR_OUT_OF_RANGE', n, '超出范围')];
    },
  },
  {
    name: 'INVALID_AMOUNT: 16 digits, at the amount’s line (the project and unit then do not add up)',
    run: (doc) => {
      const n = doc.find('fiscal', canonical(PROJECT_A, FISCAL));
      doc.setValue(n, lit('12345678901234.00'));
      return [
        errAt('INVALID_AMOUNT', n, '财政拨款“12345678901234.00”超过15位数字'),
        errAt('AMOUNT_SUM_MISMATCH', recordLine(doc, PROJECT_A)),
        errAt('TOTAL_MISMATCH', recordLine(doc, UNIT_1), '的财政拨款'),
      ];
    },
  },

  // Amounts
  {
    name: 'AMOUNT_SUM_MISMATCH: a project’s total is not the sum of its sources, at the project',
    run: (doc) => {
      bump(doc, 'total', canonical(PROJECT_A, TOTAL), 1);
      return [
        errAt('AMOUNT_SUM_MISMATCH', recordLine(doc, PROJECT_A), `“${PROJECT_A}”的总计${figurePlus(PROJECT_A, TOTAL, 1)}不等于`),
        errAt('TOTAL_MISMATCH', recordLine(doc, UNIT_1), '的总计'),
      ];
    },
  },
  {
    name: 'TOTAL_MISMATCH: a unit’s 总计 and 财政拨款 are not the sums of its projects, at the unit',
    run: (doc) => {
      for (const [key, column] of [['total', TOTAL], ['fiscal', FISCAL]] as const) {
        bump(doc, key, canonical(UNIT_1, column), 1);
        bump(doc, key, canonical('合计', column), 1);
      }
      const unit = recordLine(doc, UNIT_1);
      return [errAt('TOTAL_MISMATCH', unit, `的总计${figurePlus(UNIT_1, TOTAL, 1)}不等于`), errAt('TOTAL_MISMATCH', unit, `的财政拨款${figurePlus(UNIT_1, FISCAL, 1)}不等于`)];
    },
  },
  {
    name: 'TOTAL_MISMATCH: the 合计’s 财政专户拨款 and 其他资金 are not the sums of the units, at the 合计',
    run: (doc) => {
      bump(doc, 'special', canonical('合计', SPECIAL), 5);
      bump(doc, 'other', canonical('合计', OTHER), -5);
      const total = totalLine(doc);
      return [
        errAt('TOTAL_MISMATCH', total, `合计行的财政专户拨款${figurePlus('合计', SPECIAL, 5)}不等于`),
        errAt('TOTAL_MISMATCH', total, `合计行的其他资金${figurePlus('合计', OTHER, -5)}不等于`),
      ];
    },
  },
  {
    name: 'UNSUPPORTED_MONEY_UNIT: moneyUnit 元, at the moneyUnit key',
    run: (doc) => {
      const n = doc.find('moneyUnit');
      doc.setValue(n, lit('元'));
      return [errAt('UNSUPPORTED_MONEY_UNIT', n, '金额单位“元”不受支持')];
    },
  },

  // Indicator warnings, at the indicator (or, for a missing category, the project)
  {
    name: 'INDICATOR_LEVEL_MISMATCH: a level-2 code under another level 1',
    run: (doc) => {
      doc.setValue(doc.find('code', '11', doc.find('name', PROJECT_A)), lit('21'));
      return [warnAt('INDICATOR_LEVEL_MISMATCH', indicatorLine(doc, PROJECT_A, 1), '二级指标“21-数量指标”不属于一级指标“1-产出指标”')];
    },
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: unknown level-1 and level-2 codes',
    run: (doc) => {
      const indicator = doc.find('number', 2, doc.find('name', PROJECT_B));
      doc.setValue(doc.find('code', '1', indicator), lit('5'));
      doc.setValue(doc.find('code', '12', indicator), lit('51'));
      const n = doc.objectStart(indicator);
      return [warnAt('UNKNOWN_INDICATOR_CODE', n, '未知的一级指标代码“5-产出指标”'), warnAt('UNKNOWN_INDICATOR_CODE', n, '未知的二级指标代码“51-质量指标”')];
    },
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: an unknown level-2 code alone',
    run: (doc) => {
      doc.setValue(doc.find('code', '12', doc.find('name', PROJECT_B)), lit('19'));
      return [warnAt('UNKNOWN_INDICATOR_CODE', indicatorLine(doc, PROJECT_B, 2), '未知的二级指标代码“19-质量指标”')];
    },
  },
  {
    name: 'MISSING_INDICATOR_CATEGORY: the 满意度 indicator recoded as 效益, at the project',
    run: (doc) => {
      const indicator = doc.find('number', 3, doc.find('name', PROJECT_C));
      doc.setValue(doc.find('code', '3', indicator), lit('2'));
      doc.setValue(doc.find('code', '31', indicator), lit('22'));
      return [warnAt('MISSING_INDICATOR_CATEGORY', recordLine(doc, PROJECT_C), '没有满意度指标')];
    },
  },
  {
    name: 'INDICATOR_NUMBERING: indicators numbered 1, 3, 3',
    run: (doc) => {
      const n = doc.find('number', 2, doc.find('name', PROJECT_A));
      doc.setValue(n, '3');
      return [warnAt('INDICATOR_NUMBERING', doc.objectStart(n), '第2条编号为3')];
    },
  },

  // Names and text
  {
    name: 'DUPLICATE_PROJECT: a unit’s second project named like its first, at the second, naming the first',
    run: (doc) => {
      const first = recordLine(doc, PROJECT_A);
      const n = doc.find('name', PROJECT_B);
      doc.setValue(n, lit(PROJECT_A));
      return [warnAt('DUPLICATE_PROJECT', doc.objectStart(n), `（另见第${first}行）`)];
    },
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in a goal, at the project',
    run: (doc) => {
      const n = doc.find('goal', undefined, doc.find('name', PROJECT_B));
      doc.setValue(n, lit('开展职业技能培训 and 提升劳动者技能水平。'));
      return [warnAt('LATIN_IN_CHINESE', recordLine(doc, PROJECT_B), '“and”')];
    },
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in an indicator value, at the indicator',
    run: (doc) => {
      doc.setValue(doc.find('annualValue', '11月底前'), lit('11月 or 底前'));
      return [warnAt('LATIN_IN_CHINESE', indicatorLine(doc, PROJECT_C, 1), '第1条指标中文句中夹有英文单词“or”')];
    },
  },
];

/** The fixture's model, read from its text export: what the canonical cases write. */
