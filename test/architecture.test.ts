/**
 * The shape of src/, pinned: imports follow the pipeline (model ← layout ← ingest ←
 * validate ← review ← template ← render ← diff ← pipeline ← bureau ← server ← cli), never back and never in a circle;
 * the domain's words live in model/, not in a reader; writers know the layout tree and
 * nothing of budgets; a writer's format stays in its own folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const FLOW = ['model', 'layout', 'ingest', 'validate', 'review', 'template', 'render', 'diff', 'pipeline', 'bureau', 'server', 'cli'];

/** What each folder may import besides itself: the flow, narrowed to what each stage needs. */
const MAY_IMPORT: Record<string, string[]> = {
  model: [],
  // The format-neutral tree: no idea of projects or budgets.
  layout: [],
  ingest: ['model'],
  // Checks, templates and diffs work on the model, never on a reader's internals.
  validate: ['model'],
  // The review of target quality (审核): judgements on the model, like validation.
  review: ['model'],
  template: ['model', 'layout'],
  // Writers turn the layout tree into bytes: no data knowledge. From ingest only the PDF
  // object reader (READ_BACK), which the merge uses on the writer's own files as the records
  // reader does on an input PDF.
  render: ['layout', 'ingest'],
  diff: ['model'],
  pipeline: ['model', 'layout', 'ingest', 'validate', 'template', 'render', 'diff'],
  // A finance bureau's run: many departments through the pipeline, then the portal package.
  bureau: ['model', 'layout', 'ingest', 'review', 'template', 'render', 'pipeline'],
  // The workbench: the pipeline behind a web page; the command line only starts it.
  server: ['model', 'layout', 'pipeline', 'render', 'template', 'diff'],
  cli: FLOW.filter((f) => f !== 'cli'),
};
const WRITERS = ['pdf', 'docx', 'xlsx', 'html', 'ofd'];
/** The one file of ingest/ that render/ may use. */
const READ_BACK = 'ingest/pdf/objects.ts';

/** Every .ts file of src/ (relative, `/`-separated) and the src/ files it imports. */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
      normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
    );
    graph.set(file, targets.filter((t) => !t.startsWith('..')));
  }
  return graph;
}

const folderOf = (file: string) => file.split('/')[0]!;

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('has the pipeline folders, and nothing else but the ambient types', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    expect([...folders].sort()).toEqual([...FLOW].sort());
  });

  it('imports only along the flow, each folder only what its stage needs', () => {
    for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
      for (const a of allowed) expect(FLOW.indexOf(a), `${folder} → ${a}`).toBeLessThan(FLOW.indexOf(folder));
    }
    const against: string[] = [];
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      for (const t of targets) {
        if (folderOf(t) !== from && !MAY_IMPORT[from]!.includes(folderOf(t))) against.push(`${file} → ${t}`);
        else if (from === 'render' && folderOf(t) === 'ingest' && t !== READ_BACK) against.push(`${file} → ${t}`);
      }
    }
    expect(against).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const t of graph.get(file) ?? []) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('keeps each writer to its own folder: no writer imports another, and only the registry names them', () => {
    const crossing: string[] = [];
    for (const [file, targets] of graph) {
      const own = file.startsWith('render/') ? file.split('/')[1] : undefined;
      for (const t of targets) {
        const writer = t.startsWith('render/') ? t.split('/')[1] : undefined;
        if (!writer || !WRITERS.includes(writer) || writer === own) continue;
        if (file !== 'render/index.ts') crossing.push(`${file} → ${t}`);
      }
    }
    expect(crossing).toEqual([]);
  });

  it('keeps files short: over ~300 lines only with a reason stated at the top', () => {
    const long = [...graph.keys()].filter((f) => {
      const text = readFileSync(join(SRC, f), 'utf8');
      return text.split('\n').length > 320 && !/^\s*\*\s*Longer than usual:/m.test(text.slice(0, 2000));
    });
    expect(long.map((f) => relative('.', f))).toEqual([]);
  });
});
