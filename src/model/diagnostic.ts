/**
 * Messages about the input: a stable English code for tools, a Chinese message for
 * people, and the place in the input they are about.
 */
import { showInvalidCharacters } from './characters.js';
import type { Source } from './types.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  source: Source;
}

export function error(code: string, message: string, source: Source): Diagnostic {
  return { severity: 'error', code, message, source };
}

export function warning(code: string, message: string, source: Source): Diagnostic {
  return { severity: 'warning', code, message, source };
}

/**
 * Keeps the first `max` messages of one code; the rest become a single message at the place
 * of the first one left out, saying how many: a file full of one fault stays readable.
 */
export function limitRepeats(ds: Diagnostic[], code: string, max: number): Diagnostic[] {
  let seen = 0;
  const out: Diagnostic[] = [];
  for (const d of ds) {
    if (d.code !== code || ++seen <= max) out.push(d);
    else if (seen === max + 1) out.push({ ...d, message: '' });
  }
  const rest = out.find((d) => d.code === code && d.message === '');
  if (rest) rest.message = `另有 ${seen - max} 处同类问题未逐一列出，从此处起`;
  return out;
}

/** A piece of the input quoted in a message: its first line, at most `max` characters. */
export function excerpt(text: string, max = 40): string {
  const line = text.trim().split('\n', 1)[0]!;
  return line.length > max || line.length < text.trim().length ? `${line.slice(0, max)}…` : line;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** `file:12` or `file!Sheet1!B7`: how messages name a place. */
export function formatSource(s: Source): string {
  if (s.sheet !== undefined) return `${s.file}!${s.sheet}!${s.cell ?? ''}`;
  return s.line !== undefined ? `${s.file}:${s.line}` : s.file;
}

/** The inverse of formatSource, for places that travelled through a template as text. */
export function parseSourceRef(ref: string): Source {
  const cell = /^(.*)!([^!]*)!([A-Z]+\d+)$/.exec(ref);
  if (cell) return { file: cell[1]!, sheet: cell[2]!, cell: cell[3]! };
  const line = /^(.*):(\d+)$/.exec(ref);
  return line ? { file: line[1]!, line: Number(line[2]) } : { file: ref };
}

export function formatDiagnostic(d: Diagnostic): string {
  const label = d.severity === 'error' ? '错误' : '警告';
  // Messages quote the input: a control character in it must not reach the terminal raw.
  return showInvalidCharacters(`${formatSource(d.source)}: ${label} ${d.code}: ${d.message}`);
}

/**
 * A problem that stops reading altogether (a file that cannot be opened or recognised):
 * the CLI exits 2 with its message. Problems inside a readable file are Diagnostics.
 */
export class InputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly source: { file: string; line?: number },
  ) {
    super(message);
  }
}
