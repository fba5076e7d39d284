/** The bundled real example, and small edits of it that tests build variants from. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_PATH = fileURLToPath(new URL('../../examples/panyu-hrss-2025.txt', import.meta.url));

export function exampleText(): string {
  return readFileSync(EXAMPLE_PATH, 'utf8');
}

export function exampleLines(): string[] {
  return exampleText().split('\n');
}

/** The 1-based line numbers of the example's rows, by their first cell. */
export function lineOf(firstCell: string): number {
  const i = exampleLines().findIndex((l) => l.split('\t')[0] === firstCell);
  if (i < 0) throw new Error(`no row ${firstCell}`);
  return i + 1;
}
