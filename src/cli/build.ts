/** `pubtable build <input> …`: records → checked model → layouts → files in out/. */
import { build, type BuildOptions, type BuildResult } from '../pipeline/build.js';
import { progressFor } from '../pipeline/progress.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import type { PdfStandard } from '../layout/types.js';
import { DEFAULT_TEMPLATES } from '../template/report.js';
import { checkedFormats } from './formats.js';
import { listenForInterrupt } from './interrupt.js';

export interface BuildArgs {
  input: string;
  out: string;
  formats: string;
  templates?: string;
  projects: boolean;
  project?: (string | number)[];
  combined: boolean;
  force: boolean;
  keepStale: boolean;
  pdfStandard?: PdfStandard;
}

export async function buildCommand(a: BuildArgs): Promise<number> {
  const opts: BuildOptions = {
    input: a.input,
    outDir: a.out,
    formats: checkedFormats(a.formats),
    templatesDir: a.templates ?? DEFAULT_TEMPLATES,
    projects: a.projects || a.combined,
    select: (a.project ?? []).map(String),
    combined: a.combined,
    force: a.force,
    keepStale: a.keepStale,
    pdfStandard: a.pdfStandard,
    progress: progressFor(process.stderr),
  };
  const interrupt = listenForInterrupt();
  let r: BuildResult;
  try {
    r = await build({ ...opts, signal: interrupt.signal });
  } finally {
    interrupt.stop();
  }
  for (const d of r.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (hasErrors(r.diagnostics)) {
    process.stderr.write('输入有错误，未生成任何文件。\n');
    return 1;
  }
  const recovered = r.recovered.length > 0 ? `沿用上次中断前已完成的 ${r.recovered.length} 个，` : '';
  const lines = [
    `写入 ${r.written.length} 个文件，${recovered}未变 ${r.unchanged.length} 个，删除 ${r.removed.length} 个（输出目录 ${a.out}）`,
    ...r.removed.map((p) => `  已删除（项目已不存在）：${p}`),
    ...r.stale.map((p) => `  已保留（项目已不存在，--keep-stale）：${p}`),
  ];
  if (r.written.length === 0 && r.recovered.length === 0 && r.removed.length === 0) lines[0] = `所有 ${r.unchanged.length} 个文件都是最新的，未写入任何文件（输出目录 ${a.out}）`;
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
