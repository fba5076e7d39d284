/**
 * How a build feeds its render threads (src/pipeline/render-all.ts): a render's place is
 * free once its bytes are back, so files still being written do not hold the threads up;
 * renders and writes each stay within their bound.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import type { LayoutDocument } from '../../src/layout/types.js';
import { projectsOf } from '../../src/model/projects.js';
import type { Output } from '../../src/pipeline/plan.js';
import { renderAll } from '../../src/pipeline/render-all.js';
import type { RenderPool } from '../../src/pipeline/render-pool.js';
import type { Staging } from '../../src/pipeline/staging.js';
import type { RenderResult } from '../../src/render/renderer.js';
import { DEFAULT_TEMPLATES, loadReport } from '../../src/template/report.js';

const EXAMPLE = new URL('../../examples/panyu-hrss-2025.txt', import.meta.url);

/** A promise and the function that settles it. */
function gate<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** The example's sources and its first `n` projects' PDF printouts. */
function printouts(n: number) {
  const publication = readTextExport(readFileSync(EXAMPLE), 'panyu-hrss-2025.txt').publication;
  const projects = projectsOf(publication);
  const sources = {
    publication,
    projects,
    reports: { publication: loadReport(DEFAULT_TEMPLATES, 'publication'), project: loadReport(DEFAULT_TEMPLATES, 'project') },
    date: new Date('2025-01-01T00:00:00Z'),
  };
  const todo: Output[] = projects.slice(0, n).map((_, i) => ({ path: `p${i}.pdf`, format: 'pdf', job: { kind: 'project', index: i }, inputs: 'x' }));
  return { sources, todo };
}

describe('renderAll', () => {
  it('asks for the next render when one comes back, while files wait to be written, each within its bound', async () => {
    const { sources, todo } = printouts(12);

    // Two threads: four renders at once. Each render and each write waits until let go.
    const renders: { layout: LayoutDocument; done: ReturnType<typeof gate<RenderResult>> }[] = [];
    let rendering = 0;
    let mostRendering = 0;
    const pool: RenderPool = {
      size: 2,
      running: 2,
      loaded: [],
      prepare: () => {},
      render(layout) {
        mostRendering = Math.max(mostRendering, ++rendering);
        const done = gate<RenderResult>();
        renders.push({ layout, done });
        return done.promise.finally(() => rendering--);
      },
      finish() {},
      close: async () => {},
    };
    const writes: { path: string; done: ReturnType<typeof gate<void>> }[] = [];
    let writing = 0;
    let mostWriting = 0;
    const staging = {
      async write(path: string) {
        mostWriting = Math.max(mostWriting, ++writing);
        const done = gate<void>();
        writes.push({ path, done });
        await done.promise;
        writing--;
      },
    } as unknown as Staging;
    const written: string[] = [];
    const progress = { start() {}, step: (p: string) => void written.push(p), done() {} };

    const run = renderAll(todo, sources, { input: 'x.txt', publication: 'x', staging, progress, diagnostics: [], pool, ownPool: true });
    await settle();
    expect(renders).toHaveLength(4);
    // Two renders come back; their files are being written (and stay so): two more renders are asked for.
    renders[0]!.done.resolve({ bytes: new Uint8Array([0]), warnings: [] });
    renders[1]!.done.resolve({ bytes: new Uint8Array([1]), warnings: [] });
    await settle();
    expect(writes.map((w) => w.path)).toEqual(['p0.pdf', 'p1.pdf']);
    expect(renders).toHaveLength(6);
    // Renders come back faster than files are written: with four files waiting, no render is
    // asked for until one is written.
    for (let i = 2; i < 6; i++) renders[i]!.done.resolve({ bytes: new Uint8Array([i]), warnings: [] });
    await settle();
    expect(writes).toHaveLength(6);
    expect(renders).toHaveLength(6);
    writes[0]!.done.resolve();
    await settle();
    expect(renders).toHaveLength(6);
    writes[1]!.done.resolve();
    writes[2]!.done.resolve();
    await settle();
    // Three files wait: the threads get four renders again.
    expect(renders).toHaveLength(10);
    // Let everything go, as it comes.
    while (written.length < todo.length) {
      for (const r of renders) r.done.resolve({ bytes: new Uint8Array([0]), warnings: [] });
      for (const w of writes) w.done.resolve();
      await settle();
    }
    await run;
    expect(written.sort()).toEqual(todo.map((o) => o.path).sort());
    expect(mostRendering).toBe(4);
    expect(mostWriting).toBe(6);
    // Each render was of its own project's form.
    expect(new Set(renders.map((r) => r.layout)).size).toBe(todo.length);
  });

  it('lays out each job once for all its formats, and tells the threads which render of a layout is its last', async () => {
    const { sources, todo: pdfs } = printouts(3);
    const todo: Output[] = pdfs.flatMap((o, i) => (i === 1 ? [o] : (['pdf', 'docx', 'xlsx'] as const).map((format) => ({ ...o, path: `p${i}.${format}`, format }))));
    const asked: { layout: LayoutDocument; path: string; last: boolean | undefined }[] = [];
    let n = 0;
    const pool: RenderPool = {
      size: 2,
      running: 2,
      loaded: [],
      prepare: () => {},
      render: async (layout, _format, last) => {
        asked.push({ layout, path: todo[n++]!.path, last });
        return { bytes: new Uint8Array([1]), warnings: [] };
      },
      finish() {},
      close: async () => {},
    };
    const staging = { write: async () => {} } as unknown as Staging;
    const progress = { start() {}, step() {}, done() {} };
    await renderAll(todo, sources, { input: 'x.txt', publication: 'x', staging, progress, diagnostics: [], pool, ownPool: true });
    expect(asked.map((a) => [a.path, a.last])).toEqual([
      ['p0.pdf', false],
      ['p0.docx', false],
      ['p0.xlsx', true],
      ['p1.pdf', true],
      ['p2.pdf', false],
      ['p2.docx', false],
      ['p2.xlsx', true],
    ]);
    expect(new Set(asked.map((a) => a.layout)).size).toBe(3);
    expect(asked[0]!.layout).toBe(asked[2]!.layout);
  });

  it('fails with a file that cannot be written, once the files being written are done', async () => {
    const { sources, todo } = printouts(3);
    const pool: RenderPool = {
      size: 1,
      running: 0,
      loaded: [],
      prepare: () => {},
      render: async () => ({ bytes: new Uint8Array([1]), warnings: [] }),
      finish() {},
      close: async () => {},
    };
    const full = new Error('disk full');
    const settled: string[] = [];
    const staging = {
      async write(path: string) {
        await settle();
        settled.push(path);
        if (path === 'p1.pdf') throw full;
      },
    } as unknown as Staging;
    const progress = { start() {}, step() {}, done() {} };
    const e = await renderAll(todo, sources, { input: 'x.txt', publication: 'x', staging, progress, diagnostics: [], pool, ownPool: true }).catch((x: unknown) => x);
    expect(e).toBe(full);
    expect(settled).toContain('p1.pdf');
  });
});
