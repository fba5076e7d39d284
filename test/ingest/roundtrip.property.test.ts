/**
 * Every format pubtable writes and reads carries the whole model: for arbitrary valid
 * publications (see ./helpers/arbitrary-publication.ts for what "valid" includes),
 * model → format → model is the identity, sources aside, and reading reports nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCanonical } from '../../src/ingest/canonical/reader.js';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { writeTextExport } from '../../src/ingest/text-export/writer.js';
import type { ReadResult } from '../../src/ingest/read-result.js';
import type { Publication } from '../../src/model/types.js';
import { arbitraryPublication } from '../helpers/arbitrary-publication.js';
import { exampleLines, exampleText } from '../helpers/example.js';
import { stripSources } from '../helpers/strip-sources.js';

const RUNS = { numRuns: 120 };

function survives(write: (p: Publication) => string, read: (text: string) => ReadResult): void {
  fc.assert(
    fc.property(arbitraryPublication, (p) => {
      const back = read(write(p));
      expect(back.diagnostics).toEqual([]);
      expect(stripSources(back.publication)).toEqual(stripSources(p));
    }),
    RUNS,
  );
}

describe('round trips of arbitrary valid publications', () => {
  it('model → JSON → model', () => {
    survives((p) => writeCanonical(p, 'json'), (t) => readCanonical(t, 'p.json'));
  });

  it('model → YAML → model', () => {
    survives((p) => writeCanonical(p, 'yaml'), (t) => readCanonical(t, 'p.yaml'));
  });

  it('model → text export → model', () => {
    survives(writeTextExport, (t) => readTextExport(Buffer.from(t, 'utf8'), 'p.txt'));
  });

  it('the real example → text export → model, in the official layout', () => {
    const p = readTextExport(Buffer.from(exampleText(), 'utf8'), 'in.txt').publication;
    const out = writeTextExport(p);
    const back = readTextExport(Buffer.from(out, 'utf8'), 'out.txt');
    expect(back.diagnostics).toEqual([]);
    expect(stripSources(back.publication)).toEqual(stripSources(p));
    // Header, 合计 and unit rows exactly as the budget system printed them (zero = blank).
    const lines = out.split('\n');
    for (const first of ['项目名称（资金使用单位）', '合计', '广州市番禺区人力资源和社会保障局（本级）']) {
      expect(lines).toContain(exampleLines().find((l) => l.startsWith(`${first}\t`)));
    }
    expect(lines.slice(0, 6)).toEqual([p.title, '', `单位名称：${p.department}`, '', '单位：万元', '']);
  });

  it('the generator reaches the cases that matter', () => {
    // Guards the properties above against a generator that silently stopped producing them.
    const samples = fc.sample(arbitraryPublication, { numRuns: 200, seed: 42 });
    const projects = samples.flatMap((p) => p.units.flatMap((u) => u.projects));
    const everything = samples.map((p) => writeCanonical(p, 'json')).join('');
    expect(samples.some((p) => p.units.length === 3)).toBe(true);
    expect(projects.some((x) => x.indicators.length >= 5)).toBe(true);
    expect(projects.some((x) => x.indicators.some((i) => i.number >= 1000))).toBe(true);
    expect(projects.some((x) => x.goal.includes('\n'))).toBe(true);
    expect(samples.some((p) => p.notes.some((n) => n.startsWith('注：')))).toBe(true);
    expect(samples.some((p) => p.year === null) && samples.some((p) => p.includesTransfer)).toBe(true);
    expect(projects.some((x) => x.amounts.special === 0n) && projects.some((x) => x.amounts.other > 0n)).toBe(true);
    for (const c of ['\\"', '；', '<', '%']) expect(everything, c).toContain(c);
  });
});
