/**
 * The build manifest (`<out>/.pubtable-manifest.json`): for each output file, the hash of
 * everything it was made from and the hash of the bytes written. A file is up to date
 * when both still match: its inputs are unchanged and nobody altered or truncated it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/write-atomic.js';

export const MANIFEST_NAME = '.pubtable-manifest.json';

export interface ManifestEntry {
  /** Hash of the output's inputs: records, templates, styles, fonts, pubtable version. */
  inputs: string;
  /** Hash of the bytes written. */
  sha256: string;
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

/** Whether the file on disk is exactly what the manifest says was written. */
export async function isIntact(outDir: string, path: string, entry: ManifestEntry): Promise<boolean> {
  try {
    return sha256(await readFile(join(outDir, path))) === entry.sha256;
  } catch {
    return false;
  }
}
