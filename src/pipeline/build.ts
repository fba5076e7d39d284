/**
 * `pubtable build`: records → validated model → layouts (through the templates) → files.
 * Nothing is written when the input has errors; outputs whose inputs did not change since
 * the last build (see manifest.ts) are left untouched.
 *
 * Files are staged in a private folder inside out/ and moved into place when the build
 * ends (staging.ts): all of them on success or Ctrl-C, none on failure, so a failed build
 * leaves out/ as it was. One build at a time holds the folder (lock.ts).
 */
import { lstat, mkdir, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { hasErrors, InputError, type Diagnostic } from '../model/diagnostic.js';
import type { PdfStandard } from '../layout/types.js';
import type { Publication } from '../model/types.js';
import { FS_CALLS_IN_FLIGHT, mapBounded } from './bounded.js';
import { loadPublication, type Loaded } from './load.js';
import { removeLeftovers } from './write-atomic.js';
import { FORMATS, type Format } from '../render/index.js';
import { loadReport } from '../template/report.js';
import { documentDate } from './document-date.js';
import { environmentKey } from './fingerprint.js';
import type { LayoutSources } from './layouts.js';
import { hashFile, isIntact, readManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { plannedFiles, planOutputs, type Output } from './plan.js';
import { projectsOf } from '../model/projects.js';
import { silent, type Progress } from './progress.js';
import { lockOutput } from './lock.js';
import { OutputError, onPath } from './output-error.js';
import { PRINTOUT_FOLDER, publicationName } from './output-paths.js';
import { checkNames, preflight, removeStale } from './out-folder.js';
import { renderAll } from './render-all.js';
import { createRenderPool, type RenderPool } from './render-pool.js';
import { leftoverStaging, realFolder, removeFolders, Staging, type Leftovers } from './staging.js';

export interface BuildOptions {
  input: string;
  outDir: string;
  formats: Format[];
  templatesDir: string;
  /** Also write a printout per project. */
  projects?: boolean;
  /** Only these projects' printouts: names or 1-based positions. Implies `projects`. */
  select?: string[];
  /** Also write one PDF of all selected printouts. */
  combined?: boolean;
  /** Rebuild every output, changed or not. */
  force?: boolean;
  /** List outputs of projects that no longer exist instead of deleting them. */
  keepStale?: boolean;
  progress?: Progress;
  /** Stops starting new files (Ctrl-C); what is finished so far is put in place and recorded. */
  signal?: AbortSignal;
  /** The input's records, when the caller has already read and checked them (a run over many departments). */
  loaded?: Loaded;
  /** The archival standard of the PDFs (else the style sheet's, else PDF/A-3b). */
  pdfStandard?: PdfStandard;
  /** Render threads to use instead of starting a pool for this build (a run over many departments shares one). */
  pool?: RenderPool;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  written: string[];
  /** Files a build killed before it ended had finished: put in place without making them again. */
  recovered: string[];
  unchanged: string[];
  removed: string[];
  /** Outputs of vanished projects kept because of keepStale. */
  stale: string[];
}

/** The options of a build under way: its render threads are known, and whether they are its own. */
type Started = BuildOptions & { pool: RenderPool; ownPool: boolean };

export async function build(opts: BuildOptions): Promise<BuildResult> {
  // The render threads start now, loading their libraries while this thread reads the input.
  // A build that turns out to have nothing to write stops them unused.
  const printouts = opts.projects === true || (opts.select?.length ?? 0) > 0;
  const pool = opts.pool ?? createRenderPool(opts.formats.length * (printouts ? 2 : 1), opts.formats);
  try {
    return await buildWith({ ...opts, pool, ownPool: pool !== opts.pool });
  } finally {
    if (pool !== opts.pool) await pool.close();
  }
}

async function buildWith(opts: Started): Promise<BuildResult> {
  const result: BuildResult = { diagnostics: [], written: [], recovered: [], unchanged: [], removed: [], stale: [] };
  const { publication, diagnostics } = opts.loaded ?? (await loadPublication(opts.input));
  result.diagnostics = diagnostics;
  if (hasErrors(diagnostics)) return result;

  const reports = { publication: loadReport(opts.templatesDir, 'publication'), project: loadReport(opts.templatesDir, 'project') };
  for (const report of Object.values(reports)) opts.pool.prepare(report.styles.fonts);
  const pdfStandard = opts.pdfStandard ?? reports.publication.styles.pdfStandard ?? 'a-3b';
  const files = { name: publicationName(opts.input), pdfStandard };
  const sources: LayoutSources = { publication, projects: projectsOf(publication), reports, date: documentDate(publication.year), files };
  // Each report's outputs depend on its own template only, so editing one leaves the other's files alone.
  const environment = {
    publication: await environmentKey(opts.templatesDir, reports.publication),
    project: await environmentKey(opts.templatesDir, reports.project),
  };
  const outputs = planOutputs(publication, {
    input: opts.input,
    formats: opts.formats,
    projects: selectProjects(publication, opts),
    combined: opts.combined ?? false,
    environment,
    date: sources.date,
    pdfStandard,
  });
  const everything = new Set(plannedFiles(publication, { input: opts.input, formats: [...FORMATS], projects: sources.projects.map((_, i) => i), combined: true }).map((o) => o.path));
  checkNames(opts.outDir, outputs.map((o) => o.path));

  const created = await onPath(opts.outDir, () => mkdir(opts.outDir, { recursive: true }));
  let lock;
  try {
    lock = await lockOutput(opts.outDir);
  } catch (e) {
    await removeCreated(opts.outDir, created);
    throw e;
  }
  let ok = false;
  try {
    await writeOutputs({ opts, sources, outputs, everything, result });
    ok = true;
  } finally {
    await lock.release();
    if (!ok) await removeCreated(opts.outDir, created);
  }
  return result;
}

interface Run {
  opts: Started;
  sources: LayoutSources;
  outputs: Output[];
  /** Every path this publication could write: anything else it recorded is stale. */
  everything: Set<string>;
  result: BuildResult;
}

async function writeOutputs({ opts, sources, outputs, everything, result }: Run): Promise<void> {
  const out = opts.outDir;
  const name = publicationName(opts.input);
  await removeLeftovers(out);
  if (await realFolder(join(out, PRINTOUT_FOLDER)).then(() => true, () => false)) await removeLeftovers(join(out, PRINTOUT_FOLDER));
  const { manifest, warnings } = await readManifest(out);
  result.diagnostics.push(...warnings);
  const recorded = JSON.stringify([...manifest]);
  const leftovers = await leftoverStaging(out);
  for (const [path, entry] of leftovers.placed) manifest.set(path, entry);

  const todo: Output[] = [];
  const adopt: { o: Output; file: string; entry: ManifestEntry }[] = [];
  const entries: (ManifestEntry | undefined)[] = [];
  for (const o of outputs) entries.push(await claim(out, o.path, name, manifest));
  const intact = await mapBounded(outputs, FS_CALLS_IN_FLIGHT, async (o, i) => {
    const entry = entries[i];
    return !opts.force && entry?.inputs === o.inputs && (await isIntact(join(out, o.path), entry));
  });
  for (const [i, o] of outputs.entries()) {
    if (intact[i]) result.unchanged.push(o.path);
    else {
      const left = opts.force ? undefined : await recoverable(leftovers, o, name);
      if (left) adopt.push({ o, ...left });
      else todo.push(o);
    }
  }
  await preflight(out, outputs.map((o) => o.path));

  // Nothing to write, nothing to stage: a build that finds everything up to date makes no folder.
  const staging = todo.length + adopt.length > 0 ? await Staging.create(out) : null;
  try {
    for (const a of adopt) {
      await staging!.adopt(a.file, a.o.path, a.entry);
      result.recovered.push(a.o.path);
    }
    const progress = opts.progress ?? silent;
    progress.start(todo.length);
    try {
      if (staging) {
        const r = { input: opts.input, publication: name, staging, progress, signal: opts.signal, diagnostics: result.diagnostics, pool: opts.pool, ownPool: opts.ownPool };
        await renderAll(todo, sources, r);
      }
    } catch (e) {
      // Ctrl-C: the files finished so far are whole; put them in place so the next build does only the rest.
      if (e === opts.signal?.reason) await commit(staging, manifest, recorded, leftovers, opts, result, null);
      throw e;
    } finally {
      progress.done();
    }
    await commit(staging, manifest, recorded, leftovers, opts, result, { name, everything });
  } finally {
    await staging?.discard();
  }
}

/**
 * The manifest entry of `path` if this publication wrote it. Another publication's file is
 * never taken over: the build is refused (exit 2) while that file exists; a record whose
 * file is gone is dropped.
 */
async function claim(out: string, path: string, name: string, manifest: Manifest): Promise<ManifestEntry | undefined> {
  const entry = manifest.get(path);
  if (entry === undefined || entry.publication === name) return entry;
  if ((await lstat(join(out, path)).catch(() => null)) !== null) {
    throw new OutputError(
      'OUTPUT_OWNED_BY_OTHER',
      `这个文件是“${entry.publication}”生成的，“${name}”不会覆盖它；请换一个输出目录（--out），或先移走这个文件`,
      join(out, path),
    );
  }
  manifest.delete(path);
  return undefined;
}

/** A file a killed build staged for exactly this output, its bytes as its journal records. */
async function recoverable(leftovers: Leftovers, o: Output, name: string): Promise<{ file: string; entry: ManifestEntry } | undefined> {
  const left = leftovers.staged.get(o.path);
  if (!left || left.entry.publication !== name || left.entry.inputs !== o.inputs) return undefined;
  return (await hashFile(left.file)) === left.entry.sha256 ? left : undefined;
}

/**
 * Moves the staged files into place and records them; after a complete build (`complete`
 * given) also removes what no longer belongs to the records. Writes the manifest only if
 * it changed, so a build that changed nothing leaves out/ exactly as it was.
 */
async function commit(
  staging: Staging | null,
  manifest: Manifest,
  recorded: string,
  leftovers: Leftovers,
  opts: BuildOptions,
  result: BuildResult,
  complete: { name: string; everything: Set<string> } | null,
): Promise<void> {
  const { moved, failure } = staging ? await staging.commit() : { moved: [], failure: null };
  const recovered = new Set(result.recovered);
  for (const f of moved) manifest.set(f.path, f.entry);
  result.written = moved.filter((f) => !recovered.has(f.path)).map((f) => f.path);
  result.recovered = moved.filter((f) => recovered.has(f.path)).map((f) => f.path);
  // Only a build that made every output may judge what no longer belongs to the records.
  if (failure === null && complete !== null) {
    const r = await removeStale(opts.outDir, manifest, complete.name, complete.everything, opts.keepStale ?? false);
    Object.assign(result, { removed: r.removed, stale: r.stale });
    result.diagnostics.push(...r.warnings);
  }
  if (JSON.stringify([...manifest]) !== recorded) await writeManifest(opts.outDir, manifest);
  if (failure !== null) throw failure;
  await removeFolders(leftovers.dirs);
}

/** Removes the folders a failed build created for out/, if they are still empty. */
async function removeCreated(outDir: string, created: string | undefined): Promise<void> {
  if (created === undefined) return;
  for (let dir = resolve(outDir); ; dir = dirname(dir)) {
    if (!(await rmdir(dir).then(() => true, () => false)) || dir === resolve(created) || dir === dirname(dir)) return;
  }
}

/** Project positions (0-based) whose printouts are wanted. */
function selectProjects(p: Publication, opts: BuildOptions): number[] {
  const all = projectsOf(p);
  if (opts.select && opts.select.length > 0) {
    const chosen = new Set<number>();
    for (const s of opts.select) {
      const matches = /^\d+$/.test(s)
        ? all.filter((r) => r.position === Number(s))
        : all.filter((r) => r.project.name === s);
      if (matches.length === 0) {
        throw new InputError('PROJECT_NOT_FOUND', `没有名称或序号为“${s}”的项目`, { file: opts.input });
      }
      for (const m of matches) chosen.add(m.position - 1);
    }
    return [...chosen].sort((a, b) => a - b);
  }
  return opts.projects ? all.map((_, i) => i) : [];
}
