/**
 * Typst as a peer in `npm run bench`: the same table compiled by Typst (the
 * @myriaddreamin/typst-ts-node-compiler dev dependency: Typst's compiler in Node), PDF only,
 * from ./typst/table.typ. `typstData` turns a publication into the template's JSON; run as a
 * script (`node dist-bench/bench/typst-peer.js <data.json> <out.pdf>`) it compiles one PDF in
 * a fresh process, so the bench times it cold as it times pubtable.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAmount } from '../src/model/amount.js';
import { formatIndicator } from '../src/model/indicator-text.js';
import type { Amounts, Publication } from '../src/model/types.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const TYPST_TEMPLATE = join(root, 'bench/typst/table.typ');

interface Row {
  name: string;
  bold: boolean;
  amounts: string[];
  goal: string;
  indicators: string[];
}

const printed = (a: Amounts) => [a.total, a.fiscal, a.special, a.other].map((v) => (v === 0n ? '' : formatAmount(v)));

/** The rows as the official table prints them: 合计, then each unit and its projects. */
export function typstData(p: Publication): { title: string; department: string; rows: Row[] } {
  const rows: Row[] = [{ name: '合计', bold: true, amounts: printed(p.total), goal: '', indicators: [] }];
  for (const unit of p.units) {
    rows.push({ name: unit.name, bold: true, amounts: printed(unit.amounts), goal: '', indicators: [] });
    for (const project of unit.projects) {
      rows.push({ name: project.name, bold: false, amounts: printed(project.amounts), goal: project.goal, indicators: project.indicators.map(formatIndicator) });
    }
  }
  return { title: p.title, department: p.department, rows };
}

/** Compiles the template over `dataFile` to PDF bytes, with the same font files pubtable embeds. */
export async function compileTypst(dataFile: string): Promise<Uint8Array> {
  const { NodeCompiler } = (await import('@myriaddreamin/typst-ts-node-compiler')) as typeof import('@myriaddreamin/typst-ts-node-compiler');
  const folderOf = (file: string) => dirname(createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-serif-sc/${file}`));
  const compiler = NodeCompiler.create({
    workspace: dirname(dataFile),
    fontArgs: [{ fontPaths: [folderOf('400Regular/NotoSerifSC_400Regular.ttf'), folderOf('700Bold/NotoSerifSC_700Bold.ttf')] }],
  });
  return compiler.pdf({ mainFileContent: readFileSync(TYPST_TEMPLATE, 'utf8'), inputs: { data: `/${dataFile.split('/').pop()!}` } });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [data, out] = process.argv.slice(2) as [string, string];
  writeFileSync(out, await compileTypst(data));
}
