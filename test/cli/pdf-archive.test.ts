/**
 * The PDF as an archival record (issue 14), read back with the tools there are (no veraPDF
 * here): PDF/A-3b's marks in the catalog and the XMP (qpdf), every font embedded (pdffonts),
 * the records attached as JSON (pdfdetach) and read back exactly by validate/convert/build,
 * bookmarks that open at the left edge, `--pdf-standard`, and `pubtable verify` on a fresh
 * file, on one whose attached records were altered and on one whose page text was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { editPdfStreams } from '../helpers/pdf-edit.js';
import { parsePdf } from '../../src/ingest/pdf/objects.js';
import { pageLines } from '../../src/ingest/pdf/page-text.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-pdfa-'));
const out = join(dir, 'out');
const pdf = join(out, 'panyu-hrss-2025.pdf');
const printout = join(out, 'projects', '02-享受国务院特殊津贴人员医疗补贴.pdf');
const combined = join(out, 'panyu-hrss-2025-项目表合订.pdf');
const TITLE = '广州市番禺区人力资源和社会保障局（本级）2025年项目支出绩效目标表（含转移支付项目）';
const DEPARTMENT = '广州市番禺区人力资源和社会保障局（本级）';

beforeAll(async () => {
  const r = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', out, '--formats', 'pdf', '--project', '2', '--project', '5', '--combined']);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

const qpdfObjects = (file: string) =>
  (JSON.parse(execFileSync('qpdf', ['--json', '--json-key=qpdf', file], { encoding: 'utf8' })) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown> } }>] }).qpdf[1];

function catalogOf(file: string) {
  const objects = qpdfObjects(file);
  const trailer = objects.trailer!.value!;
  const get = (ref: unknown) => objects[`obj:${String(ref)}`]!;
  return { objects, trailer, catalog: get(trailer['/Root']).value!, get };
}

const xmpOf = (file: string) => {
  const { catalog } = catalogOf(file);
  const n = String(catalog['/Metadata']).split(' ')[0]!;
  return execFileSync('qpdf', [`--show-object=${n}`, '--raw-stream-data', file], { encoding: 'utf8' });
};

describe('PDF/A-3b', () => {
  it.each([
    ['the publication', pdf],
    ['a printout', printout],
    ['the combined printouts', combined],
  ])('%s: version 1.7, XMP with pdfaid 3/B, sRGB output intent, /Lang, the title in the window, no encryption', (_, file) => {
    const { trailer, catalog, get } = catalogOf(file);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/PDF version:\s+1\.7/);
    expect(trailer['/Encrypt']).toBeUndefined();
    expect(trailer['/ID']).toHaveLength(2);
    expect(catalog['/Lang']).toBe('u:zh-CN');
    expect(get(catalog['/ViewerPreferences']).value).toEqual({ '/DisplayDocTitle': true });
    const intents = catalog['/OutputIntents'] as string[];
    expect(intents).toHaveLength(1);
    const intent = get(intents[0]).value!;
    expect(intent['/S']).toBe('/GTS_PDFA1');
    expect(intent['/OutputConditionIdentifier']).toBe('u:sRGB IEC61966-2.1');
    expect(get(intent['/DestOutputProfile']).stream!.dict['/N']).toBe(3);
    const xmp = xmpOf(file);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>');
    expect(xmp).toContain(`<dc:creator><rdf:Seq><rdf:li>${DEPARTMENT}</rdf:li></rdf:Seq></dc:creator>`);
  });

  it('the XMP says what the info dictionary says: title, author, subject, producer, creator tool, both dates', () => {
    const info = execFileSync('pdfinfo', ['-isodates', pdf], { encoding: 'utf8' });
    const xmp = xmpOf(pdf);
    expect(info).toContain(`Title:           ${TITLE}`);
    expect(xmp).toContain(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${TITLE}</rdf:li></rdf:Alt></dc:title>`);
    expect(info).toContain(`Author:          ${DEPARTMENT}`);
    const subject = /Subject:\s+(.+)/.exec(info)![1]!;
    expect(xmp).toContain(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${subject}</rdf:li></rdf:Alt></dc:description>`);
    expect(info).toMatch(/Producer:\s+pubtable/);
    expect(xmp).toContain('<pdf:Producer>pubtable</pdf:Producer>');
    expect(xmp).toContain('<xmp:CreatorTool>pubtable</xmp:CreatorTool>');
    const created = /CreationDate:\s+(\S+)/.exec(info)![1]!;
    const modified = /ModDate:\s+(\S+)/.exec(info)![1]!;
    expect(created).toBe('2025-01-01T00:00:00Z');
    expect(xmp).toContain(`<xmp:CreateDate>${created}</xmp:CreateDate>`);
    expect(xmp).toContain(`<xmp:ModifyDate>${modified}</xmp:ModifyDate>`);
  });

  it('embeds every font (as subsets with ToUnicode)', () => {
    const rows = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('opens with its outline, each bookmark at the left edge of its page (pdfkit put them at the right edge)', () => {
    const { catalog, objects } = catalogOf(pdf);
    expect(catalog['/PageMode']).toBe('/UseOutlines');
    expect(catalog['/Outlines']).toMatch(/^\d+ 0 R$/);
    const dests = Object.values(objects).flatMap((o) => (typeof o.value === 'object' && o.value !== null && '/Dest' in o.value ? [o.value['/Dest'] as unknown[]] : []));
    expect(dests.length).toBe(1 + 23);
    for (const d of dests) expect(d.slice(1)).toEqual(['/XYZ', 0, 595.28, 0]);
  });
});

describe('the records inside', () => {
  it('are attached as the document\'s data (/AF, /AFRelationship /Data, application/json) and listed as an embedded file', () => {
    const { catalog, get } = catalogOf(pdf);
    const af = catalog['/AF'] as string[];
    expect(af).toHaveLength(1);
    const spec = get(af[0]).value!;
    expect(spec['/AFRelationship']).toBe('/Data');
    expect(spec['/UF']).toBe('u:panyu-hrss-2025.pubtable.json');
    const file = get((spec['/EF'] as Record<string, string>)['/F']).stream!.dict;
    expect(file['/Subtype']).toBe('/application/json');
    expect((file['/Params'] as Record<string, unknown>)['/ModDate']).toBe('u:D:20250101000000Z');
    expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toBe('1 embedded files\n1: panyu-hrss-2025.pubtable.json\n');
  });

  it('are exactly the canonical JSON of the input: pdfdetach\'s copy, and convert of the PDF, equal convert of the text byte for byte', async () => {
    const saved = join(dir, 'detached.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', saved, pdf]);
    const fromText = await pubtableInProcess(['convert', EXAMPLE_PATH, '--to', 'json']);
    const fromPdf = await pubtableInProcess(['convert', pdf, '--to', 'json']);
    expect(fromPdf.status).toBe(0);
    expect(fromPdf.stdout).toBe(fromText.stdout);
    expect(readFileSync(saved, 'utf8')).toBe(fromText.stdout);
  });

  it('validate --json of the PDF gives the units, projects, indicators and totals of the text', async () => {
    const a = JSON.parse((await pubtableInProcess(['validate', EXAMPLE_PATH, '--json'])).stdout) as Record<string, unknown>;
    const b = JSON.parse((await pubtableInProcess(['validate', pdf, '--json'])).stdout) as Record<string, unknown>;
    const pick = (x: Record<string, unknown>) => ({ ok: x.ok, units: x.units, projects: x.projects, indicators: x.indicators, totals: x.totals });
    expect(pick(b)).toEqual({ ok: true, units: 1, projects: 23, indicators: 148, totals: { total: '3105.64', fiscal: '3105.64', special: '0.00', other: '0.00' } });
    expect(pick(b)).toEqual(pick(a));
  });

  it('a printout carries its own project, under its unit, the unit and 合计 rows being that project\'s amounts', async () => {
    const r = await pubtableInProcess(['convert', printout, '--to', 'json']);
    const data = JSON.parse(r.stdout) as { units: { name: string; amounts: { total: string }; projects: { name: string; amounts: { total: string } }[] }[]; total: { total: string }; notes: string[] };
    expect(data.units).toHaveLength(1);
    expect(data.units[0]!.projects.map((p) => p.name)).toEqual(['享受国务院特殊津贴人员医疗补贴']);
    expect(data.units[0]!.amounts).toEqual(data.units[0]!.projects[0]!.amounts);
    expect(data.total).toEqual(data.units[0]!.amounts);
    expect(data.total.total).toBe('2.88');
    const both = JSON.parse((await pubtableInProcess(['convert', combined, '--to', 'json'])).stdout) as typeof data;
    expect(both.units.flatMap((u) => u.projects.map((p) => p.name))).toHaveLength(2);
  });

  it('diff compares a PDF\'s records with the text they came from: no difference', async () => {
    const r = await pubtableInProcess(['diff', pdf, EXAMPLE_PATH]);
    expect([r.status, r.stdout]).toEqual([0, '两个版本的记录没有差别。\n']);
  });

  it('build reads a PDF as input: the same table again, named after the PDF', async () => {
    const again = join(dir, 'again');
    const r = await pubtableInProcess(['build', pdf, '--out', again, '--formats', 'pdf']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(again, 'panyu-hrss-2025.pdf')).equals(readFileSync(pdf))).toBe(true);
  });

  it('a PDF that is not pubtable\'s, or has no records, is an exit-2 error that says so', async () => {
    const foreign = join(dir, 'foreign.pdf');
    writeFileSync(foreign, '%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
    const r = await pubtableInProcess(['validate', foreign]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${foreign}: 错误 PDF_NOT_PUBTABLE: 这不是 pubtable 生成的 PDF`);
    const plain = join(dir, 'a2');
    expect((await pubtableInProcess(['build', EXAMPLE_PATH, '--out', plain, '--formats', 'pdf', '--pdf-standard', 'a-2b'])).status).toBe(0);
    const none = await pubtableInProcess(['convert', join(plain, 'panyu-hrss-2025.pdf'), '--to', 'json']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('错误 PDF_NO_RECORDS: PDF 中没有内附的记录');
  });
});

describe('--pdf-standard', () => {
  it('a-2b: PDF/A-2b, no attachments (PDF/A-2 allows none but PDF/A files); none: a plain PDF 1.3 that carries the records', async () => {
    const a2 = join(dir, 'a2', 'panyu-hrss-2025.pdf');
    expect(xmpOf(a2)).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(catalogOf(a2).catalog['/AF']).toBeUndefined();
    const plain = join(dir, 'plain');
    expect((await pubtableInProcess(['build', EXAMPLE_PATH, '--out', plain, '--formats', 'pdf', '--pdf-standard', 'none'])).status).toBe(0);
    const { catalog } = catalogOf(join(plain, 'panyu-hrss-2025.pdf'));
    expect(catalog['/Metadata']).toBeUndefined();
    expect(catalog['/OutputIntents']).toBeUndefined();
    expect(catalog['/AF']).toHaveLength(1);
    const r = await pubtableInProcess(['convert', join(plain, 'panyu-hrss-2025.pdf'), '--to', 'json']);
    expect(r.stdout).toBe((await pubtableInProcess(['convert', EXAMPLE_PATH, '--to', 'json'])).stdout);
  });

  it('the style sheet can set it (pdf.standard), the option overrides it, a wrong value is refused at its line', async () => {
    const templates = join(dir, 'templates');
    expect((await pubtableInProcess(['templates', templates])).status).toBe(0);
    const sheet = join(templates, 'styles.json');
    const original = readFileSync(sheet, 'utf8');
    writeFileSync(sheet, original.replace(/^\{\n/, '{\n  "pdf": { "standard": "a-2b" },\n'));
    const o = join(dir, 'by-sheet');
    expect((await pubtableInProcess(['build', EXAMPLE_PATH, '--out', o, '--formats', 'pdf', '--templates', templates])).status).toBe(0);
    expect(xmpOf(join(o, 'panyu-hrss-2025.pdf'))).toContain('<pdfaid:part>2</pdfaid:part>');
    expect((await pubtableInProcess(['build', EXAMPLE_PATH, '--out', o, '--formats', 'pdf', '--templates', templates, '--pdf-standard', 'a-3b'])).status).toBe(0);
    expect(xmpOf(join(o, 'panyu-hrss-2025.pdf'))).toContain('<pdfaid:part>3</pdfaid:part>');
    writeFileSync(sheet, original.replace(/^\{\n/, '{\n  "pdf": { "standard": "a-1b" },\n'));
    const bad = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', o, '--formats', 'pdf', '--templates', templates]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${sheet}:2: 错误 STYLESHEET_INVALID: 样式表中 pdf.standard 的值 "a-1b" 无效：应为 a-3b、a-2b、none 之一`);
  });

  it('changing it rebuilds the PDFs only; an unknown value is a usage error', async () => {
    const o = join(dir, 'switch');
    await pubtableInProcess(['build', EXAMPLE_PATH, '--out', o, '--formats', 'pdf,xlsx']);
    const r = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', o, '--formats', 'pdf,xlsx', '--pdf-standard', 'none']);
    expect(r.stdout).toContain('写入 1 个文件，未变 1 个');
    const bad = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', o, '--pdf-standard', 'a-1b']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('用法错误 USAGE');
  });
});

/** A copy of the publication PDF, named `name`, whose attached records `edit` has rewritten. */
function withRecords(name: string, edit: (records: string) => string): string {
  const altered = join(dir, name);
  let found = false;
  const bytes = editPdfStreams(readFileSync(pdf), (_, data) => {
    const text = data.toString('utf8');
    if (!text.startsWith('{\n  "format": "pubtable/1"')) return null;
    found = true;
    return Buffer.from(edit(text), 'utf8');
  });
  expect(found, 'the records inside the PDF').toBe(true);
  writeFileSync(altered, bytes);
  return altered;
}

