/**
 * What an output depends on, reduced to a hash: the records it shows (without their
 * sources, which change when unrelated rows move), its own template, the partials and
 * style sheet, the font files, the document date and pubtable's version.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { StyleSheet } from '../layout/stylesheet.js';
import { sha256OfFile } from './file-hash.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The model's fields that say where a record was read from (src/model/types.ts). */
const SOURCE_KEYS = new Set(['source', 'totalSource', 'moneyUnitSource']);

/** Stable JSON of records: bigint amounts as text, source fields left out. */
export function recordsKey(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (SOURCE_KEYS.has(key) ? undefined : typeof v === 'bigint' ? v.toString() : v));
}

/** A report's template file, and the style sheet it was loaded with. */
export interface ReportSource {
  file: string;
  styles: StyleSheet;
}

/**
 * Hash of what a report's outputs are made with besides the records: pubtable's version,
 * the report's own template, every partial (any template may use any of them), the style
 * sheet and the font files it names. Other templates in the folder are left out, so that
 * editing project.hbs does not rewrite the publication.
 */
export async function environmentKey(templatesDir: string, report: ReportSource): Promise<string> {
  const h = createHash('sha256').update(`pubtable ${version}\n`);
  const files = [report.file, join(templatesDir, 'styles.json'), ...(await listFiles(join(templatesDir, 'partials')))];
  for (const file of files) {
    const bytes = await readFile(file);
    // Name and length first, so that no two different folders feed the hash the same stream.
    h.update(`${relative(templatesDir, file)}\n${bytes.length}\n`).update(bytes);
  }
  const fonts = Object.values(report.styles.fonts).flatMap((f) => [f.pdf.normal, f.pdf.bold]);
  for (const path of [...new Set(fonts.map((f) => f.path))].sort()) h.update(path).update(await fontDigest(path));
  return h.digest('hex');
}

/**
 * A font file's hash, once per process: fonts are tens of megabytes, and a bureau's run asks
 * for every department's two reports. Keyed by size and modification time too, so a font
 * replaced while a process runs (the workbench) is hashed again.
 */
const fontDigests = new Map<string, { key: string; digest: string }>();

async function fontDigest(path: string): Promise<string> {
  const s = await stat(path);
  const key = `${s.size}:${s.mtimeMs}:${s.ino}`;
  const known = fontDigests.get(path);
  if (known?.key === key) return known.digest;
  const digest = await sha256OfFile(path);
  fontDigests.set(path, { key, digest });
  return digest;
}

export function hashOf(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

/** Every file in `dir` and below, sorted; none when there is no such folder (partials are optional). */
async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
