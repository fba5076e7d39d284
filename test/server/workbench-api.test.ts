/**
 * The workbench's own routes over real HTTP, in this process (the browser tests drive the same
 * routes through the page, in Chromium, where a mutation run cannot see them): choosing an
 * input, the previews, building a download and fetching it (the bytes `pubtable build`
 * writes), cancelling, uploads, and each refusal with its status and code.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadName } from '../../src/server/inputs.js';
import { startServer, type Served } from '../../src/server/server.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { problem, request, type Answer } from '../helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-workbench-api-'));
const folder = join(dir, 'inputs');
const reference = join(dir, 'reference');
let served: Served;
let auth: Record<string, string>;
let call: (method: string, path: string, body?: string | Uint8Array, headers?: Record<string, string>) => Promise<Answer>;

interface State {
  inputs: { id: string; name: string }[];
  current: { id: string; name: string; version: string; buildable: boolean; previewError: string | null; checks: unknown } | null;
  building: boolean;
  maxUploadBytes: number;
}
const json = <T>(a: Answer): T => JSON.parse(a.body.toString('utf8')) as T;
const state = async () => json<State>(await call('GET', '/api/state'));
const failure = (a: Answer) => ({ status: a.status, ...problem(a) });
const inputNamed = async (name: string) => (await state()).inputs.find((i) => i.name === name)!;

beforeAll(async () => {
  mkdirSync(folder);
  copyFileSync(EXAMPLE_PATH, join(folder, 'a-example.txt'));
  // An amount that is not one: the records have an error, so nothing can be built from them.
  writeFileSync(join(folder, 'b-broken.txt'), readFileSync(EXAMPLE_PATH, 'utf8').replace('483.50', '48x.50'));
  writeFileSync(join(folder, 'notes.md'), '不是输入');
  // Listed by name whatever order the file system keeps them in.
  for (const name of ['z-last.yaml', 'M-middle.json', '0-first.json', '.hidden.txt']) writeFileSync(join(folder, name), '{}');
  const r = await pubtableInProcess(['build', join(folder, 'a-example.txt'), '--out', reference, '--formats', 'pdf,ofd']);
  expect(r.status, r.stderr).toBe(0);
  served = await startServer({ target: folder, host: '127.0.0.1', port: 0, templatesDir: DEFAULT_TEMPLATES, outDir: join(dir, 'out') });
  const url = new URL(served.url);
  auth = { Authorization: `token ${url.searchParams.get('token')}` };
  call = (method, path, body, headers = {}) => request(url.origin, path, { method, headers: { ...auth, ...headers }, ...(body === undefined ? {} : { body }) });
}, 120_000);

afterAll(async () => {
  await served?.close();
});

/** Waits for a build to finish, then fetches its file. */
async function built(target: string): Promise<Answer> {
  for (let i = 0; i < 600; i++) {
    const s = await state();
    if (!s.building) return call('GET', `/download/${target}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the ${target} build did not finish`);
}

describe('choosing an input', () => {
  it('lists the folder’s inputs by name (not other files), and opens the one chosen by its id', async () => {
    const s = await state();
    expect(s.inputs.map((i) => i.name)).toEqual(['0-first.json', 'M-middle.json', 'a-example.txt', 'b-broken.txt', 'z-last.yaml']);
    expect(s.inputs.every((i) => /^[0-9a-f]{16}$/.test(i.id))).toBe(true);
    expect(s.maxUploadBytes).toBe(20 * 1024 * 1024);
    const broken = await inputNamed('b-broken.txt');
    const chosen = json<State>(await call('POST', '/api/select', JSON.stringify({ id: broken.id })));
    expect(chosen.current).toMatchObject({ id: broken.id, name: 'b-broken.txt', buildable: false });
    expect(chosen.building).toBe(false);
    const back = json<State>(await call('POST', '/api/select', JSON.stringify({ id: (await inputNamed('a-example.txt')).id })));
    expect(back.current).toMatchObject({ name: 'a-example.txt', buildable: true, previewError: null });
  });

  it.each([
    ['an id no input has', JSON.stringify({ id: '0000000000000000' })],
    ['no id', JSON.stringify({})],
    ['a body that is not JSON', '{id:'],
  ])('refuses %s: 404 INPUT_NOT_FOUND, the input open before stays open', async (_, body) => {
    const before = (await state()).current!.id;
    expect(failure(await call('POST', '/api/select', body))).toEqual({ status: 404, code: 'INPUT_NOT_FOUND', message: '没有这个输入文件' });
    expect((await state()).current!.id).toBe(before);
  });
});

describe('previews', () => {
  it('the publication and a project’s printout as HTML, each with a style-hash Content-Security-Policy', async () => {
    const pub = await call('GET', '/preview/publication');
    expect(pub.status).toBe(200);
    expect(pub.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(pub.headers['content-security-policy']).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(pub.body.toString('utf8')).toContain('欠薪应急周转金');
    const one = await call('GET', '/preview/project/2');
    expect(one.status).toBe(200);
    expect(one.body.toString('utf8')).toContain('享受国务院特殊津贴人员医疗补贴');
    expect(one.body.toString('utf8')).not.toContain('欠薪应急周转金');
  });

  it('has a printout for each project, by its number: the first and the last, none before or after', async () => {
    for (const n of [1, 23]) expect((await call('GET', `/preview/project/${n}`)).status, String(n)).toBe(200);
    expect((await call('GET', '/preview/project/23')).body.toString('utf8')).toContain('广州追加提前下达劳动关系公共服务及薪酬调查经费财政补助#穗财社（2024）40号');
    for (const n of [0, 24]) expect(failure(await call('GET', `/preview/project/${n}`)), String(n)).toEqual({ status: 404, code: 'NOT_FOUND', message: '没有这个预览' });
  });

  it.each([
    ['/preview/project/999', '没有这个预览'],
    ['/preview/project/abc', '没有这个页面'],
    ['/preview/project/1234567', '没有这个页面'],
    ['/preview/project/2/x', '没有这个页面'],
  ])('%s: 404 NOT_FOUND', async (path, message) => {
    expect(failure(await call('GET', path))).toEqual({ status: 404, code: 'NOT_FOUND', message });
  });
});

describe('downloads', () => {
  it('refuses an unknown target (400 BAD_TARGET) and a file not built yet (404 NOT_BUILT); cancelling nothing says so', async () => {
    expect(failure(await call('POST', '/api/build', JSON.stringify({ target: 'exe' })))).toEqual({ status: 400, code: 'BAD_TARGET', message: '未知的下载类型' });
    expect(failure(await call('POST', '/api/build', 'not json'))).toMatchObject({ status: 400, code: 'BAD_TARGET' });
    expect(failure(await call('GET', '/download/pdf'))).toEqual({ status: 404, code: 'NOT_BUILT', message: '这个文件还没有生成（或记录已改变）：请先点击生成' });
    expect(failure(await call('GET', '/view/pdf'))).toMatchObject({ status: 404, code: 'NOT_BUILT' });
    expect(failure(await call('GET', '/download/exe'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(json(await call('POST', '/api/build/cancel'))).toEqual({ cancelled: false });
  });

  it.each([
    ['pdf', 'application/pdf'],
    ['ofd', 'application/ofd'],
  ])('builds the %s on request: 202, then the bytes pubtable build writes, as an attachment', async (target, type) => {
    const s = await state();
    const started = await call('POST', '/api/build', JSON.stringify({ target }));
    expect(started.status).toBe(202);
    expect(json(started)).toEqual({ started: target, version: s.current!.version });
    const got = await built(target);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe(type);
    expect(got.headers['content-disposition']).toMatch(/^attachment; /);
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`a-example.${target}`)}`);
    expect(got.body.equals(readFileSync(join(reference, `a-example.${target}`)))).toBe(true);
  });

  it('tells the page how a build goes, as server-sent events: started, each file, done with where to fetch it', async () => {
    const url = new URL(served.url);
    const events: { state: string; [k: string]: unknown }[] = [];
    const stream = await new Promise<import('node:http').IncomingMessage>((resolve) => get({ host: url.hostname, port: url.port, path: '/events', headers: auth }, resolve));
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    let buffer = '';
    const done = new Promise<void>((resolve) =>
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const m = /^event: build\ndata: (.*)$/m.exec(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!m) continue;
          events.push(JSON.parse(m[1]!));
          if (['done', 'failed', 'cancelled'].includes(events.at(-1)!.state)) resolve();
        }
      }),
    );
    const { version } = (await state()).current!;
    expect((await call('POST', '/api/build', JSON.stringify({ target: 'xlsx' }))).status).toBe(202);
    await done;
    stream.destroy();
    expect(events).toEqual([
      { state: 'running', target: 'xlsx', version, count: 0, total: 0 },
      { state: 'running', target: 'xlsx', version, count: 0, total: 1 },
      { state: 'running', target: 'xlsx', version, count: 1, total: 1, label: 'a-example.xlsx' },
      { state: 'done', target: 'xlsx', version, href: '/download/xlsx', name: 'a-example.xlsx' },
    ]);
  });

  it('shows the built PDF inline at /view/pdf', async () => {
    const shown = await call('GET', '/view/pdf');
    expect(shown.status).toBe(200);
    expect(shown.headers['content-disposition']).toMatch(/^inline; /);
    expect(shown.body.equals(readFileSync(join(reference, 'a-example.pdf')))).toBe(true);
  });

  it('runs one build at a time (409 BUILD_BUSY), and a running one can be cancelled', async () => {
    expect((await call('POST', '/api/build', JSON.stringify({ target: 'printouts' }))).status).toBe(202);
    expect(failure(await call('POST', '/api/build', JSON.stringify({ target: 'docx' })))).toEqual({ status: 409, code: 'BUILD_BUSY', message: '正在生成其他文件，请稍候或先取消' });
    expect((await state()).building).toBe(true);
    expect(json(await call('POST', '/api/build/cancel'))).toEqual({ cancelled: true });
    await built('printouts');
    expect((await state()).building).toBe(false);
  });

  it('refuses to build records that have errors: 409 INPUT_HAS_ERRORS', async () => {
    await call('POST', '/api/select', JSON.stringify({ id: (await inputNamed('b-broken.txt')).id }));
    expect(failure(await call('POST', '/api/build', JSON.stringify({ target: 'pdf' })))).toEqual({ status: 409, code: 'INPUT_HAS_ERRORS', message: '记录有错误，未生成文件；请先改正“检查结果”中的错误。' });
    await call('POST', '/api/select', JSON.stringify({ id: (await inputNamed('a-example.txt')).id }));
  });
});

describe('the page’s files and uploads', () => {
  it('serves its assets to GET only, and answers 404 NOT_FOUND to anything it does not know', async () => {
    const js = await call('GET', '/assets/web/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(failure(await call('POST', '/assets/web/app.js'))).toEqual({ status: 404, code: 'NOT_FOUND', message: '没有这个页面' });
    expect(failure(await call('GET', '/nothing-here'))).toEqual({ status: 404, code: 'NOT_FOUND', message: '没有这个页面' });
  });

  it.each([
    ['a program', 'setup.exe'],
    ['a hidden file', '.env'],
    ['no name', ''],
    ['a name that is not URI-encoded right', '%E4%B8'],
  ])('refuses an upload named as %s: 400 UPLOAD_NAME', async (_, name) => {
    const a = await call('POST', '/api/upload', 'x', { 'X-File-Name': name });
    expect(failure(a)).toEqual({ status: 400, code: 'UPLOAD_NAME', message: '文件名不可用：请上传 .txt、.xlsx、.json、.yaml 或 .yml 文件' });
  });

  it('opens an upload as the current input, beside the folder’s, under its own (URI-encoded) name', async () => {
    const name = '上传的表.txt';
    const s = json<State>(await call('POST', '/api/upload', readFileSync(EXAMPLE_PATH), { 'X-File-Name': encodeURIComponent(name) }));
    expect(s.inputs.map((i) => i.name)).toEqual(['0-first.json', 'M-middle.json', 'a-example.txt', 'b-broken.txt', 'z-last.yaml', name]);
    expect(s.current).toMatchObject({ name, buildable: true });
  });
});

describe('upload names', () => {
  it.each([
    ['表.txt', '表.txt'],
    ['C:\\Users\\王\\预算\\表.XLSX', '表.XLSX'],
    ['../../etc/表.yaml', '表.yaml'],
    ['a:b*c?"d"<e>|f.json', 'a_b_c__d__e__f.json'],
    ['tab\tand\u007fdel.yml', 'tab_and_del.yml'],
    ['  表.txt  ', '表.txt'],
    [`${'表'.repeat(116)}.txt`, `${'表'.repeat(116)}.txt`],
  ])('%j is saved as %j', (raw, name) => expect(uploadName(raw)).toBe(name));

  it.each([['setup.exe'], ['.env'], [''], ['   '], ['folder/'], [`${'表'.repeat(117)}.txt`], ['表.pdf']])('%j is refused', (raw) => {
    expect(uploadName(raw)).toBeNull();
  });
});
