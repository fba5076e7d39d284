/**
 * The files the page downloads, made by `build` itself into the workbench's private folder
 * (one output folder per input): the same manifest, staging and atomic moves, so each file
 * is byte for byte what `pubtable build` writes, and a second download of unchanged records
 * rebuilds nothing. One build runs at a time; it reports its progress as `build` events and
 * stops between files when cancelled (what it finished is kept, as after Ctrl-C).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrors, InputError } from '../model/diagnostic.js';
import { LayoutError } from '../layout/layout-error.js';
import { build, type BuildResult } from '../pipeline/build.js';
import { documentDate } from '../pipeline/document-date.js';
import { OutputError } from '../pipeline/output-error.js';
import { PRINTOUT_FOLDER, publicationName } from '../pipeline/output-paths.js';
import type { Progress } from '../pipeline/progress.js';
import { recordsFileOf } from '../pipeline/records-store.js';
import { writeFileAtomic } from '../pipeline/write-atomic.js';
import type { Format } from '../render/index.js';
import { zipParts } from '../render/zip.js';
import type { EventHub } from './events.js';
import type { Input } from './inputs.js';

export const TARGETS = ['pdf', 'docx', 'xlsx', 'html', 'ofd', 'printouts'] as const;
export type Target = (typeof TARGETS)[number];
/** Why a build of records with errors writes nothing, as the page says it. */
export const INPUT_HAS_ERRORS = '记录有错误，未生成文件；请先改正“检查结果”中的错误。';
/** What each download is, for the browser. */
export const FILE_TYPES: Record<Target, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  // The type OFD readers and servers use (not an IANA registration).
  ofd: 'application/ofd',
  printouts: 'application/zip',
};
/** The printouts' formats: those `build --projects` writes by default. */
const PRINTOUT_FORMATS: Format[] = ['pdf', 'docx', 'xlsx'];

export interface Built {
  path: string;
  /** The name the browser saves it as. */
  name: string;
}

class Cancelled extends Error {}

export class Downloads {
  private running: AbortController | null = null;
  private finished: Promise<void> = Promise.resolve();
  private readonly ready = new Map<string, Built>();

  constructor(
    private readonly workDir: string,
    private readonly templatesDir: string,
    private readonly events: EventHub,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Starts building `target` for version `version` of `input`; false when a build is already running. */
  start(input: Input, version: number, target: Target, year: number | null): boolean {
    if (this.running) return false;
    const controller = new AbortController();
    this.running = controller;
    this.finished = this.run(input, version, target, year, controller.signal).finally(() => (this.running = null));
    return true;
  }

  /** Cancels a running build and waits until it has put away what it finished. */
  async stop(): Promise<void> {
    this.cancel();
    await this.finished;
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort(new Cancelled());
    return true;
  }

  /** The file a finished build made for exactly this version of the input, if any. */
  file(input: Input, version: number, target: Target): Built | undefined {
    return this.ready.get(key(input, version, target));
  }

  private async run(input: Input, version: number, target: Target, year: number | null, signal: AbortSignal): Promise<void> {
    const send = (state: string, extra: object = {}) => this.events.send('build', { state, target, version, ...extra });
    const outDir = join(this.workDir, 'out', input.id);
    const name = publicationName(input.path);
    let total = 0;
    let count = 0;
    const progress: Progress = {
      start: (n) => send('running', { count: (count = 0), total: (total = n) }),
      step: (label) => send('running', { count: ++count, total, label }),
      done: () => {},
    };
    send('running', { count: 0, total: 0 });
    try {
      const printouts = target === 'printouts';
      const formats = printouts ? PRINTOUT_FORMATS : [target as Format];
      // A workbook corrected here: its records are the YAML beside it (same publication name).
      const r = await build({ input: await recordsFileOf(input.path), outDir, formats, templatesDir: this.templatesDir, projects: printouts, progress, signal });
      if (hasErrors(r.diagnostics)) return send('failed', { message: INPUT_HAS_ERRORS });
      const built = printouts ? await this.zip(outDir, r, name, year, input) : { path: join(outDir, `${name}.${target}`), name: `${name}.${target}` };
      this.ready.set(key(input, version, target), built);
      send('done', { href: `/download/${target}`, name: built.name });
    } catch (e) {
      if (e instanceof Cancelled) send('cancelled', { message: '已取消；已完成的文件保留，再次生成时只补齐其余文件。' });
      else send('failed', { message: failureMessage(e) });
    }
  }

  /** The printouts of a finished build in one reproducible ZIP, as `projects/NN-名称.*`. */
  private async zip(outDir: string, r: BuildResult, name: string, year: number | null, input: Input): Promise<Built> {
    const paths = [...r.written, ...r.recovered, ...r.unchanged].filter((p) => p.startsWith(`${PRINTOUT_FOLDER}/`));
    const parts = new Map<string, Uint8Array>();
    for (const p of paths) parts.set(p, await readFile(join(outDir, p)));
    const zipName = `${name}-项目表.zip`;
    const path = join(this.workDir, 'zips', input.id, zipName);
    await writeFileAtomic(path, await zipParts(parts, documentDate(year)));
    return { path, name: zipName };
  }
}

const key = (input: Input, version: number, target: Target) => `${input.id}\n${version}\n${target}`;

/** One Chinese line for the page, with the code, as the command line would say it. */
function failureMessage(e: unknown): string {
  if (e instanceof InputError || e instanceof LayoutError || e instanceof OutputError) return `${e.code}: ${e.message}`;
  return `INTERNAL_ERROR: 内部错误：${e instanceof Error ? e.message : String(e)}`;
}
