/**
 * Where and how corrected records are written back: into the input itself, in its own
 * format, when that loses nothing (a text export patched cell by cell; JSON/YAML, which
 * are canonical anyway); otherwise beside it as canonical YAML (`<input>.corrected.yaml`),
 * which is then the records' file. Every rewrite is read back before it is offered: what
 * is written reads as exactly the corrected records.
 */
import { basename, extname } from 'node:path';
import type { Publication } from '../model/types.js';
import { inputKind, readAny } from './index.js';
import { writeCanonical } from './canonical/writer.js';
import { textPatches } from './text-export/patch.js';

export interface Rewrite {
  /** The file to write: the input, or the YAML beside it. */
  file: string;
  bytes: Uint8Array;
  /** True when the records no longer live in the input but beside it. */
  beside: boolean;
}

export const BESIDE_SUFFIX = '.corrected.yaml';

/** The YAML a workbook's corrections are kept in, beside it. */
export function besideFile(input: string): string {
  return `${input}${BESIDE_SUFFIX}`;
}

export function isBesideFile(file: string): boolean {
  return file.endsWith(BESIDE_SUFFIX);
}

/**
 * How to save `after` for the records read from `bytes` of `file` (which read as `before`):
 * the first way, in order of preference, whose bytes read back as exactly `after`.
 */
export async function rewriteFor(file: string, bytes: Uint8Array, before: Publication, after: Publication): Promise<Rewrite> {
  const wanted = writeCanonical(after, 'json');
  for (const rewrite of rewrites(file, bytes, before, after)) {
    // What is written must read as the corrected records; a writer bug must not reach a user's file.
    const back = await readAny(rewrite.bytes, rewrite.file);
    if (writeCanonical(back.publication, 'json') === wanted) return rewrite;
  }
  throw new Error(`no rewrite of ${basename(file)} reads back as the corrected records`);
}

/** In the input's own format first (a text export patched, JSON/YAML canonical), then the YAML beside it. */
function* rewrites(file: string, bytes: Uint8Array, before: Publication, after: Publication): Generator<Rewrite> {
  const kind = inputKind(bytes, file);
  if (kind === 'canonical') {
    yield { file, bytes: Buffer.from(writeCanonical(after, extname(file).toLowerCase() === '.json' ? 'json' : 'yaml')), beside: isBesideFile(file) };
    return;
  }
  if (kind === 'text-export') for (const patched of textPatches(bytes, before, after)) yield { file, bytes: patched, beside: false };
  yield { file: besideFile(file), bytes: Buffer.from(writeCanonical(after, 'yaml')), beside: true };
}
