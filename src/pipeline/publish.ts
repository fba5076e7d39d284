/**
 * 发布: the outputs built from the records as they are now (only what changed is written,
 * as by `build`), the 更正说明 against the store's baseline (the version published last, or
 * before any, the original), in every format, and this version marked as published.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { diffPublications, withMarks, type MarkedChange } from '../diff/diff.js';
import { hasErrors } from '../model/diagnostic.js';
import { FORMATS, type Format } from '../render/index.js';
import { build } from './build.js';
import { renderCorrections } from './corrections.js';
import { publicationName } from './output-paths.js';
import { RecordsHaveErrors, type RecordsStore } from './records-store.js';
import { writeFileAtomic } from './write-atomic.js';

export interface Published {
  version: string;
  /** The version published before, which the 更正说明 compares with; null the first time. */
  since: string | null;
  written: string[];
  unchanged: string[];
  removed: string[];
  /** The 更正说明 files written (relative to the output folder); none the first time. */
  corrections: string[];
  changes: MarkedChange[];
}

export const CORRECTIONS_SUFFIX = '-更正说明';

export async function publish(store: RecordsStore, outDir: string, templatesDir: string): Promise<Published> {
  const cur = await store.current();
  const errors = cur.diagnostics.filter((d) => d.severity === 'error');
  if (hasErrors(errors)) throw new RecordsHaveErrors(errors);
  const built = await build({ input: cur.file, outDir, formats: [...FORMATS], templatesDir, projects: true });
  if (hasErrors(built.diagnostics)) throw new RecordsHaveErrors(built.diagnostics.filter((d) => d.severity === 'error'));

  const last = await store.baseline();
  const since = last && last.version !== cur.version ? last.version : null;
  const before = since ? await store.recordsAt(since) : null;
  const changes = before ? diffPublications(before, cur.publication) : [];
  const corrections: string[] = [];
  if (before) {
    for (const format of FORMATS) {
      const name = `${publicationName(cur.file)}${CORRECTIONS_SUFFIX}.${format}`;
      await writeFileAtomic(join(outDir, name), await renderCorrections(before, cur.publication, changes, format, templatesDir));
      corrections.push(name);
    }
  }
  await store.markPublished(cur);
  return { version: cur.version, since, written: built.written, unchanged: built.unchanged, removed: built.removed, corrections, changes: withMarks(changes) };
}

/** A file 发布 wrote that a user downloads: the corrected table or its 更正说明, in one format. */
export interface PublishedFile {
  kind: 'table' | 'corrections';
  format: Format;
  /** Its name in the output folder. */
  name: string;
  path: string;
}

/**
 * The table and 更正说明 files of this input that are in the output folder now, in a fixed
 * order (table first, then by format). Names are derived from the input, never taken from
 * a request, so a caller can only ever be given one of these files.
 */
export async function publishedFiles(input: string, outDir: string): Promise<PublishedFile[]> {
  const base = publicationName(input);
  const candidates = (['table', 'corrections'] as const).flatMap((kind) =>
    FORMATS.map((format) => {
      const name = `${base}${kind === 'corrections' ? CORRECTIONS_SUFFIX : ''}.${format}`;
      return { kind, format, name, path: join(outDir, name) };
    }),
  );
  const present = await Promise.all(candidates.map((c) => stat(c.path).then((s) => s.isFile(), () => false)));
  return candidates.filter((_, i) => present[i]);
}
