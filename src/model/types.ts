/**
 * The domain model: what a 项目支出绩效目标表 says, independent of where it came from
 * and of how it is printed. Readers build it; validation and templates read it.
 */
import type { Amount } from './amount.js';

/** Where a record came from, so that every message can point at it. */
export interface Source {
  file: string;
  /** 1-based line of a text export, or of a JSON/YAML document. */
  line?: number;
  /** Worksheet name and A1 cell of a workbook. */
  sheet?: string;
  cell?: string;
}

export interface Amounts {
  /** 总计 */
  total: Amount;
  /** 财政拨款 */
  fiscal: Amount;
  /** 财政专户拨款 */
  special: Amount;
  /** 其他资金 */
  other: Amount;
}

export interface CodedName {
  /** `1`, `11`: kept as text, exactly as given. */
  code: string;
  name: string;
}

export interface Indicator {
  /** The number printed before the indicator (`1、`), as given. */
  number: number;
  /** 一级指标, e.g. 1-产出指标 */
  level1: CodedName;
  /** 二级指标, e.g. 11-数量指标 */
  level2: CodedName;
  /** 三级指标 */
  name: string;
  /** 实施周期指标值 */
  cycleValue: string;
  /** 年度指标值 */
  annualValue: string;
  source: Source;
}

export interface Project {
  name: string;
  amounts: Amounts;
  /** 绩效目标 */
  goal: string;
  /** 绩效指标 */
  indicators: Indicator[];
  source: Source;
}

/** 资金使用单位: a unit row and the projects listed under it. */
export interface Unit {
  name: string;
  /** The subtotal the unit row states. */
  amounts: Amounts;
  projects: Project[];
  source: Source;
}

export interface Publication {
  /** The title line as stated. */
  title: string;
  /** 年度, from the title; null when the title does not say. */
  year: number | null;
  /** 单位名称 */
  department: string;
  /** 单位 line; pubtable prints 万元 only. */
  moneyUnit: string;
  /** Where the 单位 line was read (the file alone when there is none), so UNSUPPORTED_MONEY_UNIT can point at it. */
  moneyUnitSource: Source;
  /** 含转移支付项目 */
  includesTransfer: boolean;
  /** The 合计 row as stated. */
  total: Amounts;
  totalSource: Source;
  units: Unit[];
  /** Free text lines found around the table that are none of the above; printed, never dropped. */
  notes: string[];
  source: Source;
}
