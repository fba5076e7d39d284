/**
 * Fuzzing the readers (issue 10): the example and the distinct fixture, as a text export,
 * as canonical JSON and YAML and as a workbook (cell texts mutated, and the XML inside the
 * zip, and the zip's bytes), damaged by a seeded mutator (../helpers/mutate.ts). For any
 * input, reading and validating ends within a time bound, throws nothing but InputError,
 * and every message is located. A few of the inputs go through the compiled CLI: exit 0, 1
 * or 2, never 3, no stack trace, and a failed build leaves out/ as it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readAny } from '../../src/ingest/index.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { parseTsv } from '../../src/ingest/text-export/tsv.js';
import { InputError, type Diagnostic } from '../../src/model/diagnostic.js';
import { validate } from '../../src/validate/validate.js';
import { DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { pubtable } from '../helpers/cli.js';
import { exampleText } from '../helpers/example.js';
import { mutate, mutateText, random } from '../helpers/mutate.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-fuzz-'));
/** Per input, for reading and validating; generous for a busy machine, hours below a hang. */
const BOUND_MS = 3000;

interface Seed {
  name: string;
  ext: 'txt' | 'json' | 'yaml' | 'xlsx';
  bytes: Uint8Array;
}

type Outcome = { kind: 'read'; diagnostics: Diagnostic[] } | { kind: 'fatal'; error: InputError };

/** Read and validate as `pubtable validate` does; anything thrown but an InputError fails the test. */
async function load(bytes: Uint8Array, file: string): Promise<{ outcome: Outcome; ms: number }> {
  const t0 = performance.now();
  try {
    const r = await readAny(bytes, file);
    const diagnostics = [...r.diagnostics, ...validate(r.publication)];
    return { outcome: { kind: 'read', diagnostics }, ms: performance.now() - t0 };
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`${file}: ${String(e)}`, { cause: e });
    return { outcome: { kind: 'fatal', error: e }, ms: performance.now() - t0 };
  }
}

function expectLocated(o: Outcome, file: string, ext: Seed['ext']): void {
  if (o.kind === 'fatal') {
    expect(o.error.source.file).toBe(file);
    return;
  }
  for (const d of o.diagnostics) {
    const where = `${file}: ${d.code} ${d.message.slice(0, 80)} @ ${JSON.stringify(d.source)}`;
    expect(d.source.file, where).toBe(file);
    if (ext === 'xlsx') expect(d.source.cell, where).toMatch(/^[A-Z]+\d+$/);
    else expect(d.source.line, where).toBeGreaterThan(0);
  }
}

/** A workbook of the rows of a text export, with `edit` applied to each cell text. */
async function workbookOf(tsv: string, edit: (text: string) => string | number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('表');
  parseTsv(tsv).rows.forEach((r, i) => r.cells.forEach((c, j) => (ws.getCell(i + 1, j + 1).value = edit(c))));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The workbook with the bytes of one XML part inside the zip mutated. */
async function mutatePart(book: Uint8Array, rand: () => number): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(book);
  const parts = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', 'xl/styles.xml'];
  const name = parts[Math.floor(rand() * parts.length)]!;
  zip.file(name, mutate(await zip.file(name)!.async('uint8array'), rand, 1 + Math.floor(rand() * 4)));
  return zip.generateAsync({ type: 'uint8array' });
}

/** Values an attacker or a careless tool puts where text or an amount belongs. */
const HOSTILE: unknown[] = [1e307, -1e307, 1e21, 12345678901234, 0.001, -5, 0, 2025.5, '\u0001', '\u001b[31m', '\uffff', '\ud800', '12345678901234.00', '1 000.00', 'a<b && c>d', '&#1;', 'x'.repeat(5000), null, true, [], {}];
/** Text-export cell insertions: each keeps the row's shape. */
const CELL_TOKENS = ['&#1;', '\u0007', '&#xFFFE;', '&#xD800;', '\u001b', '<b>', 'a<b && c>d', '&amp;', '；', '。', '1、1-', '&#12288;', '9'.repeat(20)];

