/**
 * The text of inline runs as the pieces a writer puts in a cell or paragraph: a text run's
 * text, `\n` for a line break, and for a page field what `field` says (its value, or null
 * where the writer cannot show one; it is then left out).
 */
import type { Inline } from '../layout/types.js';

export function textPieces(runs: readonly Inline[], field: (name: 'page' | 'pages') => string | null): string[] {
  const pieces: string[] = [];
  for (const run of runs) {
    if (run.kind === 'text') pieces.push(run.text);
    else if (run.kind === 'break') pieces.push('\n');
    else {
      const value = field(run.field);
      if (value !== null) pieces.push(value);
    }
  }
  return pieces;
}