describe('pubtable verify', () => {
  it('passes on fresh files: the publication, a printout, the combined printouts', async () => {
    for (const [file, what] of [[pdf, '绩效目标表 9 页；项目 23 个，合计 3,105.64 万元'], [printout, '项目表 1 页；项目 1 个，合计 2.88 万元'], [combined, '项目表 2 页；项目 2 个']] as const) {
      const r = await pubtableInProcess(['verify', file]);
      expect(r.status, r.stdout).toBe(0);
      expect(r.stdout).toContain(`${file}：页面与内附记录一致（${what}`);
    }
  });

  it('fails, naming the project, when the attached records were altered after the build', async () => {
    // The goal of project 3, as a forger would change it.
    const altered = withRecords('altered-records.pdf', (text) => {
      const forged = text.replace('"goal": "规范事业单位公开招聘', '"goal": "规范事业单位内部招聘');
      expect(forged).not.toBe(text);
      return forged;
    });
    const r = await pubtableInProcess(['verify', altered]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/错误 VERIFY_PAGE_DIFFERS: 第 1 页第 \d+ 行：页面上为“[^”]*公开招聘[^”]*”，按内附记录应为“[^”]*内部招聘[^”]*”（项目 3\. 事业单位人员招聘工作经费）/);
    expect(r.stdout).toContain('页面与内附记录不一致');
  });

  it('fails, naming the project, when the page text was altered after the build; --json says where', async () => {
    const original = pageLines(parsePdf(readFileSync(pdf)))[0]!;
    const target = original.length - 5;
    let swapped = '';
    let first = true;
    // Page 1's content (the first stream that shows text): the first two characters of one of
    // its last lines (an indicator's) swapped, as an edit in a PDF editor would leave it.
    const altered = join(dir, 'altered-page.pdf');
    writeFileSync(
      altered,
      editPdfStreams(readFileSync(pdf), (_, data) => {
        const text = data.toString('latin1');
        if (!first || !/\bTJ\b/.test(text)) return null;
        first = false;
        const shows = [...text.matchAll(/\[<([0-9a-f]{8,})>/g)];
        expect(shows).toHaveLength(original.length);
        const m = shows[target]!;
        const hex = m[1]!;
        const at = m.index + 2;
        swapped = [...original[target]!.text].slice(0, 2).reverse().join('') + original[target]!.text.slice(2);
        return Buffer.from(text.slice(0, at) + hex.slice(4, 8) + hex.slice(0, 4) + text.slice(at + 8), 'latin1');
      }),
    );
    expect(swapped).not.toBe(original[target]!.text);
    const r = await pubtableInProcess(['verify', altered, '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; kind: string; differences: { page: number; line: number; shown: string; expected: string; project: string }[] };
    expect(report.ok).toBe(false);
    expect(report.kind).toBe('publication');
    expect(report.differences).toHaveLength(1);
    const [d] = report.differences;
    expect(d).toMatchObject({ page: 1, line: target + 1, shown: swapped, expected: original[target]!.text });
    // The project named is the one whose records hold the line.
    const records = JSON.parse((await pubtableInProcess(['convert', pdf, '--to', 'json'])).stdout) as { units: { projects: { name: string; goal: string; indicators: { name: string }[] }[] }[] };
    const projects = records.units.flatMap((u) => u.projects);
    const [, position, name] = /^(\d+)\. (.+)$/.exec(d!.project)!;
    expect(projects[Number(position) - 1]!.name).toBe(name);
    const project = projects[Number(position) - 1]!;
    const line = original[target]!.text;
    expect(project.goal.includes(line) || project.indicators.some((i) => line.includes(i.name)), line).toBe(true);
    const text = await pubtableInProcess(['verify', altered]);
    expect(text.stdout).toContain(`${altered}: 错误 VERIFY_PAGE_DIFFERS: 第 1 页第 ${target + 1} 行：页面上为“${swapped}”，按内附记录应为“${original[target]!.text}”（项目 ${d!.project}）`);
  });

  it('says so when the records make more pages than the file has', async () => {
    const altered = withRecords('altered-length.pdf', (text) => {
      const records = JSON.parse(text) as { units: { projects: { goal: string }[] }[] };
      const project = records.units[0]!.projects[0]!;
      project.goal = project.goal.repeat(40);
      return JSON.stringify(records, null, 2) + '\n';
    });
    const r = await pubtableInProcess(['verify', altered]);
    expect(r.status).toBe(1);
    const count = /: 错误 VERIFY_PAGE_COUNT: PDF 有 9 页，按内附记录应为 (\d+) 页\n/.exec(r.stdout);
    expect(Number(count?.[1])).toBeGreaterThan(9);
    // The page number, which no project's records hold, is named without a project.
    expect(r.stdout).toContain('第 1 页第 80 行：页面上为“第 1 页 共 9 页”，按内附记录不应有这一行\n');
  });

  it('refuses records inside that cannot be unpacked (PDF_RECORDS_DAMAGED), as every reader does', async () => {
    const bytes = Buffer.from(readFileSync(pdf));
    const parsed = parsePdf(bytes);
    const file = [...parsed.objects.values()].find((o) => /\/Type \/EmbeddedFile/.test(o.head))!;
    // Bytes in the middle of the compressed records, overwritten in place.
    const at = file.stream!.byteOffset + Math.floor(file.stream!.length / 2);
    bytes.fill(0xff, at, at + 16);
    const damaged = join(dir, 'damaged.pdf');
    writeFileSync(damaged, bytes);
    for (const command of ['validate', 'verify']) {
      const r = await pubtableInProcess([command, damaged]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${damaged}: 错误 PDF_RECORDS_DAMAGED: PDF 内附的记录无法读取：压缩的流已损坏或解压后超过 256 MB`);
    }
  });

  it('refuses pages it cannot read (a font without /ToUnicode) as not pubtable\'s (exit 2), not as an internal error', async () => {
    const bytes = Buffer.from(readFileSync(pdf));
    // Renamed in place: offsets stay right, the fonts lose their Unicode maps.
    const text = bytes.toString('latin1').replaceAll('/ToUnicode', '/ToUnicodX');
    const broken = join(dir, 'no-tounicode.pdf');
    writeFileSync(broken, Buffer.from(text, 'latin1'));
    const r = await pubtableInProcess(['verify', broken]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`: 错误 PDF_NOT_PUBTABLE: 这不是 pubtable 生成的 PDF（字体 \\d+ 没有 /ToUnicode），无法核对其页面\n$`));
  });

  it('refuses a file without records as any input (exit 2)', async () => {
    const r = await pubtableInProcess(['verify', join(dir, 'a2', 'panyu-hrss-2025.pdf')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PDF_NO_RECORDS');
  });
});

/** An element of `pdfinfo -struct-text`: its type, attributes (`/Scope /Column`), text lines and children. */
interface StructNode {
  type: string;
  attrs: string[];
  text: string[];
  kids: StructNode[];
}

function structTree(file: string): StructNode {
  const root: StructNode = { type: '', attrs: [], text: [], kids: [] };
  const stack: { depth: number; node: StructNode }[] = [{ depth: -1, node: root }];
  for (const line of execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' }).split('\n')) {
    if (line.trim() === '') continue;
    const depth = line.search(/\S/);
    const body = line.trim();
    while (stack.length > 1 && stack.at(-1)!.depth >= depth) stack.pop();
    const parent = stack.at(-1)!.node;
    if (body.startsWith('"')) parent.text.push(body.slice(1, -1));
    else if (body.startsWith('/')) parent.attrs.push(body);
    else {
      const node: StructNode = { type: /^[A-Za-z0-9]+/.exec(body)![0], attrs: [], text: [], kids: [] };
      parent.kids.push(node);
      stack.push({ depth, node });
    }
  }
  return root.kids[0]!;
}

const allText = (n: StructNode): string => n.text.join('') + n.kids.map(allText).join('');

describe('tagged PDF', () => {
  it('pdfinfo says Tagged: yes; /MarkInfo marked', () => {
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    const { catalog, get } = catalogOf(pdf);
    expect(get(catalog['/MarkInfo']).value).toEqual({ '/Marked': true });
  });

  it('the publication reads as Document → H1 → P → one Table (THead of TH with scope, TBody) across its 9 pages', async () => {
    const doc = structTree(pdf);
    expect(doc.type).toBe('Document');
    expect(doc.kids.map((k) => k.type)).toEqual(['H1', 'P', 'P', 'Table']);
    expect(doc.kids[0]!.text).toEqual([TITLE]);
    const table = doc.kids[3]!;
    expect(table.kids.map((k) => k.type)).toEqual(['THead', 'TBody']);
    const [head, body] = table.kids as [StructNode, StructNode];
    expect(head.kids).toHaveLength(1);
    const labels = ['项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '绩效指标'];
    expect(head.kids[0]!.kids.map((th) => [th.type, th.attrs, allText(th)])).toEqual(labels.map((l) => ['TH', ['/Scope /Column'], l]));
    // 合计, the unit, 23 projects: one row each, seven cells each.
    expect(body.kids).toHaveLength(25);
    for (const tr of body.kids) expect(tr.kids.map((k) => k.type)).toEqual(Array(7).fill('TD'));
    // The column headers are drawn on every page but read once; the page numbers not at all.
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split('绩效目标').length - 1).toBeGreaterThanOrEqual(9);
    const tagged = allText(doc);
    expect(tagged.split('财政专户拨款').length - 1).toBe(1);
    expect(tagged).not.toMatch(/第\s*\d+\s*页/);
    // Every project's name, goal and indicators, each in its own row's cells, once.
    const records = JSON.parse((await pubtableInProcess(['convert', pdf, '--to', 'json'])).stdout) as { units: { projects: { name: string; goal: string; amounts: { total: string } }[] }[] };
    const projects = records.units[0]!.projects;
    projects.forEach((p, i) => {
      const cells = body.kids[i + 2]!.kids.map(allText);
      expect(cells[0]).toBe(p.name);
      expect(cells[1]!.replace(/,/g, '')).toBe(p.amounts.total);
      expect(cells[5]).toBe(p.goal);
      expect(tagged.split(p.goal).length - 1).toBe(1);
    });
  });

  it('a printout: its labels are header cells of their rows or columns, merged cells carry RowSpan and ColSpan', () => {
    const doc = structTree(printout);
    expect(doc.kids.map((k) => k.type)).toEqual(['H1', 'P', 'P', 'P', 'Table']);
    const cells = doc.kids[4]!.kids.flatMap((group) => group.kids.flatMap((tr) => tr.kids));
    const named = (text: string) => cells.find((c) => allText(c) === text)!;
    expect(named('项目名称')).toMatchObject({ type: 'TH', attrs: ['/Scope /Row'] });
    expect(named('享受国务院特殊津贴人员医疗补贴')).toMatchObject({ type: 'TD', attrs: ['/ColSpan 4'] });
    expect(named('项目资金')).toMatchObject({ type: 'TH', attrs: ['/Scope /Row', '/RowSpan 2'] });
    expect(named('财政专户拨款')).toMatchObject({ type: 'TH', attrs: ['/Scope /Column'] });
    expect(named('一级指标')).toMatchObject({ type: 'TH', attrs: ['/Scope /Column'] });
    expect(named('1-产出指标')).toMatchObject({ type: 'TD', attrs: ['/RowSpan 5'] });
    expect(cells.filter((c) => c.type === 'TH').map(allText)).toEqual(['项目名称', '资金使用单位', '项目资金', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值']);
  });
});