/** The canonical seed with `count` leaves (strings, numbers) replaced by hostile values. */
function hostileValues(json: string, rand: () => number, count: number): string {
  const data = JSON.parse(json) as unknown;
  const leaves: [Record<string, unknown>, string][] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && typeof x === 'object') walk(x);
      else leaves.push([v as Record<string, unknown>, k]);
    }
  };
  walk(data);
  for (let i = 0; i < count; i++) {
    const [holder, key] = leaves[Math.floor(rand() * leaves.length)]!;
    holder[key] = HOSTILE[Math.floor(rand() * HOSTILE.length)];
  }
  return JSON.stringify(data, null, 2);
}

/** The distinct fixture's text export with tokens inserted into its 绩效目标 and 绩效指标 cells. */
function hostileCells(rand: () => number, count: number): string {
  const lines = DISTINCT_TSV.split('\n');
  for (let i = 0; i < count; i++) {
    const n = 7 + Math.floor(rand() * 7); // the 合计, unit and project rows
    const cells = lines[n]!.split('\t');
    const c = 5 + Math.floor(rand() * 2);
    const at = Math.floor(rand() * (cells[c]!.length + 1));
    cells[c] = cells[c]!.slice(0, at) + CELL_TOKENS[Math.floor(rand() * CELL_TOKENS.length)]! + cells[c]!.slice(at);
    lines[n] = cells.join('\t');
  }
  return lines.join('\n');
}

const seeds: Seed[] = [];
beforeAll(async () => {
  for (const [name, tsv] of [['example', exampleText()], ['distinct', DISTINCT_TSV]] as const) {
    const p = readTextExport(Buffer.from(tsv), `${name}.txt`).publication;
    seeds.push({ name, ext: 'txt', bytes: Buffer.from(tsv) });
    seeds.push({ name, ext: 'json', bytes: Buffer.from(writeCanonical(p, 'json')) });
    seeds.push({ name, ext: 'yaml', bytes: Buffer.from(writeCanonical(p, 'yaml')) });
  }
});

/** The fuzzed inputs of one kind: `n` per seed (the example's JSON and YAML take 10× as long, so a fifth of that), the seed number in the file name. */
function* fuzzed(ext: Seed['ext'], n: number): Generator<{ file: string; bytes: Uint8Array }> {
  for (const s of seeds.filter((x) => x.ext === ext)) {
    const copies = ext !== 'txt' && s.name === 'example' ? Math.ceil(n / 5) : n;
    for (let k = 0; k < copies; k++) {
      const rand = random(k * 7919 + s.bytes.length);
      yield { file: join(dir, `${s.name}-${k}.${ext}`), bytes: mutate(s.bytes, rand, 1 + Math.floor(rand() * 8)) };
    }
  }
}

