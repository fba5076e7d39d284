/**
 * Where and how corrected records are written back: into the input itself, in its own
 * format, when that loses nothing (a text export patched cell by cell; JSON/YAML, which
 * are canonical anyway); otherwise beside it as canonical YAML (`<input>.corrected.yaml`),
 * which is then the records' file. Every rewrite is read back before it is offered: what
 * is written reads as exactly the corrected records.
 */
import { basename, extname } from 'node:path';
import type { Publication } from '../model/types.js';
import { readAny } from './index.js';
import { writeCanonical } from './canonical/writer.js';
import { patchTextExport } from './text-export/patch.js';

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

/** How to save `after` for the records read from `bytes` of `file` (which read as `before`). */
export async function rewriteFor(file: string, bytes: Uint8Array, before: Publication, after: Publication): Promise<Rewrite> {
  const rewrite = chooseRewrite(file, bytes, before, after);
  // What is written must read as the corrected records; a writer bug must not reach a user's file.
  const back = await readAny(rewrite.bytes, rewrite.file);
  if (writeCanonical(back.publication, 'json') !== writeCanonical(after, 'json')) {
    throw new Error(`rewrite of ${basename(file)} does not read back as the corrected records`);
  }
  return rewrite;
}

function chooseRewrite(file: string, bytes: Uint8Array, before: Publication, after: Publication): Rewrite {
  const ext = extname(file).toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (!isZip && (ext === '.json' || ext === '.yaml' || ext === '.yml')) {
    return { file, bytes: Buffer.from(writeCanonical(after, ext === '.json' ? 'json' : 'yaml')), beside: isBesideFile(file) };
  }
  const patched = isZip || ext === '.xlsx' ? null : patchTextExport(bytes, file, before, after);
  if (patched) return { file, bytes: patched, beside: false };
  return { file: besideFile(file), bytes: Buffer.from(writeCanonical(after, 'yaml')), beside: true };
}
