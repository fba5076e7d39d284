/**
 * No small input takes long (issue 10, item 6): long, repetitive cells (blank lines,
 * spaces, separators, digits, `<`, `&`) in the distinct fixture, read by the text reader and
 * the canonical reader, take time in proportion to their size and read correctly. The
 * repetitions are what made backtracking regular expressions take minutes on a 39 KB file.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCanonical } from '../../src/ingest/canonical/reader.js';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readAny } from '../../src/ingest/index.js';
import type { ReadResult } from '../../src/ingest/read-result.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { writeTextExport } from '../../src/ingest/text-export/writer.js';
import { InputError } from '../../src/model/diagnostic.js';
import type { Publication } from '../../src/model/types.js';
import { validate } from '../../src/validate/validate.js';
import { DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { stripSources } from '../helpers/strip-sources.js';

/** Generous for a linear reader on a busy machine, far below what backtracking took (seconds per KB). */
const BASE_MS = 150;
const MS_PER_KB = 6;

/** The fastest of three runs: a busy machine delays a run now and then, a superlinear reader every time. */
function timed<T>(f: () => T): { value: T; ms: number } {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < 3 && ms > BASE_MS; i++) {
    const t0 = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { value, ms };
}

/** fc.assert, but a failure names its long strings by their start and length, not in full. */
function check<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, numRuns: number): void {
  const out = fc.check(property, { numRuns });
  if (!out.failed) return;
  const shown = (out.counterexample ?? []).map((x) => (typeof x === 'string' && x.length > 80 ? `${JSON.stringify(x.slice(0, 60))}… (${x.length} chars)` : JSON.stringify(x)));
  throw new Error(`failed after ${out.numRuns} runs on [${shown.join(', ')}]: ${String(out.errorInstance).slice(0, 1500)}`);
}

const expectFast = (ms: number, bytes: number, what: string) => expect(ms, `${what}: ${Math.round(ms)} ms for ${Math.round(bytes / 1024)} KB`).toBeLessThan(BASE_MS + (MS_PER_KB * bytes) / 1024);

/** Text made of a few pieces repeated thousands of times. */
const repeated = (pieces: string[], max = 20_000) =>
  fc.tuple(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1000, max })).map(([unit, n]) => unit.join('').repeat(n));

/** Pieces that cannot change how a value is split: no `。`, dash or field label, no tag or entity. */
const QUIET = ['\n', ' ', '  ', '；', ';', '：', ':', '1', '23', '、', '<', '&', '\u3000', '%'];
/** Anything: what starts indicators, ends values, or looks like markup. */
const LOUD = [...QUIET, '。', '-', '1、1-', '实施周期指标值：', '；年度指标值:', '<p>', '</p>', '<br>', '&amp;', '&#1;', '"', '\t', '\r\n'];

type Field = 'goal' | 'name' | 'cycleValue' | 'annualValue';

/**
 * The fixture with `block` inside one field of one project, between two characters so that
 * the cell's ends stay put; `as` turns the value into what a reader should give back.
 */
function withBlock(p: Publication, field: Field, project: number, block: string, as = (v: string) => v): Publication {
  const copy = structuredClone(p);
  const x = copy.units.flatMap((u) => u.projects)[project % 4]!;
  if (field === 'goal') x.goal = as(`前${block}后`);
  else x.indicators[0]![field] = as(`前${block}后`);
  return copy;
}

/** What a text export keeps of a cell: each line trimmed. */
const linesTrimmed = (s: string) => s.split('\n').map((l) => l.trim()).join('\n');

let fixture: Publication;
beforeAll(() => {
  fixture = readTextExport(Buffer.from(DISTINCT_TSV), 'distinct.txt').publication;
  // Warm up: the first read compiles the readers.
  readCanonical(writeCanonical(fixture, 'yaml'), 'w.yaml');
});

