/**
 * The one fontkit of the process: the CommonJS build, as pdfkit (which comes with pdfmake)
 * loads it. Importing `fontkit` as ESM would load its other build beside it: a second copy
 * of a large library to load and initialise, and fonts of two classes, so that what the
 * renderer learns of a font file (the tables shared-tables.ts keeps, the shaping shortcuts) could
 * not serve the fonts pdfkit opens from the same bytes.
 */
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import { pdfkitPath } from './pdfkit.js';

export const fontkit = createRequire(pdfkitPath())('fontkit') as typeof Fontkit;

/**
 * A font of `sample` (the first face of a collection): what the patches of fontkit's font
 * class (./shaping.ts, ./shared-tables.ts) reach that class through.
 */
export function sampleFont(sample: Uint8Array): object | null {
  const probe = fontkit.create(sample as Buffer) as object | { fonts: object[] } | null;
  return probe && 'fonts' in probe ? (probe.fonts[0] ?? null) : probe;
}
