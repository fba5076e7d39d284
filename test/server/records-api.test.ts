/**
 * The records API (docs/api.md) over real HTTP, on copies of the example: a correction is
 * saved only on top of the version it was made from, only without errors, into the input
 * in its own bytes (encoding, line endings, everything not corrected) with the version
 * before kept in the history, which gives the original back byte for byte; 发布 writes the
 * outputs and a 更正说明 with the changed characters marked.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_NAME } from '../../src/pipeline/lock.js';
import { startServer, type Served } from '../../src/server/server.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { pubtable } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { problem, request, type Answer } from '../helpers/http.js';
import { docxText, pdfText, xlsxRows } from '../helpers/read-back.js';
import { readOfd } from '../helpers/ofd-read-back.js';

interface Canonical {
  total: Record<string, string>;
  units: { name: string; amounts: Record<string, string>; projects: { name: string; amounts: Record<string, string>; goal: string; indicators: { annualValue: string }[] }[] }[];
}

let served: Served | null = null;
afterEach(async () => {
  await served?.close();
  served = null;
});

/** A server on a copy of `source` (or the given bytes) in a fresh folder. */
async function serve(name: string, bytes: Uint8Array = readFileSync(EXAMPLE_PATH)) {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-api-'));
  const input = join(dir, name);
  writeFileSync(input, bytes);
  served = await startServer({ target: input, host: '127.0.0.1', port: 0, templatesDir: DEFAULT_TEMPLATES, outDir: join(dir, 'out') });
  const url = new URL(served.url);
  const headers = { Authorization: `token ${url.searchParams.get('token')}` };
  const call = (method: string, path: string, extra: Record<string, string> = {}, body?: string | Uint8Array) =>
    request(url.origin, path, { method, headers: { ...headers, ...extra }, ...(body === undefined ? {} : { body }) });
  return { dir, input, out: join(dir, 'out'), call };
}

const json = <T = any>(a: Answer): T => JSON.parse(a.body.toString('utf8')) as T;

/** 法律顾问服务费's goal 常年 → 全年, and 购置经费 38.44 → 40.44 with its unit and 合计 (two columns each). */
function corrected(p: Canonical): Canonical {
  const c = structuredClone(p);
  const unit = c.units[0]!;
  const legal = unit.projects.find((x) => x.name === '法律顾问服务费')!;
  legal.goal = legal.goal.replace('通过提供常年法律指导', '通过提供全年法律指导');
  const purchase = unit.projects.find((x) => x.name === '购置经费')!;
  purchase.amounts.total = purchase.amounts.fiscal = '40.44';
  unit.amounts.total = unit.amounts.fiscal = '3107.64';
  c.total.total = c.total.fiscal = '3107.64';
  return c;
}

