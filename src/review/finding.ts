/**
 * What the review of performance targets (审核) reports: like a Diagnostic, located at the
 * record it is about, but a judgement of quality rather than a fault in the figures, so it
 * may also be `info`, and it names the unit and project so that a reviewer can sort by them.
 */
import type { Source } from '../model/types.js';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable English code, e.g. REVIEW_VALUE_NOT_MEASURABLE. */
  code: string;
  severity: FindingSeverity;
  /** Chinese, quoting the offending text briefly. */
  message: string;
  /** The indicator's or the project's source. */
  source: Source;
  /** 资金使用单位 */
  unit: string;
  /** 项目名称; null for a finding about the whole publication. */
  project: string | null;
}

export const SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'info'];

/** How a severity reads in Chinese, in listings and in 审核意见.xlsx. */
export const SEVERITY_LABELS = { error: '错误', warning: '警告', info: '提示' } as const satisfies Record<FindingSeverity, string>;

/** `第12行` or `Sheet1!B7`: how a message names another record's place (as DUPLICATE_PROJECT does). */
export function placeOf(s: Source): string {
  if (s.sheet !== undefined) return `${s.sheet}!${s.cell ?? ''}`;
  return s.line !== undefined ? `第${s.line}行` : '';
}
