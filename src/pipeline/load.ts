/**
 * Records in, checked: read a file with whichever reader fits, then validate what it says.
 * Reader messages come first, then validation messages.
 */
import { readPublication } from '../ingest/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Publication } from '../model/types.js';
import { validate } from '../validate/validate.js';

export interface Loaded {
  publication: Publication;
  diagnostics: Diagnostic[];
}

export async function loadPublication(file: string): Promise<Loaded> {
  const { publication, diagnostics } = await readPublication(file);
  return { publication, diagnostics: [...diagnostics, ...validate(publication)] };
}