describe('reading and saving records', () => {
  it('GET gives the canonical records and their version as ETag; PUT needs If-Match and refuses a stale one', async () => {
    const { input, call } = await serve('panyu-hrss-2025.txt');
    const original = readFileSync(input);
    const got = await call('GET', '/api/records');
    expect(got.status).toBe(200);
    const { version, publication, file } = json(got);
    expect(got.headers.etag).toBe(`"${version}"`);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(file).toBe('panyu-hrss-2025.txt');
    expect(publication.units[0].projects).toHaveLength(23);

    const body = JSON.stringify(corrected(publication));
    const missing = await call('PUT', '/api/records', {}, body);
    expect(missing.status).toBe(428);
    expect(problem(missing)).toEqual({ code: 'VERSION_REQUIRED', message: '保存时须用 If-Match 标明修改所依据的版本' });
    expect((await call('PUT', '/api/records', { 'If-Match': '  ' }, body)).status).toBe(428);
    const stale = await call('PUT', '/api/records', { 'If-Match': '"0000000000000000"' }, body);
    expect(stale.status).toBe(409);
    expect(problem(stale)).toEqual({ code: 'VERSION_STALE', message: expect.stringContaining(version) });
    expect(readFileSync(input).equals(original)).toBe(true);
    expect(existsSync(`${input}.history`)).toBe(false);
    // A weak validator, as some clients send it, names the same version.
    expect((await call('PUT', '/api/records', { 'If-Match': `W/"${version}"` }, body)).status).toBe(200);
  });

  it('records with errors: 422 with every issue located, the file and the history untouched', async () => {
    const { input, call } = await serve('panyu-hrss-2025.txt');
    const original = readFileSync(input);
    const { version, publication } = json(await call('GET', '/api/records'));
    const bad = corrected(publication);
    bad.units[0]!.projects[0]!.amounts.other = '1.234';
    const three = await call('PUT', '/api/records', { 'If-Match': `"${version}"` }, JSON.stringify(bad));
    expect(three.status).toBe(422);
    expect(json(three).error).toEqual({ code: 'RECORDS_HAVE_ERRORS', message: '记录有错误，未保存' });
    expect(json(three).issues).toContainEqual(expect.objectContaining({ severity: 'error', file: 'panyu-hrss-2025.txt', line: expect.any(Number) }));

    // Figures that no longer add up are refused with validate's codes.
    const unbalanced = structuredClone(publication) as Canonical;
    unbalanced.units[0]!.projects[0]!.amounts.total = unbalanced.units[0]!.projects[0]!.amounts.fiscal = '1.00';
    const sums = await call('PUT', '/api/records', { 'If-Match': `"${version}"` }, JSON.stringify(unbalanced));
    expect(sums.status).toBe(422);
    expect(json(sums).issues.map((i: { code: string }) => i.code)).toContain('TOTAL_MISMATCH');
    expect((await call('PUT', '/api/records', { 'If-Match': `"${version}"` }, '{ not json')).status).toBe(422);
    // Records over 64 MB are refused from what the client declares, before the body is read.
    const huge = await call('PUT', '/api/records', { 'If-Match': `"${version}"`, 'Content-Length': String(64 * 1024 * 1024 + 1) }, '{}');
    expect({ status: huge.status, ...problem(huge) }).toEqual({ status: 413, code: 'RECORDS_TOO_LARGE', message: '记录太大：不能超过 64 MB' });

    expect(readFileSync(input).equals(original)).toBe(true);
    expect(existsSync(`${input}.history`)).toBe(false);
  });

  it('a correction rewrites only the corrected cells, keeps the version before, and the history restores the original byte for byte', async () => {
    const { input, call } = await serve('panyu-hrss-2025.txt');
    const original = readFileSync(input);
    const first = json(await call('GET', '/api/records'));
    const saved = await call('PUT', '/api/records', { 'If-Match': `"${first.version}"` }, JSON.stringify(corrected(first.publication)));
    expect(saved.status).toBe(200);
    const { version } = json(saved);
    expect(version).not.toBe(first.version);
    expect(saved.headers.etag).toBe(`"${version}"`);
    expect(json(saved).beside).toBe(false);

    // Line by line: only 合计, the unit row, 购置经费 and 法律顾问服务费 changed, each in its corrected cells.
    const before = original.toString('utf8').split('\n');
    const after = readFileSync(input, 'utf8').split('\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [i]));
    expect(changed.map((i) => before[i]!.split('\t')[0])).toEqual(['合计', '广州市番禺区人力资源和社会保障局（本级）', '购置经费', '法律顾问服务费']);
    const legal = changed.at(-1)!;
    expect(after[legal]).toBe(before[legal]!.replace('通过提供常年法律指导', '通过提供全年法律指导'));
    expect(after[legal]).toContain('<p>通过提供全年法律指导');
    expect(after[changed[2]!]!.split('\t').slice(1, 5)).toEqual(['40.44', '40.44', '', '']);
    expect(after[changed[0]!]!.split('\t').slice(1, 3)).toEqual(['3,107.64', '3,107.64']);
    expect(pubtable(['validate', input]).status).toBe(0);

    // A second tab still holding the first version is refused.
    const again = await call('PUT', '/api/records', { 'If-Match': `"${first.version}"` }, JSON.stringify(first.publication));
    expect(again.status).toBe(409);

    const history = json<{ version: string; summary: string; current: boolean; baseline: boolean }[]>(await call('GET', '/api/history'));
    expect(history.map((h) => [h.version, h.current])).toEqual([
      [first.version, false],
      [version, true],
    ]);
    expect(history[0]!.summary).toBe('原始版本');
    // Nothing published yet: 发布 would compare with the original.
    expect(history.map((h) => h.baseline)).toEqual([true, false]);
    expect(history[1]!.summary).toMatch(/^7 处更正：/);

    const diff = json(await call('GET', `/api/diff?from=${first.version}&to=${version}`));
    const goal = diff.changes.find((c: { kind: string }) => c.kind === 'goal-changed');
    expect(diff.labels['goal-changed']).toBe('绩效目标更正');
    expect(goal.subject).toBe('法律顾问服务费');
    expect(goal.marks.slice(0, 4)).toEqual([
      { op: 'same', text: '通过提供' },
      { op: 'del', text: '常' },
      { op: 'ins', text: '全' },
      { op: 'same', text: expect.stringMatching(/^年法律指导/) },
    ]);
    const amounts = diff.changes.filter((c: { kind: string }) => c.kind !== 'goal-changed').map((c: { subject: string; field: string; before: string; after: string }) => `${c.subject} ${c.field} ${c.before}→${c.after}`);
    expect(amounts).toEqual(['合计 总计 3,105.64→3,107.64', '合计 财政拨款 3,105.64→3,107.64', '广州市番禺区人力资源和社会保障局（本级） 总计 3,105.64→3,107.64', '广州市番禺区人力资源和社会保障局（本级） 财政拨款 3,105.64→3,107.64', '购置经费 总计 38.44→40.44', '购置经费 财政拨款 38.44→40.44']);

    const restored = await call('POST', `/api/history/${first.version}/restore`, { 'If-Match': `"${version}"` });
    expect(restored.status).toBe(200);
    expect(restored.headers.etag).toBe(`"${first.version}"`);
    expect(readFileSync(input).equals(original)).toBe(true);
    expect(json(await call('GET', '/api/records')).version).toBe(first.version);
    const notKept = { status: 404, code: 'VERSION_NOT_FOUND', message: '历史中没有这个版本' };
    const failure = (a: Answer) => ({ status: a.status, ...problem(a) });
    expect(failure(await call('POST', '/api/history/ffffffffffffffff/restore'))).toEqual(notKept);
    expect(failure(await call('POST', '/api/history/..%2F..%2Fetc/restore'))).toEqual(notKept);
    expect(failure(await call('GET', `/api/diff?from=${first.version}&to=ffffffffffffffff`))).toEqual(notKept);
    expect(failure(await call('GET', `/api/diff?from=${first.version}`))).toEqual(notKept);
  });

  it('a GB18030 export with CRLF line endings keeps its encoding and line endings', async () => {
    const text = readFileSync(EXAMPLE_PATH, 'utf8').replace(/\n/g, '\r\n');
    const { input, call } = await serve('gbk.txt', iconv.encode(text, 'gb18030'));
    const first = json(await call('GET', '/api/records'));
    expect((await call('PUT', '/api/records', { 'If-Match': `"${first.version}"` }, JSON.stringify(corrected(first.publication)))).status).toBe(200);
    const bytes = readFileSync(input);
    const decoded = iconv.decode(bytes, 'gb18030');
    expect(decoded).toContain('通过提供全年法律指导');
    expect(decoded.match(/\r\n/g)).toHaveLength(text.match(/\r\n/g)!.length);
    expect(decoded.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // Re-encoding what was read gives the same bytes: nothing was written as UTF-8.
    expect(iconv.encode(decoded, 'gb18030').equals(bytes)).toBe(true);
    expect(decoded).toBe(text.replace('通过提供常年法律指导', '通过提供全年法律指导').replace(/38\.44\t38\.44/, '40.44\t40.44').replaceAll('3,105.64', '3,107.64'));
  });

  it('the records file can be downloaded as it is now; an uploaded copy says it is one (it lives only as long as the server)', async () => {
    const { input, call } = await serve('panyu-hrss-2025.txt');
    expect(json(await call('GET', '/api/records')).uploaded).toBe(false);
    const before = await call('GET', '/api/records/file');
    expect(before.body.equals(readFileSync(input))).toBe(true);
    const cur = json(await call('GET', '/api/records'));
    await call('PUT', '/api/records', { 'If-Match': `"${cur.version}"` }, JSON.stringify(corrected(cur.publication)));
    const after = await call('GET', '/api/records/file');
    expect(after.body.equals(readFileSync(input))).toBe(true);
    expect(after.body.equals(before.body)).toBe(false);
    expect(after.headers['content-type']).toBe('text/plain');

    const uploaded = await call('POST', '/api/upload', { 'X-File-Name': encodeURIComponent('上传.txt') }, readFileSync(EXAMPLE_PATH));
    expect(uploaded.status).toBe(200);
    expect(json(await call('GET', '/api/records'))).toMatchObject({ uploaded: true, file: '上传.txt' });
    expect((await call('GET', '/api/records/file')).body.equals(readFileSync(EXAMPLE_PATH))).toBe(true);
  });

  it('a workbook is not rewritten: the corrections go to a YAML beside it, which restoring removes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-api-xlsx-'));
    expect(pubtable(['build', EXAMPLE_PATH, '--formats', 'xlsx', '--out', dir]).status).toBe(0);
    const { input, call } = await serve('table.xlsx', readFileSync(join(dir, 'panyu-hrss-2025.xlsx')));
    const original = readFileSync(input);
    const first = json(await call('GET', '/api/records'));
    const saved = await call('PUT', '/api/records', { 'If-Match': `"${first.version}"` }, JSON.stringify(corrected(first.publication)));
    expect(saved.status).toBe(200);
    expect(json(saved)).toMatchObject({ beside: true, file: 'table.xlsx.corrected.yaml', message: expect.stringContaining('table.xlsx.corrected.yaml') });
    expect(readFileSync(input).equals(original)).toBe(true);
    expect(readFileSync(`${input}.corrected.yaml`, 'utf8')).toContain('通过提供全年法律指导');
    expect(json(await call('GET', '/api/records'))).toMatchObject({ version: json(saved).version, file: 'table.xlsx.corrected.yaml' });
    // The records file to keep is the YAML the corrections are in, not the workbook.
    const kept = await call('GET', '/api/records/file');
    expect(kept.body.equals(readFileSync(`${input}.corrected.yaml`))).toBe(true);
    expect(kept.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('table.xlsx.corrected.yaml')}`);
    // The workbench's checks and downloads follow the corrected records too.
    const state = json(await call('GET', '/api/state'));
    expect(state.current.checks.totals.total).toBe('3107.64');
    expect((await call('POST', '/api/build', { 'Content-Type': 'application/json' }, JSON.stringify({ target: 'xlsx' }))).status).toBe(202);
    let built: Answer;
    do built = await call('GET', '/download/xlsx');
    while (built.status === 404 && (await new Promise((r) => setTimeout(r, 200)), true));
    expect(built.status).toBe(200);
    expect(built.headers['content-disposition']).toContain('table.xlsx');
    expect((await xlsxRows(built.body)).flat()).toContain('3,107.64');
    expect((await call('POST', `/api/history/${first.version}/restore`)).status).toBe(200);
    expect(existsSync(`${input}.corrected.yaml`)).toBe(false);
    expect(readFileSync(input).equals(original)).toBe(true);
  });
});

describe('发布 (publish)', () => {
  it('builds the outputs; after a correction only what changed is rewritten, with a 更正说明 that marks the changed characters', async () => {
    const { out, call } = await serve('panyu-hrss-2025.txt');
    const firstRun = await call('POST', '/api/publish');
    expect(firstRun.status).toBe(200);
    const one = json(firstRun);
    expect(one.since).toBeNull();
    expect(one.corrections).toEqual([]);
    expect(one.written).toEqual(expect.arrayContaining(['panyu-hrss-2025.pdf', 'panyu-hrss-2025.docx', 'panyu-hrss-2025.xlsx', 'panyu-hrss-2025.html', 'panyu-hrss-2025.ofd']));
    expect(one.written.filter((f: string) => f.startsWith('projects/'))).toHaveLength(23 * 5);

    const cur = json(await call('GET', '/api/records'));
    expect(cur.version).toBe(one.version);
    await call('PUT', '/api/records', { 'If-Match': `"${cur.version}"` }, JSON.stringify(corrected(cur.publication)));
    const two = json(await call('POST', '/api/publish'));
    expect(two.since).toBe(one.version);
    // The publication in its five formats and the two corrected projects' printouts, nothing else.
    const printouts = (two.written as string[]).filter((f) => f.startsWith('projects/')).map((f) => f.replace(/^projects\/\d+-/, '')).sort();
    expect(printouts).toEqual(['法律顾问服务费', '购置经费'].flatMap((n) => ['pdf', 'docx', 'xlsx', 'html', 'ofd'].map((f) => `${n}.${f}`)).sort());
    expect(two.written.filter((f: string) => !f.startsWith('projects/')).sort()).toEqual(['panyu-hrss-2025.docx', 'panyu-hrss-2025.html', 'panyu-hrss-2025.ofd', 'panyu-hrss-2025.pdf', 'panyu-hrss-2025.xlsx']);
    expect(two.corrections).toEqual(['pdf', 'docx', 'xlsx', 'html', 'ofd'].map((f) => `panyu-hrss-2025-更正说明.${f}`));
    expect(two.changes).toHaveLength(7);

    const pdf = pdfText(join(out, 'panyu-hrss-2025-更正说明.pdf')).replace(/\s+/g, '');
    expect(pdf).toContain('共7处更正');
    expect(pdf).toContain('通过提供〖常〗年法律指导');
    expect(pdf).toContain('通过提供〖全〗年法律指导');
    expect(await docxText(readFileSync(join(out, 'panyu-hrss-2025-更正说明.docx')))).toContain('通过提供〖全〗年法律指导');
    const ofd = (await readOfd(readFileSync(join(out, 'panyu-hrss-2025-更正说明.ofd')))).pages.flatMap((p) => p.texts.map((t) => t.text)).join('');
    expect(ofd.replace(/\s+/g, '')).toContain('通过提供〖全〗年法律指导');
    const history = json<{ version: string; publishedAt: string | null }[]>(await call('GET', '/api/history'));
    expect(history.filter((h) => h.publishedAt !== null).map((h) => h.version)).toEqual([one.version, two.version]);
    expect(readdirSync(out).filter((f) => f.startsWith('.pubtable-') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('the published files are listed and downloaded by kind and format only; a busy output folder is 409 OUTPUT_BUSY', async () => {
    const { out, call } = await serve('panyu-hrss-2025.txt');
    expect(json(await call('GET', '/api/published'))).toEqual([]);
    const failure = (a: Answer) => ({ status: a.status, code: problem(a).code });
    expect(failure(await call('GET', '/published/table/pdf'))).toEqual({ status: 404, code: 'NOT_PUBLISHED' });

    // Another pubtable (this very process, so alive) holds the output folder.
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, LOCK_NAME), JSON.stringify({ pid: process.pid, host: hostname(), token: 'other' }) + '\n');
    const busy = await call('POST', '/api/publish');
    expect(failure(busy)).toEqual({ status: 409, code: 'OUTPUT_BUSY' });
    expect(problem(busy).message).toContain('输出目录正被另一个 pubtable 使用');
    rmSync(join(out, LOCK_NAME));

    await call('POST', '/api/publish');
    const cur = json(await call('GET', '/api/records'));
    await call('PUT', '/api/records', { 'If-Match': `"${cur.version}"` }, JSON.stringify(corrected(cur.publication)));
    await call('POST', '/api/publish');
    const listed = json<{ kind: string; format: string; name: string; href: string }[]>(await call('GET', '/api/published'));
    expect(listed.map((f) => `${f.href} ${f.name}`)).toEqual([
      ...['pdf', 'docx', 'xlsx', 'html', 'ofd'].map((f) => `/published/table/${f} panyu-hrss-2025.${f}`),
      ...['pdf', 'docx', 'xlsx', 'html', 'ofd'].map((f) => `/published/corrections/${f} panyu-hrss-2025-更正说明.${f}`),
    ]);
    for (const f of listed) {
      const got = await call('GET', f.href);
      expect(got.status).toBe(200);
      expect(got.body.equals(readFileSync(join(out, f.name)))).toBe(true);
      expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(f.name)}`);
    }
    expect((await call('GET', '/published/corrections/xlsx')).headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await call('GET', '/published/corrections/ofd')).headers['content-type']).toBe('application/ofd');
    // Nothing but a kind and a format: no other name, and no path, reaches the output folder.
    for (const path of ['/published/table/txt', '/published/other/pdf', '/published/table/..%2f..%2fpanyu-hrss-2025.txt', '/published/../out/panyu-hrss-2025.pdf']) {
      expect((await call('GET', path)).status).toBe(404);
    }
  });
});
