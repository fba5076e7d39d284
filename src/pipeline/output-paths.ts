/**
 * The names pubtable gives its files in out/, and the test of whether a path is one of
 * them. The manifest may come from anywhere (a folder copied from a colleague, a shared
 * drive): only a path of these shapes is ever deleted or trusted, so a manifest naming
 * `../important.txt`, `/etc/passwd` or `.` can do nothing.
 */
import { basename, extname } from 'node:path';
import { BESIDE_SUFFIX } from '../ingest/rewrite.js';
import { FORMATS } from '../render/index.js';

export const COMBINED_SUFFIX = '-项目表合订.pdf';
export const PRINTOUT_FOLDER = 'projects';
/** Most file systems allow 255 bytes of UTF-8 in one name. */
export const MAX_NAME_BYTES = 255;

/**
 * Which publication an input is: its file name without the extension, the name its
 * files carry (`2025.txt` and a corrected `2025.xlsx` are the same publication, `2024.txt`
 * another; the YAML a workbook's corrections are kept in, `2025.xlsx.corrected.yaml`, is
 * 2025 too). Each manifest entry records it, so a build judges only its own files.
 */
export function publicationName(input: string): string {
  const name = basename(input);
  const own = name.endsWith(BESIDE_SUFFIX) ? name.slice(0, -BESIDE_SUFFIX.length) : name;
  return basename(own, extname(own));
}

export type OutputKind = 'publication' | 'combined' | 'printout';

const FORMAT = `\\.(?:${FORMATS.join('|')})`;
const PRINTOUT = new RegExp(`^${PRINTOUT_FOLDER}/\\d{2,}-[^/]+${FORMAT}$`);
const TOP_LEVEL = new RegExp(`^[^/]+${FORMAT}$`);

/**
 * The kind of file `path` (relative to out/, `/`-separated) is if pubtable could have
 * written it: `<name>.<format>`, `<name>-项目表合订.pdf` or
 * `projects/<NN>-<name>.<format>`; null for anything else.
 */
export function outputKind(path: string): OutputKind | null {
  if (/[\\\u0000]/.test(path) || path.startsWith('/')) return null;
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..' || part.startsWith('.pubtable'))) return null;
  if (PRINTOUT.test(path)) return 'printout';
  if (!TOP_LEVEL.test(path)) return null;
  return path.endsWith(COMBINED_SUFFIX) ? 'combined' : 'publication';
}

/**
 * Whether publication `name` could have written `path`: its own top-level files carry
 * its name; printouts (projects/NN-…) carry the project's, so any publication may.
 */
export function mayWrite(name: string, path: string): boolean {
  const kind = outputKind(path);
  if (kind === 'printout') return true;
  return kind !== null && (path === `${name}${COMBINED_SUFFIX}` || FORMATS.some((f) => path === `${name}.${f}`));
}

/** The first part of `path` longer than a file system allows, or null. */
export function overlongPart(path: string): string | null {
  const enc = new TextEncoder();
  return path.split('/').find((part) => enc.encode(part).length > MAX_NAME_BYTES) ?? null;
}
