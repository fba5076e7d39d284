/**
 * What an output depends on, reduced to a hash: the records it shows (without their
 * sources, which change when unrelated rows move), the templates and style sheet, the
 * font files, the document date and pubtable's version.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { StyleSheet } from '../layout/stylesheet.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Stable JSON of records: bigint amounts as text, `source` fields left out. */
export function recordsKey(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) =>
    key === 'source' || key === 'totalSource' ? undefined : typeof v === 'bigint' ? v.toString() : v,
  );
}

/** Hash of the templates folder, the fonts its style sheet names, and pubtable's version. */
export async function environmentKey(templatesDir: string, styles: StyleSheet): Promise<string> {
  const h = createHash('sha256').update(`pubtable ${version}\n`);
  for (const file of await listFiles(templatesDir)) {
    h.update(`${relative(templatesDir, file)}\n`).update(await readFile(file));
  }
  const fonts = Object.values(styles.fonts).flatMap((f) => [f.pdf.normal, f.pdf.bold]);
  for (const path of [...new Set(fonts.map((f) => f.path))].sort()) h.update(path).update(await readFile(path));
  return h.digest('hex');
}

export function hashOf(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
