/**
 * `npm run bench`: builds synthetic publications of 23, 1,000 and 10,000 projects in every
 * format, and 1,000 per-project printouts, as separate processes (cold starts, as a user
 * runs them), and reports the median wall time and peak memory of several runs. In the
 * same run it times the peers a user could pick instead, on the same case: LibreOffice
 * converting pubtable's own .docx to PDF, and Typst compiling the same table to PDF
 * (./typst-peer.ts; its PDF is read back to check it holds every name, goal and indicator).
 *
 * Last, the workbench (`pubtable serve`): the time from saving a corrected input to the
 * updated preview, for the example and for 1,000 projects (./save-to-preview.ts).
 *
 *   npm run bench [-- --quick]   (--quick: fewer runs, no 10,000 case)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTextExport } from '../src/ingest/text-export/writer.js';
import { readTextExport } from '../src/ingest/text-export/reader.js';
import { formatIndicator } from '../src/model/indicator-text.js';
import type { Publication } from '../src/model/types.js';
import { saveToPreview } from './save-to-preview.js';
import { syntheticPublication } from './synthetic.js';
import { typstData } from './typst-peer.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/bin.js');
const probe = join(root, 'dist-bench/bench/rss-probe.js');
const typstScript = join(root, 'dist-bench/bench/typst-peer.js');
const quick = process.argv.includes('--quick');
const work = mkdtempSync(join(tmpdir(), 'pubtable-bench-'));

interface Measure {
  case: string;
  runs: number;
  medianSeconds: number;
  minSeconds: number;
  /** The highest peak RSS of the runs. */
  peakRssMB: number;
  /** The median of the runs' peak RSS (the targets are medians; a run's peak depends on how its threads' phases happen to overlap). */
  medianPeakRssMB: number;
  baseline?: Baseline;
  coldBaseline?: Baseline;
  typst?: Baseline;
}

