/** How `validate` shows a publication and its messages: a summary for people, or one JSON object. */
import { amountToString, formatAmount } from '../model/amount.js';
import { formatDiagnostic, hasErrors, type Diagnostic, type InputError } from '../model/diagnostic.js';
import { recordCounts } from '../model/projects.js';
import type { Publication } from '../model/types.js';

export function summaryJson(p: Publication, diagnostics: Diagnostic[]): object {
  return {
    ok: !hasErrors(diagnostics),
    ...recordCounts(p),
    totals: {
      total: amountToString(p.total.total),
      fiscal: amountToString(p.total.fiscal),
      special: amountToString(p.total.special),
      other: amountToString(p.total.other),
    },
    issues: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...d.source,
    })),
  };
}

export function summaryText(p: Publication, diagnostics: Diagnostic[]): string {
  const c = recordCounts(p);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const lines = [
    p.title || '（无标题）',
    `资金使用单位 ${c.units} 个，项目 ${c.projects} 个，绩效指标 ${c.indicators} 条`,
    `合计 ${formatAmount(p.total.total)} 万元（财政拨款 ${formatAmount(p.total.fiscal)}，` +
      `财政专户拨款 ${formatAmount(p.total.special)}，其他资金 ${formatAmount(p.total.other)}）`,
    `错误 ${errors} 条，警告 ${diagnostics.length - errors} 条`,
    ...diagnostics.map(formatDiagnostic),
  ];
  return lines.join('\n') + '\n';
}

/** `validate --json` for a file that could not be read at all: nothing counted, one fatal issue. */
export function unreadableJson(e: InputError): object {
  return {
    ok: false,
    units: 0,
    projects: 0,
    indicators: 0,
    totals: null,
    issues: [{ severity: 'error', code: e.code, message: e.message, ...e.source }],
  };
}