describe('fuzzed inputs: bounded time, InputError or located messages', () => {
  for (const [ext, n] of [['txt', 60], ['json', 25], ['yaml', 25]] as const) {
    it(`${ext}: ${n} damaged copies of each seed`, async () => {
      const codes = new Set<string>();
      for (const { file, bytes } of fuzzed(ext, n)) {
        const { outcome, ms } = await load(bytes, file);
        expect(ms, file).toBeLessThan(BOUND_MS);
        expectLocated(outcome, file, ext);
        if (outcome.kind === 'fatal') codes.add(`fatal ${outcome.error.code}`);
        else for (const d of outcome.diagnostics) codes.add(d.code);
      }
      // The fuzz reaches what it is for: damage the readers must report.
      const damage = ext === 'txt' ? ['fatal HEADER_NOT_FOUND', 'INVALID_ENCODING', 'UNREADABLE_ROW'] : ['SYNTAX_ERROR', 'INVALID_ENCODING', 'SCHEMA_VIOLATION'];
      expect([...codes]).toEqual(expect.arrayContaining(damage));
    });
  }

  it('json and text export: hostile values in otherwise valid records', async () => {
    const json = seeds.find((x) => x.name === 'distinct' && x.ext === 'json')!.bytes.toString();
    for (let k = 0; k < 40; k++) {
      const rand = random(k);
      for (const [file, text] of [[join(dir, `values-${k}.json`), hostileValues(json, rand, 1 + Math.floor(rand() * 4))], [join(dir, `cells-${k}.txt`), hostileCells(rand, 1 + Math.floor(rand() * 3))]] as const) {
        const { outcome, ms } = await load(Buffer.from(text), file);
        expect(ms, file).toBeLessThan(BOUND_MS);
        expectLocated(outcome, file, file.endsWith('.json') ? 'json' : 'txt');
      }
    }
  });

  it('xlsx: cell texts, the XML inside the zip, and the zip itself damaged', async () => {
    const rand = random(2025);
    const inputs: { file: string; bytes: Uint8Array }[] = [];
    for (const [name, tsv] of [['example', exampleText()], ['distinct', DISTINCT_TSV]] as const) {
      const clean = await workbookOf(tsv, (t) => t);
      for (let k = 0; k < 6; k++) {
        const cell = (t: string) => (rand() < 0.1 ? mutateText(t, rand, 2) : /^[\d,.]+$/.test(t) && rand() < 0.2 ? ([1e307, 1e13, 12.345, -0.001] as const)[k % 4]! : t);
        inputs.push({ file: join(dir, `${name}-cells-${k}.xlsx`), bytes: await workbookOf(tsv, cell) });
        inputs.push({ file: join(dir, `${name}-part-${k}.xlsx`), bytes: await mutatePart(clean, rand) });
        inputs.push({ file: join(dir, `${name}-zip-${k}.xlsx`), bytes: mutate(clean, rand, 1 + Math.floor(rand() * 3)) });
      }
    }
    for (const { file, bytes } of inputs) {
      const { outcome, ms } = await load(bytes, file);
      expect(ms, file).toBeLessThan(BOUND_MS);
      expectLocated(outcome, file, 'xlsx');
    }
  });
});

/** Every file under `root` with a hash of its bytes: what "out/ as it was" compares. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[path.slice(root.length)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('fuzzed inputs through the compiled CLI', () => {
  it('validate and build exit 0, 1 or 2, never 3 and never with a stack trace; a failed build leaves out/ as it was', () => {
    // Of the inputs above: a damaged copy, and hostile values in otherwise valid records.
    const json = seeds.find((x) => x.name === 'distinct' && x.ext === 'json')!.bytes.toString();
    const chosen = [
      [...fuzzed('txt', 2)].at(-1)!,
      { file: join(dir, 'cli-values.json'), bytes: Buffer.from(hostileValues(json, random(3), 4)) },
      { file: join(dir, 'cli-cells.txt'), bytes: Buffer.from(hostileCells(random(3), 2)) },
    ];
    // The hostile ones hold what used to end in exit 3 or a build failing after validate passed.
    expect(chosen[1]!.bytes.toString()).toMatch(/e\+307|\\u0001/);
    expect(chosen[2]!.bytes.toString()).toMatch(/&#1;|\u0007|&#xFFFE;|&#xD800;|\u001b/);
    const statuses = new Set<number>();
    for (const { file, bytes } of chosen) {
      writeFileSync(file, bytes);
      const out = join(dir, `out-${statuses.size}-${file.split('/').pop()}`);
      mkdirSync(out);
      writeFileSync(join(out, '2024.pdf'), 'a file of another publication');
      const before = snapshot(out);
      const [checked, built] = [['validate', file], ['build', file, '--out', out]].map((args) => {
        const r = pubtable(args, { PUBTABLE_WORKERS: '0' });
        const said = `${args.join(' ')} → ${r.status}\n${r.stderr.slice(0, 600)}`;
        expect([0, 1, 2], said).toContain(r.status);
        expect(r.stderr + r.stdout, said).not.toMatch(/^\s+at |INTERNAL_ERROR|内部错误/m);
        statuses.add(r.status);
        return { status: r.status, said };
      });
      if (built!.status !== 0) expect(snapshot(out), built!.said).toEqual(before);
      // validate and build agree: what validates builds, what does not is refused the same way.
      expect(built!.status, `${checked!.said}\n${built!.said}`).toBe(checked!.status);
    }
    expect(statuses.has(1) || statuses.has(2)).toBe(true);
  });
});