interface Baseline {
  what: string;
  medianSeconds: number;
  /** The peer's time over pubtable's: how many times faster pubtable is. */
  ratio: number;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { seconds: number; rss: number } {
  const rssFile = join(work, 'rss');
  rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env, PUBTABLE_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  let rss = 0;
  try {
    rss = Number(readFileSync(rssFile, 'utf8'));
  } catch {
    // Not a node process (LibreOffice): no figure.
  }
  return { seconds, rss };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function pubtable(args: string[]): { seconds: number; rss: number } {
  return timed(process.execPath, ['--import', probe, cli, ...args]);
}

function measure(name: string, runs: number, once: () => { seconds: number; rss: number }): Measure {
  const results = Array.from({ length: runs }, once);
  const m = {
    case: name,
    runs,
    medianSeconds: median(results.map((r) => r.seconds)),
    minSeconds: Math.min(...results.map((r) => r.seconds)),
    peakRssMB: Math.max(...results.map((r) => r.rss)) / 2 ** 20,
    medianPeakRssMB: median(results.map((r) => r.rss)) / 2 ** 20,
  };
  const rss = results.map((r) => (r.rss / 2 ** 20).toFixed(0)).join(', ');
  process.stderr.write(`  ${name}: ${m.medianSeconds.toFixed(2)} s (median of ${runs}), peak RSS ${m.medianPeakRssMB.toFixed(0)} MB median, ${m.peakRssMB.toFixed(0)} MB highest (${rss})\n`);
  return m;
}

/**
 * LibreOffice converting the .docx, warm (its profile already made, as on a desk where it
 * has run before) and cold (a new profile, as on a fresh machine or in CI).
 */
function officeBaseline(docx: string, runs: number): { warm: number; cold: number } {
  const out = join(work, 'lo');
  let fresh = 0;
  const convert = (profile: string) =>
    timed('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx]).seconds;
  const cold = median(Array.from({ length: runs }, () => convert(join(work, `lo-fresh-${fresh++}`))));
  const warm = median(Array.from({ length: runs }, () => convert(join(work, 'lo-fresh-0'))));
  return { warm, cold };
}

function hasOffice(): boolean {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Typst compiling the same table to PDF, each run a fresh process (cold, as pubtable is
 * timed). Its PDF must hold every project's name, goal and indicators (pdftotext, spaces
 * and line breaks removed), or the comparison would not be of the same work.
 */
function typstPeer(p: Publication, n: number, runs: number): number {
  const data = join(work, `typst-${n}.json`);
  const pdf = join(work, `typst-${n}.pdf`);
  writeFileSync(data, JSON.stringify(typstData(p)));
  const seconds = median(Array.from({ length: runs }, () => timed(process.execPath, [typstScript, data, pdf]).seconds));
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 30 }).replace(/\s+/g, '');
  const squash = (s: string) => s.replace(/\s+/g, '');
  const missing = p.units.flatMap((u) => u.projects).flatMap((x) => [x.name, x.goal, ...x.indicators.map(formatIndicator)]).filter((f) => !holds(text, squash(f)));
  if (missing.length > 0) throw new Error(`Typst’s PDF lacks ${missing.length} names, goals or indicators, e.g. ${missing[0]}`);
  return seconds;
}

/**
 * Whether `text` shows `field`: whole, or — a cell that runs onto the next page is read with
 * the other cells of its row and the repeated header in between — its characters in order
 * within four times its length (and a page foot and header) from where its first eight are.
 */
function holds(text: string, field: string): boolean {
  if (text.includes(field)) return true;
  for (let at = text.indexOf(field.slice(0, 8)); at >= 0; at = text.indexOf(field.slice(0, 8), at + 1)) {
    let i = 0;
    for (let k = at; k < Math.min(text.length, at + 4 * field.length + 300) && i < field.length; k++) if (text[k] === field[i]) i++;
    if (i === field.length) return true;
  }
  return false;
}

function hasTypst(): boolean {
  try {
    createRequire(import.meta.url).resolve('@myriaddreamin/typst-ts-node-compiler');
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The text export with the goal of project `index` (0-based) corrected. */
function correctGoal(text: string, index: number): string {
  const lines = text.split('\n');
  const projectLines = lines.flatMap((l, i) => (/^\d/.test(l.split('\t')[1] ?? '') && (l.split('\t')[5] ?? '') !== '' ? [i] : []));
  const at = projectLines[index]!;
  const cells = lines[at]!.split('\t');
  cells[5] = `${cells[5]}（更正）`;
  return [...lines.slice(0, at), cells.join('\t'), ...lines.slice(at + 1)].join('\n');
}

async function main(): Promise<void> {
  const exampleFile = join(root, 'examples/panyu-hrss-2025.txt');
  const example = readTextExport(readFileSync(exampleFile), exampleFile).publication;
  const inputs = new Map<number, string>([[23, exampleFile]]);
  for (const n of quick ? [1000] : [1000, 10000]) {
    const file = join(work, `synthetic-${n}.txt`);
    writeFileSync(file, writeTextExport(syntheticPublication(example, n)));
    inputs.set(n, file);
  }
  const office = hasOffice();
  const typst = hasTypst();
  const results: Measure[] = [];
  const runsFor = (n: number) => (n >= 10000 ? (quick ? 1 : 3) : quick ? 3 : 5);
  process.stderr.write(`pubtable bench on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}\n`);

  for (const [n, input] of inputs) {
    const out = join(work, `out-${n}`);
    const m = measure(`${n} projects: publication, pdf+docx+xlsx`, runsFor(n), () => pubtable(['build', input, '--out', out, '--force']));
    if (office && n <= 1000) {
      const lo = officeBaseline(join(out, `${input.split('/').pop()!.replace(/\.txt$/, '')}.docx`), n <= 23 ? 3 : 1);
      m.baseline = { what: 'LibreOffice converting the .docx to PDF (warm profile)', medianSeconds: lo.warm, ratio: lo.warm / m.medianSeconds };
      m.coldBaseline = { what: 'LibreOffice converting the .docx to PDF (new profile)', medianSeconds: lo.cold, ratio: lo.cold / m.medianSeconds };
      process.stderr.write(
        `    baseline LibreOffice: warm ${lo.warm.toFixed(2)} s (${m.baseline.ratio.toFixed(1)}×), new profile ${lo.cold.toFixed(2)} s (${m.coldBaseline.ratio.toFixed(1)}×)\n`,
      );
    }
    if (typst) {
      const seconds = typstPeer(readTextExport(readFileSync(input), input).publication, n, n >= 10000 ? 1 : 3);
      m.typst = { what: 'Typst compiling the same table to PDF (PDF only)', medianSeconds: seconds, ratio: seconds / m.medianSeconds };
      process.stderr.write(`    peer Typst (PDF only): ${seconds.toFixed(2)} s (${m.typst.ratio.toFixed(1)}×)\n`);
    }
    results.push(m);
  }

  const input = inputs.get(1000)!;
  const out = join(work, 'out-projects');
  results.push(measure('1000 projects: --projects (3,003 files)', quick ? 1 : 3, () => pubtable(['build', input, '--out', out, '--projects', '--force'])));
  // Correct one project's goal (the 500th project's), alternating between two versions so
  // that every run has a change to pick up.
  const original = readFileSync(input, 'utf8');
  const corrected = correctGoal(original, 499);
  let flip = false;
  results.push(
    measure('1000 projects: rebuild after one corrected goal (--projects)', quick ? 3 : 5, () => {
      flip = !flip;
      writeFileSync(input, flip ? corrected : original);
      return pubtable(['build', input, '--out', out, '--projects']);
    }),
  );

  // A district's finance bureau: 200 departments of 15–35 projects (about 5,000 projects),
  // built and assembled into the portal package in one run.
  const departments = join(work, 'departments');
  mkdirSync(departments);
  let projects = 0;
  for (let i = 1; i <= 200; i++) {
    const n = 15 + ((i * 11) % 21);
    projects += n;
    const name = `示例区第${String(i).padStart(3, '0')}部门`;
    const p = syntheticPublication(example, n);
    writeFileSync(join(departments, `${String(i).padStart(3, '0')}.txt`), writeTextExport({ ...p, department: name, title: p.title.replace(example.department, name) }));
  }
  results.push(
    // A fresh output folder each run: --force would still keep the unchanged all-departments PDF.
    measure(`200 departments (${projects} projects): build <folder> + portal package`, quick ? 1 : 3, () => {
      rmSync(join(work, 'out-departments'), { recursive: true, force: true });
      return pubtable(['build', departments, '--out', join(work, 'out-departments')]);
    }),
  );

  const exampleCopy = join(work, 'panyu-hrss-2025.txt');
  writeFileSync(exampleCopy, readFileSync(exampleFile));
  for (const [n, file] of [[23, exampleCopy], [1000, input]] as const) {
    const runs = quick ? 5 : 11;
    const times = await saveToPreview(cli, file, runs, (text) => correctGoal(text, Math.floor(n / 2)));
    const m: Measure = { case: `${n} projects: workbench, save → updated preview`, runs, medianSeconds: median(times), minSeconds: Math.min(...times), peakRssMB: 0, medianPeakRssMB: 0 };
    process.stderr.write(`  ${m.case}: ${(m.medianSeconds * 1000).toFixed(0)} ms (median of ${runs}), fastest ${(m.minSeconds * 1000).toFixed(0)} ms\n`);
    results.push(m);
  }

  const file = join(root, 'bench/results', `bench-${new Date().toISOString().slice(0, 10)}.json`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, platform: process.platform };
  writeFileSync(file, JSON.stringify({ machine, quick, results }, null, 2) + '\n');
  console.log(table(results));
  console.log(`\nfigures written to ${file}`);
  rmSync(work, { recursive: true, force: true });
}

function table(results: Measure[]): string {
  const rows = results.map((r) => [
    r.case,
    `${r.medianSeconds.toFixed(2)} s`,
    r.peakRssMB === 0 ? '—' : `${r.medianPeakRssMB.toFixed(0)} / ${r.peakRssMB.toFixed(0)} MB`,
    r.baseline ? `${r.baseline.medianSeconds.toFixed(2)} s (${r.baseline.ratio.toFixed(1)}×)` : '—',
    r.coldBaseline ? `${r.coldBaseline.medianSeconds.toFixed(2)} s (${r.coldBaseline.ratio.toFixed(1)}×)` : '—',
    r.typst ? `${r.typst.medianSeconds.toFixed(2)} s (${r.typst.ratio.toFixed(1)}×)` : '—',
  ]);
  const head = ['case', 'median wall', 'peak RSS (median / highest)', 'LibreOffice .docx→PDF, warm (ratio)', 'LibreOffice, new profile (ratio)', 'Typst, PDF only (ratio)'];
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

await main();
