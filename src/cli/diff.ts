/** `pubtable diff <old> <new>`: what changed between two versions of the records. */
import { extname } from 'node:path';
import { documentDate } from '../pipeline/document-date.js';
import { CHANGE_LABELS, diffPublications, type Change } from '../diff/diff.js';
import { readPublication } from '../ingest/index.js';
import { formatDiagnostic, formatSource, hasErrors } from '../model/diagnostic.js';
import { writeFileAtomic } from '../pipeline/write-atomic.js';
import { FORMATS, rendererFor, type Format } from '../render/index.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../template/report.js';

export async function diffCommand(oldInput: string, newInput: string, json: boolean, out: string | undefined, templates: string | undefined): Promise<number> {
  const format = out === undefined ? null : extname(out).slice(1).toLowerCase();
  if (format !== null && !(FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(`用法错误 USAGE: --out 的扩展名应为 ${FORMATS.join('、')} 之一\n`);
    return 2;
  }
  // Only records that could not be read stop a diff; figures that do not add up are what
  // a correction is about, so they are compared, not refused.
  const [before, after] = await Promise.all([readPublication(oldInput), readPublication(newInput)]);
  const errors = [...before.diagnostics, ...after.diagnostics].filter((d) => d.severity === 'error');
  if (hasErrors(errors)) {
    for (const d of errors) process.stderr.write(formatDiagnostic(d) + '\n');
    return 1;
  }
  const changes = diffPublications(before.publication, after.publication);
  if (json) process.stdout.write(JSON.stringify({ changes }, null, 2) + '\n');
  else process.stdout.write(describe(changes));
  if (out !== undefined && format !== null) {
    const report = loadReport(templates ?? DEFAULT_TEMPLATES, 'corrections');
    const context = { before: before.publication, after: after.publication, changes: changes.map((c) => ({ ...c, label: CHANGE_LABELS[c.kind] })) };
    const layout = renderLayout(report, context, documentDate(after.publication.year));
    const { bytes } = await (await rendererFor(format as Format))(layout);
    await writeFileAtomic(out, bytes);
  }
  return 0;
}

function describe(changes: Change[]): string {
  if (changes.length === 0) return '两个版本的记录没有差别。\n';
  const lines = [`共 ${changes.length} 处变化：`];
  for (const c of changes) {
    const head = `${formatSource(c.source)}  ${CHANGE_LABELS[c.kind]}：${c.subject}${c.field ? ` · ${c.field}` : ''}`;
    if (c.kind === 'project-added' || c.kind === 'project-removed') lines.push(head);
    else lines.push(head, `    原为：${c.before || '（空）'}`, `    改为：${c.after || '（空）'}`);
  }
  return lines.join('\n') + '\n';
}
