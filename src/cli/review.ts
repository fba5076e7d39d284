/** `pubtable review <input or folder …> [--json] [--rules FILE]`: the review of target quality (审核). */
import { basename } from 'node:path';
import { collectInputs, rulesFileFor } from '../bureau/inputs.js';
import { formatSource, hasErrors, InputError } from '../model/diagnostic.js';
import { showInvalidCharacters } from '../model/characters.js';
import { loadPublication } from '../pipeline/load.js';
import { SEVERITY_LABELS, type Finding } from '../review/finding.js';
import { review } from '../review/review.js';
import { loadRules } from '../review/rules-file.js';

export async function reviewCommand(paths: string[], json: boolean, rulesFile: string | undefined): Promise<number> {
  const rules = await loadRules(await rulesFileFor(paths, rulesFile));
  const inputs = await collectInputs(paths);
  const reports = [];
  let failing = false;
  for (const input of inputs) {
    try {
      const { publication: p, diagnostics } = await loadPublication(input);
      const findings = review(p, rules);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      failing ||= hasErrors(diagnostics) || findings.some((f) => f.severity === 'error');
      reports.push({ input, department: p.department, year: p.year, errors, findings });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      failing = true;
      reports.push({ input, department: null, year: null, errors: 1, unreadable: `${e.code}: ${e.message}`, findings: [] as Finding[] });
    }
  }
  if (json) {
    process.stdout.write(JSON.stringify({ departments: reports }) + '\n');
    return failing ? 1 : 0;
  }
  const lines: string[] = [];
  for (const r of reports) {
    const head = `${r.department ?? basename(r.input)}${r.year === null ? '' : `（${r.year}年度）`}`;
    if ('unreadable' in r) {
      lines.push(`${head}：无法读取 ${r.unreadable}`);
      continue;
    }
    const note = r.errors > 0 ? `；记录有 ${r.errors} 处错误，请先运行 pubtable validate` : '';
    lines.push(`${head}：审核意见 ${r.findings.length} 条${note}`);
    for (const f of r.findings) lines.push(`  ${formatSource(f.source)}: ${SEVERITY_LABELS[f.severity]} ${f.code}: ${f.message}`);
  }
  const total = reports.reduce((n, r) => n + r.findings.length, 0);
  lines.push(`共 ${reports.length} 个单位，审核意见 ${total} 条`);
  process.stdout.write(showInvalidCharacters(lines.join('\n')) + '\n');
  return failing ? 1 : 0;
}
