/**
 * Messages about the input: a stable English code for tools, a Chinese message for
 * people, and the place in the input they are about.
 */
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

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** `file:12` or `file!Sheet1!B7`: how messages name a place. */
export function formatSource(s: Source): string {
  if (s.sheet !== undefined) return `${s.file}!${s.sheet}!${s.cell ?? ''}`;
  return s.line !== undefined ? `${s.file}:${s.line}` : s.file;
}

export function formatDiagnostic(d: Diagnostic): string {
  const label = d.severity === 'error' ? '错误' : '警告';
  return `${formatSource(d.source)}: ${label} ${d.code}: ${d.message}`;
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
