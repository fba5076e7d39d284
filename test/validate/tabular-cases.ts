/**
 * The cases for text exports and workbooks: each an edit of the fixture's grid and the
 * messages it must cause, by row (and column, for the cell a workbook message names).
 * Each case is named after the code it makes fire.
 */
import { indicatorCell, rowNamed } from '../fixtures/distinct-publication.js';
import { AMOUNT_COLUMNS, AmountColumn, Expected, FISCAL, GOAL, Grid, INDICATORS, Kind, NAME, OTHER, PROJECT_A, PROJECT_B, PROJECT_C, PROJECT_D, SPECIAL, TOTAL, UNIT_1, UNIT_2, editCell, figurePlus, insertAfter, labelOf, removeRow, rowIndex, rowOf, setCell, shift } from './message-grid.js';

export interface TableCase {
  name: string;
  edit: (g: Grid) => void;
  expect: Expected[];
  /** The input kinds it applies to (default both). */
  kinds?: Kind[];
  /** A change to the finished text export, after the grid is written (text only). */
  text?: (tsv: string) => string;
  /** The text export's bytes, when the case is about bytes (text only). */
  bytes?: (tsv: string) => Uint8Array;
}

/** The UTF-8 bytes of `tsv` with the first `from` replaced by `to`. */
const withBytes = (tsv: string, from: string, to: number[]) => {
  const b = Buffer.from(tsv);
  const at = b.indexOf(Buffer.from(from));
  if (at < 0) throw new Error(`no ${from}`);
  return Buffer.concat([b.subarray(0, at), Buffer.from(to), b.subarray(at + Buffer.byteLength(from))]);
};

const err = (code: string, row: string, more: Partial<Expected> = {}): Expected => ({ code, severity: 'error', row, ...more });
const warn = (code: string, row: string, more: Partial<Expected> = {}): Expected => ({ code, severity: 'warning', row, ...more });

/** TOTAL_MISMATCH at a row for the given columns, each message naming its column. */
const totalMismatch = (row: string, columns: readonly AmountColumn[] = AMOUNT_COLUMNS) =>
  columns.map((c) => err('TOTAL_MISMATCH', row, { says: `的${labelOf(c)}` }));

/** TOTAL_MISMATCH at a row whose stated figure was changed by `cents`: the message quotes the figure it states. */
const statedMismatch = (row: string, column: AmountColumn, cents: number) =>
  err('TOTAL_MISMATCH', row, { says: `的${labelOf(column)}${figurePlus(row, column, cents)}不等于` });


const INVALID_AMOUNTS: Record<AmountColumn, string> = {
  [TOTAL]: '1,474.59元', // stored as text in the workbook
  [FISCAL]: '1234.567', // three decimals: a number in the workbook, rejected all the same
  [SPECIAL]: '二百一十',
  [OTHER]: '30.02.1',
};

