/**
 * `pubtable verify <file.pdf> [--json]`: whether the pages of a pubtable PDF show exactly
 * what the records inside it say (../pipeline/verify.ts). Exit 0 when they do, 1 when they
 * do not or the records do not add up, 2 when there are no records to check against.
 */
import { formatAmount } from '../model/amount.js';
import { error, formatDiagnostic, hasErrors, type Diagnostic } from '../model/diagnostic.js';
import { recordCounts } from '../model/projects.js';
import { issuesJson } from '../pipeline/check-summary.js';
import { verifyPdf, type Difference } from '../pipeline/verify.js';

export async function verifyCommand(file: string, templatesDir: string, json: boolean): Promise<number> {
  const r = await verifyPdf(file, templatesDir);
  const problems: Diagnostic[] = [...r.diagnostics, ...r.differences.map((d) => differenceDiagnostic(file, d))];
  if (r.pages.shown !== r.pages.expected) {
    problems.push(error('VERIFY_PAGE_COUNT', `PDF 有 ${r.pages.shown} 页，按内附记录应为 ${r.pages.expected} 页`, { file }));
  }
  const ok = !hasErrors(problems);
  if (json) {
    const { kind, pages, differences } = r;
    process.stdout.write(JSON.stringify({ ok, kind, pages, differences, issues: issuesJson(problems) }) + '\n');
    return ok ? 0 : 1;
  }
  // The records' warnings (a level-2 code that contradicts level 1, …) are `validate`'s business.
  for (const d of problems) if (d.severity === 'error') process.stdout.write(formatDiagnostic(d) + '\n');
  const c = recordCounts(r.publication);
  const what = `${r.kind === 'publication' ? '绩效目标表' : '项目表'} ${r.pages.shown} 页；项目 ${c.projects} 个，合计 ${formatAmount(r.publication.total.total)} 万元`;
  process.stdout.write(ok ? `${file}：页面与内附记录一致（${what}）\n` : `${file}：页面与内附记录不一致（${what}）\n`);
  return ok ? 0 : 1;
}

function differenceDiagnostic(file: string, d: Difference): Diagnostic {
  const at = `第 ${d.page} 页第 ${d.line} 行`;
  const project = d.project ? `（项目 ${d.project}）` : '';
  const shown = d.shown === null ? '页面上没有这一行' : `页面上为“${d.shown}”`;
  const expected = d.expected === null ? '按内附记录不应有这一行' : `按内附记录应为“${d.expected}”`;
  return error('VERIFY_PAGE_DIFFERS', `${at}：${shown}，${expected}${project}`, { file });
}
