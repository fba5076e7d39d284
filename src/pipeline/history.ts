/**
 * Every version of an input's records, kept beside it in `<input>.history/`: one file per
 * version, named by the version, holding the canonical JSON of the records, the file's
 * exact bytes at that version (so restoring gives back the file byte for byte) and when it
 * was saved and published. Each file is written whole (temp, then rename); there is no
 * index to fall out of step, the folder is the list.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './write-atomic.js';

const FORMAT = 'pubtable-history/1';
const VERSION = /^[0-9a-f]{16}$/;

export interface HistoryEntry {
  /** 16 hex digits of the SHA-256 of the records' canonical JSON. */
  version: string;
  /** ISO time the version was first kept. */
  savedAt: string;
  /** ISO time the version was last published, or null. */
  publishedAt: string | null;
  /** One line on what this version changed, as the page lists it. */
  summary: string;
  /** The name of the file these bytes are (the input, or the YAML beside it). */
  file: string;
}

export interface KeptVersion extends HistoryEntry {
  bytes: Uint8Array;
  /** The canonical JSON text of the records. */
  records: string;
}

interface Stored extends HistoryEntry {
  format: typeof FORMAT;
  bytes: string;
  records: string;
}

/** The version of records, from their canonical JSON. */
export function versionOf(canonicalJson: string): string {
  return createHash('sha256').update(canonicalJson).digest('hex').slice(0, 16);
}

export function isVersion(s: string): boolean {
  return VERSION.test(s);
}

export class History {
  readonly folder: string;

  constructor(input: string) {
    this.folder = `${input}.history`;
  }

  /** Every kept version, oldest first. */
  async list(): Promise<HistoryEntry[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const entries: HistoryEntry[] = [];
    for (const name of names) {
      const version = name.replace(/\.json$/, '');
      const stored = isVersion(version) ? await this.read(version) : null;
      if (stored) entries.push({ version, savedAt: stored.savedAt, publishedAt: stored.publishedAt, summary: stored.summary, file: stored.file });
    }
    return entries.sort((a, b) => (a.savedAt < b.savedAt ? -1 : a.savedAt > b.savedAt ? 1 : a.version < b.version ? -1 : 1));
  }

  async get(version: string): Promise<KeptVersion | null> {
    const stored = isVersion(version) ? await this.read(version) : null;
    return stored && { ...stored, bytes: Buffer.from(stored.bytes, 'base64') };
  }

  /** Keeps a version unless it is kept already (its first saving time stays). */
  async keep(v: Omit<KeptVersion, 'savedAt' | 'publishedAt'>, now: Date): Promise<void> {
    if (await this.read(v.version)) return;
    await this.write({ ...v, savedAt: now.toISOString(), publishedAt: null });
  }

  async markPublished(version: string, now: Date): Promise<void> {
    const kept = await this.get(version);
    if (kept) await this.write({ ...kept, publishedAt: now.toISOString() });
  }

  /** The stored file of a version, bytes still in base64 (a list needs none of them). */
  private async read(version: string): Promise<Stored | null> {
    let stored: Stored;
    try {
      stored = JSON.parse(await readFile(this.path(version), 'utf8')) as Stored;
    } catch {
      return null;
    }
    return stored.format === FORMAT && stored.version === version ? stored : null;
  }

  private async write(v: KeptVersion): Promise<void> {
    const stored: Stored = {
      format: FORMAT,
      version: v.version,
      savedAt: v.savedAt,
      publishedAt: v.publishedAt,
      summary: v.summary,
      file: v.file,
      records: v.records,
      bytes: Buffer.from(v.bytes).toString('base64'),
    };
    await writeFileAtomic(this.path(v.version), JSON.stringify(stored, null, 1) + '\n');
  }

  private path(version: string): string {
    return join(this.folder, `${version}.json`);
  }
}
