/**
 * `pubtable build`: records → validated model → layout (through the templates) → one file
 * per format. Nothing is written when the input has errors; each file is written whole.
 */
import { basename, extname, join } from 'node:path';
import { hasErrors, parseSourceRef, warning, type Diagnostic } from '../model/diagnostic.js';
import { loadPublication } from '../ingest/load.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { rendererFor, type Format } from '../render/registry.js';
import { loadReport, renderLayout } from '../template/report.js';
import { documentDate } from './document-date.js';

export interface BuildOptions {
  input: string;
  outDir: string;
  formats: Format[];
  templatesDir: string;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  written: string[];
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const { publication, diagnostics } = await loadPublication(opts.input);
  if (hasErrors(diagnostics)) return { diagnostics, written: [] };

  const report = loadReport(opts.templatesDir, 'publication');
  const layout = renderLayout(report, { publication }, documentDate(publication.year));
  const base = basename(opts.input, extname(opts.input));
  const written: string[] = [];
  for (const format of opts.formats) {
    const render = await rendererFor(format);
    const { bytes, warnings } = await render(layout);
    for (const w of warnings) {
      diagnostics.push(warning(w.code, `${format.toUpperCase()}：${w.message}`, w.ref ? parseSourceRef(w.ref) : { file: opts.input }));
    }
    const path = join(opts.outDir, `${base}.${format}`);
    await writeFileAtomic(path, bytes);
    written.push(path);
  }
  return { diagnostics, written };
}
