/**
 * Corrections to one input's records, saved so that nothing is ever lost: the version on
 * disk is kept in the history before anything is written; the new bytes go in whole (temp,
 * then rename); the new version is kept after. A save must name the version it was made
 * from: if the records changed since (another tab, another person, an editor), it is
 * refused, never merged or overwritten. Saves and restores of one input run one at a time.
 */
import { access, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { diffPublications } from '../diff/diff.js';
import { writeCanonical } from '../ingest/canonical/writer.js';
import { readCanonical } from '../ingest/canonical/reader.js';
import { besideFile, rewriteFor } from '../ingest/rewrite.js';
import { error, hasErrors, InputError, type Diagnostic } from '../model/diagnostic.js';
import type { Publication } from '../model/types.js';
import { validate } from '../validate/validate.js';
import { History, versionOf, type HistoryEntry } from './history.js';
import { loadPublication } from './load.js';
import { writeFileAtomic } from './write-atomic.js';

export { isBesideFile } from '../ingest/rewrite.js';

export interface CurrentRecords {
  /** The file the records are read from: the input, or the YAML beside it. */
  file: string;
  bytes: Uint8Array;
  publication: Publication;
  diagnostics: Diagnostic[];
  version: string;
  /** The records' canonical JSON text, which the version is the hash of. */
  canonical: string;
}

export interface Saved {
  version: string;
  file: string;
  /** The records were saved beside the input (it cannot be rewritten without loss). */
  beside: boolean;
}

/** The version a save was based on is not the one on disk. */
export class StaleVersion extends Error {
  constructor(readonly current: string) {
    super(`records are at version ${current}`);
  }
}

/** The corrected records have errors: nothing was saved. */
export class RecordsHaveErrors extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super('records have errors');
  }
}

export class VersionNotKept extends Error {}

export class RecordsStore {
  readonly history: History;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly input: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.history = new History(input);
  }

  /** The records as they are on disk now (an InputError when they cannot be read). */
  async current(): Promise<CurrentRecords> {
    const file = await recordsFileOf(this.input);
    const bytes = await readFile(file);
    const { publication, diagnostics } = await loadPublication(file, bytes);
    const canonical = writeCanonical(publication, 'json');
    return { file, bytes, publication, diagnostics, version: versionOf(canonical), canonical };
  }

  /** Saves records given as canonical JSON text (what the page sends); a reading error is a RecordsHaveErrors. */
  async saveCanonical(base: string, text: string): Promise<Saved> {
    let read;
    try {
      read = readCanonical(text, basename(this.input));
    } catch (e) {
      if (e instanceof InputError) throw new RecordsHaveErrors([error(e.code, e.message, e.source)]);
      throw e;
    }
    const errors = read.diagnostics.filter((d) => d.severity === 'error');
    if (hasErrors(errors)) throw new RecordsHaveErrors(errors);
    return this.save(base, read.publication);
  }

  /** Saves `after` as the next version of the records at version `base`. */
  save(base: string, after: Publication): Promise<Saved> {
    return this.serially(async () => {
      const cur = await this.current();
      if (cur.version !== base) throw new StaleVersion(cur.version);
      const errors = validate(after).filter((d) => d.severity === 'error');
      if (hasErrors(errors)) throw new RecordsHaveErrors(errors);
      const records = writeCanonical(after, 'json');
      const version = versionOf(records);
      if (version === cur.version) return { version, file: cur.file, beside: cur.file !== this.input };
      const rewrite = await rewriteFor(cur.file, cur.bytes, cur.publication, after);
      await this.keepCurrent(cur);
      await writeFileAtomic(rewrite.file, rewrite.bytes);
      await this.history.keep({ version, records, bytes: rewrite.bytes, file: basename(rewrite.file), summary: summarize(cur.publication, after) }, this.clock());
      return { version, file: rewrite.file, beside: rewrite.beside };
    });
  }

  /** Puts the file back as it was at `version`, byte for byte; the version on disk is kept first. */
  restore(version: string, base?: string): Promise<Saved> {
    return this.serially(async () => {
      const kept = await this.history.get(version);
      if (!kept) throw new VersionNotKept(version);
      const cur = await this.current();
      if (base !== undefined && cur.version !== base) throw new StaleVersion(cur.version);
      await this.keepCurrent(cur);
      const target = join(dirname(this.input), kept.file);
      await writeFileAtomic(target, kept.bytes);
      // Back to a version of the input itself: the YAML beside it no longer holds the records.
      const beside = besideFile(this.input);
      if (target !== beside) await rm(beside, { force: true });
      return { version, file: target, beside: target === beside };
    });
  }

  /**
   * Every kept version, oldest first, and the version on disk last if it is not kept yet;
   * `baseline` marks the one 发布 compares with.
   */
  async versions(): Promise<(HistoryEntry & { current: boolean; baseline: boolean })[]> {
    const [list, cur] = await Promise.all([this.history.list(), this.current().catch(() => null)]);
    const base = baselineOf(list);
    const out = list.map((e) => ({ ...e, current: e.version === cur?.version, baseline: e === base }));
    if (cur && !out.some((e) => e.current)) {
      out.push({ version: cur.version, savedAt: '', publishedAt: null, summary: '当前文件（尚未保存过）', file: basename(cur.file), current: true, baseline: false });
    }
    return out;
  }

  /** The records at `version`: on disk now, or kept in the history; null when neither. */
  async recordsAt(version: string): Promise<Publication | null> {
    const cur = await this.current().catch(() => null);
    if (cur?.version === version) return cur.publication;
    const kept = await this.history.get(version);
    return kept ? readCanonical(kept.records, kept.file).publication : null;
  }

  /** The version a 更正说明 is made against: see baselineOf. */
  async baseline(): Promise<HistoryEntry | null> {
    return baselineOf(await this.history.list());
  }

  /** Marks the version on disk as published (keeping it first). */
  markPublished(cur: CurrentRecords): Promise<void> {
    return this.serially(async () => {
      await this.keepCurrent(cur);
      await this.history.markPublished(cur.version, this.clock());
    });
  }

  private async keepCurrent(cur: CurrentRecords): Promise<void> {
    const first = (await this.history.list()).length === 0;
    const summary = first ? '原始版本' : '在工作台外修改的版本';
    await this.history.keep({ version: cur.version, records: cur.canonical, bytes: cur.bytes, file: basename(cur.file), summary }, this.clock());
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}

/** The file an input's records are read from: the input, or the YAML its corrections were saved in beside it. */
export async function recordsFileOf(input: string): Promise<string> {
  const beside = besideFile(input);
  return (await exists(beside)) ? beside : input;
}

/** `2 处更正：法律顾问服务费 绩效目标；事业单位人员招聘工作经费 总计` (the first three). */
function summarize(before: Publication, after: Publication): string {
  const changes = diffPublications(before, after);
  const shown = changes.slice(0, 3).map((c) => `${c.subject}${c.field ? ` ${c.field}` : ''}`);
  return `${changes.length} 处更正：${shown.join('；')}${changes.length > 3 ? '……' : ''}`;
}

/**
 * The version published last; before anything was published here, the first version kept
 * (the file as it was before its first correction: the table that went out).
 */
function baselineOf(list: HistoryEntry[]): HistoryEntry | null {
  const published = list.filter((e) => e.publishedAt !== null).sort((a, b) => (a.publishedAt! < b.publishedAt! ? -1 : 1));
  return published.at(-1) ?? list[0] ?? null;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
