/** How `validate` shows a publication and its messages to people (../pipeline/check-summary.ts: to tools). */
import { formatAmount } from '../model/amount.js';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import { recordCounts } from '../model/projects.js';
import type { Publication } from '../model/types.js';

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
