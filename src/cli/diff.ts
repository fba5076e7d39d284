/** `pubtable diff <old> <new>`: what changed between two versions of the records. */
import { extname } from 'node:path';
import type { Mark } from '../diff/char-diff.js';
import { CHANGE_LABELS, diffPublications, withMarks, type MarkedChange } from '../diff/diff.js';
import { readPublication } from '../ingest/index.js';
import { formatDiagnostic, formatSource, hasErrors } from '../model/diagnostic.js';
import { writeFileAtomic } from '../pipeline/write-atomic.js';
import { markedText, renderCorrections } from '../pipeline/corrections.js';
import { FORMATS, type Format } from '../render/index.js';
import { DEFAULT_TEMPLATES } from '../template/report.js';

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
  const marked = withMarks(changes);
  if (json) process.stdout.write(JSON.stringify({ changes: marked }, null, 2) + '\n');
  else process.stdout.write(describe(marked, colours()));
  if (out !== undefined && format !== null) {
    const bytes = await renderCorrections(before.publication, after.publication, changes, format as Format, templates ?? DEFAULT_TEMPLATES);
    await writeFileAtomic(out, bytes);
  }
  return 0;
}

/** On a terminal (and unless NO_COLOR is set), removed characters red and added green, both underlined. */
function colours(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

const PAINT = { del: ['\x1b[4;31m', '\x1b[0m'], ins: ['\x1b[4;32m', '\x1b[0m'] } as const;

/** One side of a change for the terminal: the changed characters painted, or in 〖〗 without colours. */
function side(marks: Mark[], which: 'del' | 'ins', paint: boolean): string {
  const text = paint ? markedText(marks, which, (t) => PAINT[which][0] + t + PAINT[which][1]) : markedText(marks, which);
  return text || '（空）';
}

function describe(changes: MarkedChange[], paint: boolean): string {
  if (changes.length === 0) return '两个版本的记录没有差别。\n';
  const lines = [`共 ${changes.length} 处变化：`];
  for (const c of changes) {
    const head = `${formatSource(c.source)}  ${CHANGE_LABELS[c.kind]}：${c.subject}${c.field ? ` · ${c.field}` : ''}`;
    if (c.kind === 'project-added' || c.kind === 'project-removed') lines.push(head);
    else lines.push(head, `    原为：${side(c.marks, 'del', paint)}`, `    改为：${side(c.marks, 'ins', paint)}`);
  }
  return lines.join('\n') + '\n';
}
