/**
 * `pubtable build`: records → validated model → layouts (through the templates) → files.
 * Nothing is written when the input has errors; each file is written whole; outputs whose
 * inputs did not change since the last build (see manifest.ts) are left untouched.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrors, InputError, parseSourceRef, warning, type Diagnostic } from '../model/diagnostic.js';
import type { Publication } from '../model/types.js';
import { loadPublication } from './load.js';
import { removeLeftovers, writeFileAtomic } from './write-atomic.js';
import type { RenderResult } from '../render/renderer.js';
import { WarningList } from '../render/warnings.js';
import { FORMATS, type Format } from '../render/index.js';
import { loadReport } from '../template/report.js';
import { documentDate } from './document-date.js';
import { environmentKey } from './fingerprint.js';
import { layoutFor, type LayoutSources } from './layouts.js';
import { entryFor, isIntact, readManifest, writeManifest, type Manifest } from './manifest.js';
import { planOutputs, type Output } from './plan.js';
import { projectsOf } from '../model/projects.js';
import { createRenderPool } from './render-pool.js';
import { silent, type Progress } from './progress.js';

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
  /** Stops starting new files (Ctrl-C); what is written so far is recorded in the manifest. */
  signal?: AbortSignal;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Outputs of vanished projects kept because of keepStale. */
  stale: string[];
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const result: BuildResult = { diagnostics: [], written: [], unchanged: [], removed: [], stale: [] };
  const { publication, diagnostics } = await loadPublication(opts.input);
  result.diagnostics = diagnostics;
  if (hasErrors(diagnostics)) return result;

  const reports = { publication: loadReport(opts.templatesDir, 'publication'), project: loadReport(opts.templatesDir, 'project') };
  const sources: LayoutSources = { publication, projects: projectsOf(publication), reports, date: documentDate(publication.year) };
  // Each report's outputs depend on its own template only, so editing one leaves the other's files alone.
  const environment = {
    publication: await environmentKey(opts.templatesDir, reports.publication),
    project: await environmentKey(opts.templatesDir, reports.project),
  };
  const selected = selectProjects(publication, opts);
  const planFor = (formats: Format[], projects: number[], combined: boolean) =>
    planOutputs(publication, { input: opts.input, formats, projects, combined, environment, date: sources.date });
  const outputs = planFor(opts.formats, selected, opts.combined ?? false);

  await removeLeftovers(opts.outDir);
  const manifest = await readManifest(opts.outDir);
  const todo: Output[] = [];
  for (const o of outputs) {
    const entry = manifest[o.path];
    const fresh = !opts.force && entry?.inputs === o.inputs && (await isIntact(opts.outDir, o.path, entry));
    if (fresh) result.unchanged.push(o.path);
    else todo.push(o);
  }
  const progress = opts.progress ?? silent;
  progress.start(todo.length);
  let complete = false;
  try {
    await renderAll(todo, sources, opts, manifest, result, progress);
    complete = true;
  } finally {
    progress.done();
    // Only a build that made every output may judge what no longer belongs to the records.
    if (complete) await removeStale(manifest, planFor([...FORMATS], sources.projects.map((_, i) => i), true), opts, result);
    // Files written before a failure or Ctrl-C are whole: record them, so the next build
    // redoes only the rest. A build that changed nothing leaves out/ exactly as it was.
    if (result.written.length > 0 || result.removed.length > 0) await writeManifest(opts.outDir, manifest);
  }
  return result;
}

/**
 * Renders on the worker pool while this thread makes the next layouts and writes finished
 * files. At most two renders per worker are in flight, so memory stays flat however many
 * printouts there are.
 */
async function renderAll(
  todo: Output[],
  sources: LayoutSources,
  opts: BuildOptions,
  manifest: Manifest,
  result: BuildResult,
  progress: Progress,
): Promise<void> {
  const said = new WarningList();
  const finish = async (o: Output, { bytes, warnings }: RenderResult) => {
    for (const w of warnings) {
      if (said.add(w)) result.diagnostics.push(warning(w.code, w.message, w.ref ? parseSourceRef(w.ref) : { file: opts.input }));
    }
    await writeFileAtomic(join(opts.outDir, o.path), bytes);
    manifest[o.path] = await entryFor(opts.outDir, o.path, o.inputs, bytes);
    result.written.push(o.path);
    progress.step(o.path);
  };
  // One layout serves every format of a job.
  const byJob = new Map<string, Output[]>();
  for (const o of todo) {
    const key = JSON.stringify(o.job);
    const group = byJob.get(key);
    if (group) group.push(o);
    else byJob.set(key, [o]);
  }

  const pool = createRenderPool(todo.length);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  try {
    for (const group of byJob.values()) {
      const layout = layoutFor(group[0]!.job, sources);
      for (const o of group) {
        while (inFlight.size >= pool.size * 2) await Promise.race(inFlight);
        if (failure !== null) throw failure;
        opts.signal?.throwIfAborted();
        const task: Promise<void> = pool
          .render(layout, o.format)
          .then((r) => finish(o, r))
          .catch((e: unknown) => void (failure ??= e))
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    }
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  } finally {
    await Promise.allSettled(inFlight);
    await pool.close();
  }
}

/** Deletes (or, with keepStale, lists) recorded outputs that no possible output of these records is. */
async function removeStale(manifest: Manifest, everything: Output[], opts: BuildOptions, result: BuildResult): Promise<void> {
  const possible = new Set(everything.map((o) => o.path));
  for (const path of Object.keys(manifest).filter((p) => !possible.has(p))) {
    if (opts.keepStale) result.stale.push(path);
    else {
      await rm(join(opts.outDir, path), { force: true });
      delete manifest[path];
      result.removed.push(path);
    }
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