describe('long, repetitive cells read in linear time and correctly', () => {
  const field = fc.constantFrom<Field>('goal', 'name', 'cycleValue', 'annualValue');

  it('text export: the value read is the value written, each line trimmed', () => {
    check(
      fc.property(field, fc.nat(), repeated(QUIET), (f, project, block) => {
        const p = withBlock(fixture, f, project, block);
        const bytes = Buffer.from(writeTextExport(p));
        const { value: back, ms } = timed(() => readTextExport(bytes, 'long.txt'));
        expectFast(ms, bytes.length, 'text export');
        expect(back.diagnostics).toEqual([]);
        expect(stripSources(back.publication)).toEqual(stripSources(withBlock(fixture, f, project, block, linesTrimmed)));
      }),
      40,
    );
  });

  for (const format of ['json', 'yaml'] as const) {
    it(`${format}: the value read is the value written, exactly`, () => {
      check(
        fc.property(field, fc.nat(), repeated(LOUD), (f, project, block) => {
          const p = withBlock(fixture, f, project, block);
          const text = writeCanonical(p, format);
          const { value: back, ms } = timed(() => readCanonical(text, `long.${format}`));
          expectFast(ms, Buffer.byteLength(text), format);
          expect(back.diagnostics).toEqual([]);
          expect(stripSources(back.publication)).toEqual(stripSources(p));
        }),
        15,
      );
    });
  }

  it('anything repeated, raw in a text export cell: linear, located, and what was read survives JSON', () => {
    const lines = DISTINCT_TSV.split('\n');
    const rows = lines.flatMap((l, i) => (l.split('\t').length === 7 && i > 6 ? [i] : []));
    check(
      fc.property(fc.constantFrom(...rows), fc.constantFrom(0, 5, 6), repeated(LOUD), fc.boolean(), (row, column, block, quoted) => {
        const cells = lines[row]!.split('\t');
        const text = quoted ? `"${block.replace(/"/g, '""')}"` : block;
        cells[column] = column === 0 ? text : `${cells[column]}${text}`;
        const bytes = Buffer.from([...lines.slice(0, row), cells.join('\t'), ...lines.slice(row + 1)].join('\n'));
        const { value: r, ms } = timed(() => {
          try {
            const read = readTextExport(bytes, 'raw.txt');
            return { ...read, diagnostics: [...read.diagnostics, ...validate(read.publication)] };
          } catch (e) {
            if (e instanceof InputError) return null;
            throw e;
          }
        });
        expectFast(ms, bytes.length, 'raw cell');
        if (r === null) return;
        for (const d of r.diagnostics) expect(d.source.line, `${d.code} ${d.message}`).toBeGreaterThan(0);
        const json = writeCanonical(r.publication, 'json');
        expect(stripSources(readCanonical(json, 'back.json').publication)).toEqual(stripSources(r.publication));
      }),
      40,
    );
  });

  it('the cells of issue 10: 8,000 blank lines in a quoted indicator cell, 4,000 trailing spaces, a 200,000-digit amount', async () => {
    const lines = DISTINCT_TSV.split('\n');
    const row = lines.findIndex((l) => l.startsWith('就业补贴项目\t'));
    const variant = (edit: (cells: string[]) => void) => {
      const cells = lines[row]!.split('\t');
      edit(cells);
      return Buffer.from([...lines.slice(0, row), cells.join('\t'), ...lines.slice(row + 1)].join('\n'));
    };
    const cases = [
      variant((c) => (c[6] = `"${c[6]!.replace('年度指标值：1100人次。', `年度指标值：1100人次${'\n'.repeat(8000)}x。`)}"`)),
      variant((c) => (c[6] = `"${c[6]!.replace('。2、', `。${'\n'.repeat(8000)}2、`)}"`)),
      variant((c) => (c[6] = c[6]!.replace('年度指标值：1100人次。', `年度指标值：1100人次${' '.repeat(4000)}x。`))),
      variant((c) => (c[1] = '9'.repeat(200_000))),
    ];
    const results: ReadResult[] = [];
    for (const bytes of cases) {
      const { value, ms } = timed(() => readTextExport(bytes, 'issue.txt'));
      expectFast(ms, bytes.length, 'issue 10 cell');
      results.push(value);
    }
    const annual = (i: number) => results[i]!.publication.units[0]!.projects[0]!.indicators[0]!.annualValue;
    expect(annual(0)).toBe(`1100人次${'\n'.repeat(8000)}x`);
    expect(results[1]!.publication.units[0]!.projects[0]!.indicators.map((x) => x.number)).toEqual([1, 2, 3]);
    expect(annual(2)).toBe(`1100人次${' '.repeat(4000)}x`);
    expect(results[3]!.diagnostics.map((d) => d.code)).toEqual(['INVALID_AMOUNT']);
    // The same through the file dispatch, as the CLI reads it.
    expect((await readAny(cases[0]!, 'issue.txt')).diagnostics).toEqual([]);
  });
});
