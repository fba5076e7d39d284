/**
 * The workbench is a server, even on localhost: what a request needs to get in (the token,
 * the served Host, its own Origin), what it can never reach (any file by path), what it
 * may send (uploads up to a limit, hostile files treated as on the command line), and the
 * policy every page is served with.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, startServer, type Served } from '../../src/server/server.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { EXAMPLE_PATH as EXAMPLE } from '../helpers/example.js';
import { problem, request } from '../helpers/http.js';

let served: Served;
let base: string;
let token: string;
const dir = mkdtempSync(join(tmpdir(), 'pubtable-gate-'));

beforeAll(async () => {
  copyFileSync(EXAMPLE, join(dir, 'panyu-hrss-2025.txt'));
  served = await startServer({ target: join(dir, 'panyu-hrss-2025.txt'), host: '127.0.0.1', port: 0, templatesDir: DEFAULT_TEMPLATES, outDir: join(dir, 'out') });
  const url = new URL(served.url);
  base = url.origin;
  token = url.searchParams.get('token')!;
});
afterAll(() => served.close());

const auth = () => ({ Authorization: `token ${token}` });
const ROUTES = ['/', '/api/state', '/api/records', '/api/history', '/assets/web/app.js', '/preview/publication', '/preview/project/1', '/download/pdf', '/view/pdf'];

describe('the token', () => {
  it('is random, long, and in the one printed address', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it.each(ROUTES)('%s without it: 403', async (path) => {
    const a = await request(base, path);
    expect(a.status).toBe(403);
    expect(a.body.toString()).toContain('TOKEN_REQUIRED');
  });

  it('a wrong token, or one a character short: 403', async () => {
    expect((await request(base, `/?token=${token.slice(0, -1)}`)).status).toBe(403);
    expect((await request(base, '/api/state', { headers: { Authorization: `token ${token}x` } })).status).toBe(403);
    expect((await request(base, '/api/state', { headers: { Cookie: `pubtable-token-${new URL(base).port}=nope` } })).status).toBe(403);
  });

  it('in the query, the page comes with a cookie that then lets the page in', async () => {
    const first = await request(base, `/?token=${token}`);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/^pubtable-token-\d+=[^;]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const again = await request(base, '/api/state', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it('as `Authorization: token …`', async () => {
    expect((await request(base, '/api/state', { headers: auth() })).status).toBe(200);
  });
});

describe('Host and Origin', () => {
  const port = () => new URL(base).port;

  it('a foreign Host is refused, token or not (DNS rebinding)', async () => {
    for (const host of [`evil.example:${port()}`, 'evil.example', `127.0.0.1:${Number(port()) + 1}`, `127.0.0.1.evil.example:${port()}`]) {
      const a = await request(base, '/api/state', { headers: { ...auth(), Host: host } });
      expect(a.status, host).toBe(403);
      expect(a.body.toString()).toContain('HOST_REFUSED');
    }
  });

  it('localhost and 127.0.0.1 at the served port are the workbench', async () => {
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`]) {
      expect((await request(base, '/api/state', { headers: { ...auth(), Host: host } })).status, host).toBe(200);
    }
  });

  it('a request from another site is refused; from the page itself it passes', async () => {
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${port()}`]) {
      const a = await request(base, '/api/build', { method: 'POST', headers: { ...auth(), Origin: origin }, body: '{"target":"pdf"}' });
      expect(a.status, origin).toBe(403);
      expect(a.body.toString()).toContain('ORIGIN_REFUSED');
    }
    expect((await request(base, '/api/state', { headers: { ...auth(), Origin: base } })).status).toBe(200);
  });
});

describe('no URL reaches the file system', () => {
  const TRAVERSALS = [
    '/assets/../package.json',
    '/assets/..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/app.js/../../src/cli/main.ts',
    '/%2e%2e/%2e%2e/etc/passwd',
    '//etc/passwd',
    '/assets//etc/passwd',
    '/download/..%2f..%2fpanyu-hrss-2025.txt',
    '/download/pdf/../../panyu-hrss-2025.txt',
    '/preview/project/..%2f1',
    '/assets/%5c..%5cpackage.json',
    '/web/index.html',
    '/dist/web/app.js',
    '/panyu-hrss-2025.txt',
  ];
  it.each(TRAVERSALS)('%s: 404', async (path) => {
    const a = await request(base, path, { headers: auth() });
    expect(a.status).toBe(404);
    expect(problem(a).code).toBe('NOT_FOUND');
  });

  it('an absolute URL as the request target is refused', async () => {
    expect((await request(base, 'http://127.0.0.1/etc/passwd', { headers: auth() })).status).toBe(400);
  });

  it('a project that does not exist: 404', async () => {
    for (const n of ['0', '24', '999999']) expect((await request(base, `/preview/project/${n}`, { headers: auth() })).status, n).toBe(404);
  });
});

describe('uploads', () => {
  const upload = (name: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
    request(base, '/api/upload', { method: 'POST', headers: { ...auth(), 'X-File-Name': encodeURIComponent(name), ...headers }, body });

  it(`over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: 413 with a Chinese message, and the server carries on`, async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x41);
    for (const headers of [{}, { 'Transfer-Encoding': 'chunked' }] as Record<string, string>[]) {
      const a = await upload('big.txt', big, headers);
      expect(a.status).toBe(413);
      expect(problem(a)).toEqual({ code: 'UPLOAD_TOO_LARGE', message: '文件太大：上传的文件不能超过 20 MB' });
      // The rest is not read: the connection is closed instead.
      expect(a.headers.connection).toBe('close');
    }
    expect((await request(base, '/api/state', { headers: auth() })).status).toBe(200);
  });

  it('a name that is not an input file, or tries to leave its folder, is refused or made harmless', async () => {
    expect(problem(await upload('run.exe', 'x')).code).toBe('UPLOAD_NAME');
    expect(problem(await upload('.hidden.txt', 'x')).code).toBe('UPLOAD_NAME');
    const a = await upload('../../escape.txt', 'not a table');
    expect(a.status).toBe(200);
    const state = JSON.parse(a.body.toString()) as { current: { name: string } };
    expect(state.current.name).toBe('escape.txt');
  });

  it('a zip bomb gets the command line\'s answer, quickly', async () => {
    // A "workbook" whose one part claims 300 MB: refused before anything is unpacked.
    const { default: JSZip } = await import('jszip');
    const zip = new JSZip();
    zip.file('xl/worksheets/sheet1.xml', 'x');
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    bytes.writeUInt32LE(300 * 1024 * 1024, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const t0 = performance.now();
    const a = await upload('bomb.xlsx', bytes);
    expect(performance.now() - t0).toBeLessThan(5000);
    const state = JSON.parse(a.body.toString()) as { current: { checks: { ok: boolean; issues: { code: string }[] }; buildable: boolean } };
    expect(state.current.checks.ok).toBe(false);
    expect(state.current.checks.issues.map((i) => i.code)).toEqual(['WORKBOOK_TOO_LARGE']);
    expect(state.current.buildable).toBe(false);
  });
});

describe('what every answer says about itself', () => {
  it('the page: a strict policy, its own scripts only, nothing cached, no referrer', async () => {
    const a = await request(base, '/', { headers: auth() });
    const csp = String(a.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(a.headers['cache-control']).toBe('no-store');
    expect(a.headers['referrer-policy']).toBe('no-referrer');
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    // Only the server's own assets: nothing from a CDN.
    const refs = [...a.body.toString().matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r).toMatch(/^\/assets\/[\w.-]+(\/[\w.-]+)*$/);
  });

  it('a preview: no script may run in it, and its one style sheet is allowed by hash', async () => {
    await request(base, '/api/select', { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify({ id: await firstInputId() }) });
    const a = await request(base, '/preview/publication', { headers: auth() });
    expect(a.status).toBe(200);
    const csp = String(a.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; /);
    const html = a.body.toString();
    expect(html).not.toMatch(/<script|\son\w+=/i);
    expect(html).toContain('data-ref=');
  });
});

async function firstInputId(): Promise<string> {
  const state = JSON.parse((await request(base, '/api/state', { headers: auth() })).body.toString()) as { inputs: { id: string; name: string }[] };
  return state.inputs.find((i) => i.name === 'panyu-hrss-2025.txt')!.id;
}
