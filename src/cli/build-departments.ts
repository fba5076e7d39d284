/**
 * `pubtable build <folder>` / `pubtable build a.txt b.xlsx …`: every department, then the
 * portal package (../bureau/run.ts). Prints a line per department as it is done and the
 * messages of those that were not built; exits 1 if any department was not built.
 */
import { rulesFileFor } from '../bureau/inputs.js';
import { buildDepartments, type DepartmentOutcome } from '../bureau/run.js';
import type { Shard } from '../bureau/shard.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import type { BuildOptions } from '../pipeline/build.js';
import { loadRules } from '../review/rules-file.js';
import { listenForInterrupt } from './interrupt.js';

export interface DepartmentsArgs extends Omit<BuildOptions, 'input' | 'outDir' | 'select' | 'loaded' | 'pool' | 'progress'> {
  inputs: string[];
  out: string;
  shard: Shard | null;
  rules?: string;
  title?: string;
}

export async function buildDepartmentsCommand(a: DepartmentsArgs): Promise<number> {
  const rules = await loadRules(await rulesFileFor(a.inputs, a.rules));
  const interrupt = listenForInterrupt();
  let r;
  try {
    const onDepartment = (d: DepartmentOutcome) => process.stderr.write(departmentLine(d));
    r = await buildDepartments({ ...a, outDir: a.out, rules, onDepartment, signal: interrupt.signal });
  } finally {
    interrupt.stop();
  }
  const failed = r.departments.filter((d) => d.status === 'failed');
  const lines = [`单位 ${r.departments.length} 个：已生成 ${r.departments.length - failed.length} 个，未生成 ${failed.length} 个（输出目录 ${a.out}）`];
  if (a.shard !== null) lines.push(`分片 ${a.shard.index}/${a.shard.count}：其余 ${r.skipped.length} 个单位属于其他分片；全部分片完成后运行 pubtable index ${a.out} 生成汇总`);
  if (r.portal) lines.push(`汇总：写入 ${r.portal.written.length} 个文件，未变 ${r.portal.unchanged.length} 个（${[...r.portal.written, ...r.portal.unchanged].sort().join('、')}）`);
  for (const d of failed) lines.push(`未生成：${d.entry.department?.name ?? d.entry.input}（${d.entry.input}）`);
  process.stdout.write(lines.join('\n') + '\n');
  return failed.length > 0 ? 1 : 0;
}

function departmentLine(d: DepartmentOutcome): string {
  const name = `${d.entry.department?.name ?? d.entry.input} → ${d.entry.folder}/`;
  if (d.status === 'failed') {
    // The errors say why; its warnings would bury them (pubtable validate lists them).
    const errors = d.diagnostics.filter((x) => x.severity === 'error');
    const warnings = d.diagnostics.length - errors.length;
    const more = warnings > 0 ? [`    另有 ${warnings} 条警告（pubtable validate ${d.entry.input} 可列出）`] : [];
    return [`✗ ${name}：有错误，未生成`, ...errors.map((x) => `    ${formatDiagnostic(x)}`), ...more].join('\n') + '\n';
  }
  const b = d.build!;
  const warnings = d.diagnostics.length > 0 ? `，警告 ${d.diagnostics.length} 条` : '';
  return `✓ ${name}：写入 ${b.written.length + b.recovered.length} 个文件，未变 ${b.unchanged.length} 个${warnings}，审核意见 ${d.findings.length} 条\n`;
}
