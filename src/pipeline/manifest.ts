/**
 * The build manifest (`<out>/.pubtable-manifest.json`): for each output file, the hash of
 * everything it was made from and the hash of the bytes written. A file is up to date
 * when both still match: its inputs are unchanged and nobody altered or truncated it.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './write-atomic.js';

export const MANIFEST_NAME = '.pubtable-manifest.json';

export interface ManifestEntry {
  /** Hash of the output's inputs: records, templates, styles, fonts, pubtable version. */
  inputs: string;
  /** Hash of the bytes written. */
  sha256: string;
  /** Size and modification time when written: if both still match, the bytes need no re-reading. */
  size: number;
  mtimeMs: number;
}

export type Manifest = Record<string, ManifestEntry>;

export async function readManifest(outDir: string): Promise<Manifest> {
  try {
    const data = JSON.parse(await readFile(join(outDir, MANIFEST_NAME), 'utf8')) as { outputs?: Manifest };
    return data.outputs ?? {};
  } catch {
    return {};
  }
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFileAtomic(join(outDir, MANIFEST_NAME), JSON.stringify({ format: 'pubtable-manifest/1', outputs: sorted }, null, 2) + '\n');
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Whether the file on disk is what the manifest says was written. A file whose size and
 * modification time are unchanged is taken as intact (as make does); any other is hashed.
 */
export async function isIntact(outDir: string, path: string, entry: ManifestEntry): Promise<boolean> {
  try {
    const s = await stat(join(outDir, path));
    if (s.size === entry.size && s.mtimeMs === entry.mtimeMs) return true;
    return s.size === entry.size && sha256(await readFile(join(outDir, path))) === entry.sha256;
  } catch {
    return false;
  }
}

/** The manifest entry for bytes just written to `path`. */
export async function entryFor(outDir: string, path: string, inputs: string, bytes: Uint8Array): Promise<ManifestEntry> {
  const s = await stat(join(outDir, path));
  return { inputs, sha256: sha256(bytes), size: s.size, mtimeMs: s.mtimeMs };
}
