/**
 * Records in, checked: read a file with whichever reader fits, then validate what it says.
 * Reader messages come first, then validation messages.
 */
import { readAny, readPublication } from '../ingest/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Publication } from '../model/types.js';
import { validate } from '../validate/validate.js';

export interface Loaded {
  publication: Publication;
  diagnostics: Diagnostic[];
}

/** The records of `file`, checked; `bytes` when the caller has already read them (the workbench hashes them). */
export async function loadPublication(file: string, bytes?: Uint8Array): Promise<Loaded> {
  const { publication, diagnostics } = await (bytes === undefined ? readPublication(file) : readAny(bytes, file));
  return { publication, diagnostics: [...diagnostics, ...validate(publication)] };
}