export const TABLE_CASES: TableCase[] = [
  {
    name: 'the fixture as it is: no message at all',
    edit: () => {},
    expect: [],
  },

  // UNREADABLE_ROW, TRUNCATED_ROW
  {
    name: 'UNREADABLE_ROW: a project row with a cell beyond the header (the row is dropped, so its unit no longer adds up)',
    edit: (g) => setCell(g, PROJECT_A, INDICATORS + 1, '多余'),
    expect: [err('UNREADABLE_ROW', PROJECT_A, { says: '表头只有7列' }), ...totalMismatch(UNIT_1)],
  },
  {
    name: 'UNREADABLE_ROW: a project row cut short (text only: a workbook row simply ends at its last filled cell)',
    kinds: ['text'],
    edit: (g) => {
      rowOf(g, PROJECT_A).cells.length = OTHER + 1;
    },
    expect: [err('UNREADABLE_ROW', PROJECT_A, { says: '该行只有5列' }), ...totalMismatch(UNIT_1)],
  },
  {
    name: 'TRUNCATED_ROW: the file ends inside the last row’s quoted, multi-line goal',
    kinds: ['text'],
    edit: (g) => setCell(g, PROJECT_D, GOAL, '保障公共实训基地正常运营，\n开放实训工位。'),
    text: (tsv) => tsv.slice(0, tsv.indexOf('\n开放实训工位')),
    // The cut row is lost, so its unit no longer adds up.
    expect: [err('TRUNCATED_ROW', PROJECT_D), ...totalMismatch(UNIT_2)],
  },

  // INVALID_AMOUNT, in each column and in the 合计 row; the unreadable amount counts as 0
  ...AMOUNT_COLUMNS.map(
    (column): TableCase => ({
      name: `INVALID_AMOUNT: ${labelOf(column)} “${INVALID_AMOUNTS[column]}” in a project row, at its cell`,
      edit: (g) => setCell(g, PROJECT_A, column, INVALID_AMOUNTS[column]),
      expect: [
        err('INVALID_AMOUNT', PROJECT_A, { column, says: `${labelOf(column)}“${INVALID_AMOUNTS[column]}”` }),
        err('AMOUNT_SUM_MISMATCH', PROJECT_A),
        err('TOTAL_MISMATCH', UNIT_1, { says: `的${labelOf(column)}` }),
      ],
    }),
  ),
  {
    name: 'INVALID_AMOUNT: 16 digits (a number in the workbook): more than a spreadsheet holds exactly',
    edit: (g) => setCell(g, PROJECT_A, FISCAL, '12,345,678,901,234.00'),
    expect: [
      err('INVALID_AMOUNT', PROJECT_A, { column: FISCAL, says: '超过15位数字（含两位小数）' }),
      err('AMOUNT_SUM_MISMATCH', PROJECT_A),
      err('TOTAL_MISMATCH', UNIT_1, { says: '的财政拨款' }),
    ],
  },
  {
    name: 'INVALID_AMOUNT: a space inside an amount (`1 234.56`) is refused, not dropped',
    edit: (g) => setCell(g, PROJECT_A, FISCAL, '1 234.56'),
    expect: [
      err('INVALID_AMOUNT', PROJECT_A, { column: FISCAL, says: '财政拨款“1 234.56”不是两位小数以内的金额' }),
      err('AMOUNT_SUM_MISMATCH', PROJECT_A),
      err('TOTAL_MISMATCH', UNIT_1, { says: '的财政拨款' }),
    ],
  },
  {
    name: 'INVALID_AMOUNT: 其他资金 in the 合计 row, stored as a number with three decimals in the workbook',
    edit: (g) => setCell(g, '合计', OTHER, '3,037.531'),
    expect: [err('INVALID_AMOUNT', '合计', { column: OTHER }), err('AMOUNT_SUM_MISMATCH', '合计'), ...totalMismatch('合计', [OTHER])],
  },

  // AMOUNT_SUM_MISMATCH in a project, a unit and the 合计 row
  {
    name: 'AMOUNT_SUM_MISMATCH: a project’s 总计 is not the sum of its sources',
    edit: (g) => shift(g, PROJECT_A, { [TOTAL]: 1 }),
    expect: [err('AMOUNT_SUM_MISMATCH', PROJECT_A, { says: `“${PROJECT_A}”的总计${figurePlus(PROJECT_A, TOTAL, 1)}不等于` }), ...totalMismatch(UNIT_1, [TOTAL])],
  },
  {
    name: 'AMOUNT_SUM_MISMATCH: a unit’s 总计 is not the sum of its sources',
    edit: (g) => shift(g, UNIT_2, { [TOTAL]: 1 }),
    expect: [err('AMOUNT_SUM_MISMATCH', UNIT_2), statedMismatch(UNIT_2, TOTAL, 1), ...totalMismatch('合计', [TOTAL])],
  },
  {
    name: 'AMOUNT_SUM_MISMATCH: the 合计 row’s 总计 is not the sum of its sources',
    edit: (g) => shift(g, '合计', { [TOTAL]: -1 }),
    expect: [err('AMOUNT_SUM_MISMATCH', '合计'), statedMismatch('合计', TOTAL, -1)],
  },

  // TOTAL_MISMATCH: every column, at a unit row and at the 合计 row (each row's own sum still right)
  {
    name: 'TOTAL_MISMATCH: a unit row’s 总计 and 财政拨款 are not the sums of its projects',
    edit: (g) => {
      shift(g, UNIT_1, { [TOTAL]: 1, [FISCAL]: 1 });
      shift(g, '合计', { [TOTAL]: 1, [FISCAL]: 1 });
    },
    expect: [statedMismatch(UNIT_1, TOTAL, 1), statedMismatch(UNIT_1, FISCAL, 1)],
  },
  {
    name: 'TOTAL_MISMATCH: a unit row’s 财政专户拨款 and 其他资金 are not the sums of its projects',
    edit: (g) => {
      shift(g, UNIT_2, { [SPECIAL]: 1, [OTHER]: -1 });
      shift(g, '合计', { [SPECIAL]: 1, [OTHER]: -1 });
    },
    expect: [statedMismatch(UNIT_2, SPECIAL, 1), statedMismatch(UNIT_2, OTHER, -1)],
  },
  {
    name: 'TOTAL_MISMATCH: the 合计 row’s 总计 and 财政拨款 are not the sums of the units',
    edit: (g) => shift(g, '合计', { [TOTAL]: 2, [FISCAL]: 2 }),
    expect: [statedMismatch('合计', TOTAL, 2), statedMismatch('合计', FISCAL, 2)],
  },
  {
    name: 'TOTAL_MISMATCH: the 合计 row’s 财政专户拨款 and 其他资金 are not the sums of the units',
    edit: (g) => shift(g, '合计', { [SPECIAL]: -3, [OTHER]: 3 }),
    expect: [statedMismatch('合计', SPECIAL, -3), statedMismatch('合计', OTHER, 3)],
  },

  // Names
  {
    name: 'PROJECT_NAME_MISSING: a project row without a name',
    edit: (g) => setCell(g, PROJECT_A, NAME, ''),
    expect: [err('PROJECT_NAME_MISSING', PROJECT_A)],
  },
  {
    name: 'PROJECT_NAME_MISSING below a multi-line goal: the text line moves down, the sheet row does not',
    edit: (g) => {
      setCell(g, PROJECT_A, GOAL, '按时足额发放就业补贴，\n稳定重点群体就业。');
      setCell(g, PROJECT_B, NAME, '');
    },
    expect: [err('PROJECT_NAME_MISSING', PROJECT_B)],
  },
  {
    name: 'UNIT_NAME_MISSING: a unit row without a name',
    edit: (g) => setCell(g, UNIT_2, NAME, ''),
    expect: [err('UNIT_NAME_MISSING', UNIT_2)],
  },

  // Indicators
  {
    name: 'INDICATOR_UNPARSEABLE: the second indicator lacks its 实施周期指标值 label (the cell yields no indicators)',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '培训合格率；实施周期指标值:', '培训合格率；'),
    expect: [
      err('INDICATOR_UNPARSEABLE', PROJECT_B, { column: INDICATORS, says: '第2条绩效指标' }),
      warn('MISSING_INDICATOR_CATEGORY', PROJECT_B, { says: '没有产出指标、效益指标、满意度指标' }),
    ],
  },
  {
    name: 'INDICATOR_LEVEL_MISMATCH: a level-2 code under another level 1, at the indicator cell',
    edit: (g) => editCell(g, PROJECT_A, INDICATORS, '1、1-产出指标；11-数量指标', '1、1-产出指标；21-经济效益'),
    expect: [warn('INDICATOR_LEVEL_MISMATCH', PROJECT_A, { column: INDICATORS, says: '二级指标“21-经济效益”不属于一级指标“1-产出指标”' })],
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: an unknown level-1 code (and so an unknown level 2 under it)',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '2、1-产出指标；12-质量指标', '2、5-其他指标；51-其他'),
    expect: [
      warn('UNKNOWN_INDICATOR_CODE', PROJECT_B, { column: INDICATORS, says: '未知的一级指标代码“5-其他指标”' }),
      warn('UNKNOWN_INDICATOR_CODE', PROJECT_B, { column: INDICATORS, says: '未知的二级指标代码“51-其他”' }),
    ],
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: an unknown level-2 code under a known level 1',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '2、1-产出指标；12-质量指标', '2、1-产出指标；19-其他指标'),
    expect: [warn('UNKNOWN_INDICATOR_CODE', PROJECT_B, { column: INDICATORS, says: '未知的二级指标代码“19-其他指标”' })],
  },
  {
    name: 'MISSING_INDICATOR_CATEGORY: a project without a 满意度 indicator, at the project',
    edit: (g) => setCell(g, PROJECT_C, INDICATORS, indicatorCell(rowNamed(PROJECT_C).indicators.slice(0, 2))),
    expect: [warn('MISSING_INDICATOR_CATEGORY', PROJECT_C, { says: `项目“${PROJECT_C}”没有满意度指标` })],
  },
  {
    name: 'INDICATOR_NUMBERING: indicators numbered 1, 3, 3',
    edit: (g) => editCell(g, PROJECT_A, INDICATORS, '2、2-效益指标', '3、2-效益指标'),
    expect: [warn('INDICATOR_NUMBERING', PROJECT_A, { column: INDICATORS, says: '第2条编号为3' })],
  },

  // Structure
  {
    name: 'MISSING_TOTAL_ROW: no 合计 row, at the header (the absent 合计 then counts as 0)',
    edit: (g) => removeRow(g, '合计'),
    expect: [err('MISSING_TOTAL_ROW', 'header'), ...totalMismatch('header')],
  },
  {
    name: 'DUPLICATE_TOTAL_ROW: a second 合计 row at the end, at that row',
    edit: (g) => insertAfter(g, PROJECT_D, { id: '合计 again', cells: [...rowOf(g, '合计').cells] }),
    expect: [err('DUPLICATE_TOTAL_ROW', '合计 again')],
  },
  {
    name: 'MISSING_UNIT_ROW: the first unit row deleted, at the first project (which then stands for a unit of 0)',
    edit: (g) => removeRow(g, UNIT_1),
    expect: [err('MISSING_UNIT_ROW', PROJECT_A, { says: `项目“${PROJECT_A}”之前没有资金使用单位行` }), ...totalMismatch(PROJECT_A), ...totalMismatch('合计')],
  },
  {
    name: 'UNSUPPORTED_MONEY_UNIT: 单位：元, at the 单位 line',
    edit: (g) => setCell(g, 'money-unit', NAME, '单位：元'),
    expect: [err('UNSUPPORTED_MONEY_UNIT', 'money-unit', { says: '金额单位“元”不受支持' })],
  },
  {
    name: 'UNSUPPORTED_MONEY_UNIT: 单位名称 left and 单位：千元 right on one row, at the 单位 cell',
    edit: (g) => {
      setCell(g, 'department', INDICATORS, '单位：千元');
      removeRow(g, 'money-unit');
    },
    expect: [err('UNSUPPORTED_MONEY_UNIT', 'department', { column: INDICATORS, says: '“千元”' })],
  },
  {
    name: 'UNKNOWN_COLUMN: a 备注 column after the seven, filled in one row (a warning, not a broken row)',
    edit: (g) => {
      setCell(g, 'header', INDICATORS + 1, '备注');
      for (const r of g.slice(rowIndex(g, 'header') + 1)) setCell(g, r.id, INDICATORS + 1, r.id === PROJECT_B ? '续建' : '');
    },
    expect: [warn('UNKNOWN_COLUMN', 'header', { column: INDICATORS + 1, says: '表头“备注”不是官方格式的列' })],
  },

  // Characters and bytes no document can hold
  {
    name: 'INVALID_CHARACTER: `&#1;` in a goal, at its cell, naming the code point and the column',
    edit: (g) => editCell(g, PROJECT_B, GOAL, '培训，提升', '培训&#1;提升'),
    expect: [err('INVALID_CHARACTER', PROJECT_B, { column: GOAL, says: '绩效目标中有无法输出的字符 U+0001（控制字符）' })],
  },
  {
    name: 'INVALID_CHARACTER: a raw control character in a project name (text only: a workbook cannot hold one raw)',
    kinds: ['text'],
    edit: (g) => setCell(g, PROJECT_C, NAME, '技能鉴定\u001b补助'),
    expect: [err('INVALID_CHARACTER', PROJECT_C, { says: '项目名称（资金使用单位）中有无法输出的字符 U+001B（控制字符）' })],
  },
  {
    name: 'INVALID_CHARACTER: a control character a workbook escapes as `_x0007_`, in an indicator (workbook only)',
    kinds: ['workbook'],
    edit: (g) => editCell(g, PROJECT_C, INDICATORS, '鉴定完成时限', '鉴定_x0007_完成时限'),
    expect: [err('INVALID_CHARACTER', PROJECT_C, { column: INDICATORS, says: '绩效指标中有无法输出的字符 U+0007' })],
  },
  {
    name: 'INVALID_CHARACTER: U+FFFF in an indicator and a lone surrogate in the title, each at its cell',
    edit: (g) => {
      editCell(g, PROJECT_D, INDICATORS, '开放实训工位', '开放实训&#xFFFF;工位');
      editCell(g, 'title', NAME, '项目支出', '项目&#xD800;支出');
    },
    expect: [
      err('INVALID_CHARACTER', PROJECT_D, { column: INDICATORS, says: 'U+FFFF（非字符）' }),
      err('INVALID_CHARACTER', 'title', { says: '表头上方的文字中有无法输出的字符 U+D800（不成对的代理码位）' }),
    ],
  },
  {
    name: 'INVALID_ENCODING: one invalid byte in a UTF-8 export is that line’s error, not a switch to GB18030 (text only)',
    kinds: ['text'],
    edit: () => {},
    bytes: (tsv) => withBytes(tsv, '提升', [0xff]),
    expect: [err('INVALID_ENCODING', PROJECT_B, { says: '无法按 UTF-8 解码的字节 FF' })],
  },
  {
    name: 'INVALID_ENCODING: a download cut inside the last character is one bad sequence, at the last line (text only)',
    kinds: ['text'],
    edit: () => {},
    bytes: (tsv) => Buffer.from(tsv.trimEnd()).subarray(0, Buffer.byteLength(tsv.trimEnd()) - 1),
    expect: [err('INVALID_ENCODING', PROJECT_D, { says: '字节 E3 80' })],
  },
  {
    name: 'YEAR_OUT_OF_RANGE: the title’s year written 0025, at the title (never dated 1925)',
    edit: (g) => editCell(g, 'title', NAME, '2025年', '0025年'),
    expect: [err('YEAR_OUT_OF_RANGE', 'title', { says: '标题中的年度“0025”超出范围' })],
  },

  // Names and text
  {
    name: 'DUPLICATE_PROJECT: a unit’s second project renamed like its first, at the second, naming the first',
    edit: (g) => setCell(g, PROJECT_B, NAME, PROJECT_A),
    expect: [warn('DUPLICATE_PROJECT', PROJECT_B, { says: (ref) => `项目名称“${PROJECT_A}”重复（另见${ref(PROJECT_A)}）` })],
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in a project name',
    edit: (g) => setCell(g, PROJECT_C, NAME, '技能鉴定 and 补助'),
    expect: [warn('LATIN_IN_CHINESE', PROJECT_C, { says: '名称中文句中夹有英文单词“and”' })],
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in a goal, at the project',
    edit: (g) => editCell(g, PROJECT_B, GOAL, '培训，提升', '培训 and 提升'),
    expect: [warn('LATIN_IN_CHINESE', PROJECT_B, { says: '绩效目标中文句中夹有英文单词“and”' })],
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in an indicator, at the indicator cell',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '培训合格率', '培训 or 合格率'),
    expect: [warn('LATIN_IN_CHINESE', PROJECT_B, { column: INDICATORS, says: '第2条指标中文句中夹有英文单词“or”' })],
  },
];
