/**
 * One input as the workbench shows it: read and checked as `validate` does, summarised as
 * `validate --json` does, and previewed by the HTML writer from the same layouts `build`
 * makes. The templates, fonts and writer stay loaded between checks, so a check after a
 * correction costs only reading the file and drawing the table again.
 */
import { createHash } from 'node:crypto';
import { formatSource, InputError } from '../model/diagnostic.js';
import { projectsOf } from '../model/projects.js';
import type { Publication } from '../model/types.js';
import { hasErrors } from '../model/diagnostic.js';
import { summaryJson, unreadableJson } from '../pipeline/check-summary.js';
import { documentDate } from '../pipeline/document-date.js';
import { layoutFor, type LayoutSources } from '../pipeline/layouts.js';
import { loadPublication } from '../pipeline/load.js';
import { rendererFor } from '../render/index.js';
import { loadReport, type Report } from '../template/report.js';
import { LayoutError } from '../layout/layout-error.js';

/** A preview page and the hash of its one inline style, for its Content-Security-Policy. */
export interface Preview {
  html: Uint8Array;
  styleHash: string;
}

export interface Checked {
  /** What the page shows: the validate summary, its messages with `ref`s, the projects. */
  view: object;
  publication: Publication | null;
  /** The publication's preview, or why there is none. */
  preview: Preview | string;
  /** Whether build would write files (no errors). */
  buildable: boolean;
}

export class Records {
  private readonly reports: { publication: Report; project: Report };
  private readonly printouts = new WeakMap<Publication, Map<number, Preview | string>>();

  constructor(templatesDir: string) {
    this.reports = { publication: loadReport(templatesDir, 'publication'), project: loadReport(templatesDir, 'project') };
  }

  /** The records at `path`, read from `bytes` when given (null: read them, or say why they cannot be). */
  async check(path: string, bytes: Uint8Array | null): Promise<Checked> {
    let loaded;
    try {
      loaded = await loadPublication(path, bytes ?? undefined);
    } catch (e) {
      // A file that cannot be read is shown as its one message; so is a bug in pubtable, which
      // must not stop the workbench (the page names it, as the command line would).
      const failure = e instanceof InputError ? e : new InputError('INTERNAL_ERROR', `内部错误：${e instanceof Error ? e.message : String(e)}`, { file: path });
      return { view: withRefs(unreadableJson(failure), [failure.source]), publication: null, preview: failure.message, buildable: false };
    }
    const { publication, diagnostics } = loaded;
    const view = {
      ...withRefs(summaryJson(publication, diagnostics), diagnostics.map((d) => d.source)),
      title: publication.title,
      department: publication.department,
      projectList: projectsOf(publication).map((r) => ({ position: r.position, name: r.project.name, unit: r.unit.name })),
    };
    const preview = await this.draw(publication, { kind: 'publication' });
    return { view, publication, preview, buildable: !hasErrors(diagnostics) };
  }

  /** Project `position`'s printout (1-based), drawn on first request. */
  async printout(publication: Publication, position: number): Promise<Preview | string | null> {
    if (!Number.isSafeInteger(position) || position < 1 || position > projectsOf(publication).length) return null;
    let cache = this.printouts.get(publication);
    if (!cache) this.printouts.set(publication, (cache = new Map()));
    let preview = cache.get(position);
    if (preview === undefined) cache.set(position, (preview = await this.draw(publication, { kind: 'project', index: position - 1 })));
    return preview;
  }

  private async draw(publication: Publication, job: { kind: 'publication' } | { kind: 'project'; index: number }): Promise<Preview | string> {
    const sources: LayoutSources = { publication, projects: projectsOf(publication), reports: this.reports, date: documentDate(publication.year) };
    try {
      const { bytes } = await (await rendererFor('html'))(layoutFor(job, sources), { sourceRefs: true });
      return { html: bytes, styleHash: styleHash(bytes) };
    } catch (e) {
      // Records with errors may not lay out (a template fault shows at the template's line).
      if (e instanceof LayoutError) return `无法预览：${e.message}（${e.line === undefined ? e.file : `${e.file}:${e.line}`}）`;
      throw e;
    }
  }
}

/** Each message with `ref`, the place as the preview's `data-ref`s write it. */
function withRefs(summary: object, sources: { file: string; line?: number }[]): object {
  const s = summary as { issues: object[] };
  return { ...s, issues: s.issues.map((issue, i) => ({ ...issue, ref: formatSource(sources[i]!) })) };
}

/** The CSP hash of the page's `<style>` element (the HTML writer writes exactly one). */
function styleHash(html: Uint8Array): string {
  const text = Buffer.from(html).toString('utf8');
  const start = text.indexOf('<style>') + '<style>'.length;
  const css = text.slice(start, text.indexOf('</style>', start));
  return `sha256-${createHash('sha256').update(css).digest('base64')}`;
}
