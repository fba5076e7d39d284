/**
 * `pubtable serve`: the workbench, a local web server and its Chinese page. Every request
 * passes the gate (security.ts) first; then it is one of a fixed set of routes below, or
 * 404. What a route returns comes from memory (assets, previews) or from a file the server
 * itself built, chosen by a fixed name, never by a path from the URL.
 */
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAssets } from './assets.js';
import { Downloads, FILE_TYPES, INPUT_HAS_ERRORS, TARGETS, type Target } from './downloads.js';
import { EventHub } from './events.js';
import { BodyTooLarge, readBody, readJson, send, sendFile, sendJson, sendProblem } from './http.js';
import { uploadName } from './inputs.js';
import { RecordsApi } from './records-api.js';
import { Records, type Preview } from './records.js';
import { admit, gateFor, newToken, PAGE_CSP, previewCsp, tokenCookie, type Gate } from './security.js';
import { Workbench } from './workbench.js';

/** The largest file a page may upload: far above any real table, far below what hurts. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_JSON_BYTES = 4096;

export interface ServeOptions {
  /** An input file, or a folder of inputs. */
  target: string;
  host: string;
  /** 0: any free port. */
  port: number;
  templatesDir: string;
  /** Where 发布 (publish) writes the outputs and the 更正说明. */
  outDir: string;
}

export interface Served {
  /** The address to open, with the token. */
  url: string;
  close(): Promise<void>;
}

interface Context {
  gate: Gate;
  assets: ReturnType<typeof loadAssets>;
  workbench: Workbench;
  records: Records;
  downloads: Downloads;
  events: EventHub;
  api: RecordsApi;
}

export async function startServer(opts: ServeOptions): Promise<Served> {
  const assets = loadAssets();
  const records = new Records(opts.templatesDir);
  const workDir = await mkdtemp(join(tmpdir(), 'pubtable-serve-'));
  const events = new EventHub();
  let workbench: Workbench;
  try {
    workbench = await Workbench.open(opts.target, records, events, workDir);
  } catch (e) {
    await rm(workDir, { recursive: true, force: true });
    events.close();
    throw e;
  }
  const downloads = new Downloads(workDir, opts.templatesDir, events);
  const api = new RecordsApi(workbench, opts.outDir, opts.templatesDir);
  const ctx: Partial<Context> = { assets, workbench, records, downloads, events, api };
  const server = createServer((req, res) => {
    handle(req, res, ctx as Context).catch((e: unknown) => {
      if (!res.headersSent) sendProblem(res, 500, 'INTERNAL_ERROR', `内部错误：${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });
  let port: number;
  try {
    port = await listen(server, opts.port, opts.host);
  } catch (e) {
    // A port taken: nothing of this start is left behind.
    workbench.close();
    events.close();
    await rm(workDir, { recursive: true, force: true });
    throw e;
  }
  ctx.gate = gateFor(newToken(), opts.host, port);
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shown}:${port}/?token=${ctx.gate.token}`,
    close: async () => {
      await downloads.stop();
      workbench.close();
      events.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  // Only origin-form targets (`/path?query`): an absolute URL or `*` is not for this server.
  if (!(req.url ?? '').startsWith('/')) return sendProblem(res, 400, 'BAD_REQUEST', '请求格式不正确');
  const url = new URL(`http://workbench${req.url}`);
  if (!ctx.gate) return sendProblem(res, 503, 'STARTING', '工作台正在启动');
  const admission = admit(req, url, ctx.gate);
  if (!admission.ok) return send(res, admission.status, 'text/plain; charset=utf-8', admission.message + '\n');
  const route = `${req.method} ${url.pathname}`;
  const project = /^GET \/preview\/project\/(\d{1,6})$/.exec(route);
  const download = /^GET \/download\/([a-z]+)$/.exec(route);

  if (route === 'GET /') {
    const page = ctx.assets.get('/')!;
    return send(res, 200, page.type, page.bytes, { 'Content-Security-Policy': PAGE_CSP, ...(admission.fromQuery ? { 'Set-Cookie': tokenCookie(ctx.gate) } : {}) });
  }
  if (req.method === 'GET' && url.pathname.startsWith('/assets/') && ctx.assets.has(url.pathname)) {
    const asset = ctx.assets.get(url.pathname)!;
    return send(res, 200, asset.type, asset.bytes);
  }
  if (route === 'GET /events') return ctx.events.add(res);
  if (route === 'GET /api/state') return sendJson(res, 200, await state(ctx));
  if (route === 'POST /api/select') {
    const body = await readJson(req, MAX_JSON_BYTES).catch(() => null);
    if (typeof body?.id !== 'string' || !(await ctx.workbench.select(body.id))) return sendProblem(res, 404, 'INPUT_NOT_FOUND', '没有这个输入文件');
    return sendJson(res, 200, await state(ctx));
  }
  if (route === 'POST /api/upload') return upload(req, res, ctx);
  if (route === 'GET /preview/publication') return preview(res, ctx.workbench.current?.checked.preview);
  if (project) {
    const publication = ctx.workbench.current?.checked.publication;
    return preview(res, publication ? await ctx.records.printout(publication, Number(project[1])) : undefined);
  }
  if (route === 'POST /api/build') return startBuild(req, res, ctx);
  if (route === 'POST /api/build/cancel') return sendJson(res, 200, { cancelled: ctx.downloads.cancel() });
  if (download && (TARGETS as readonly string[]).includes(download[1]!)) return sendBuilt(res, ctx, download[1] as Target, 'attachment');
  if (route === 'GET /view/pdf') return sendBuilt(res, ctx, 'pdf', 'inline');
  if (await ctx.api.handle(req, res, url)) return;
  return sendProblem(res, 404, 'NOT_FOUND', '没有这个页面');
}

async function state(ctx: Context): Promise<object> {
  const current = ctx.workbench.current;
  return {
    inputs: (await ctx.workbench.inputs()).map((i) => ({ id: i.id, name: i.name })),
    current: current && {
      id: current.input.id,
      name: current.input.name,
      version: current.version,
      checks: current.checked.view,
      buildable: current.checked.buildable,
      previewError: typeof current.checked.preview === 'string' ? current.checked.preview : null,
    },
    building: ctx.downloads.busy,
    maxUploadBytes: MAX_UPLOAD_BYTES,
  };
}

async function upload(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  let raw: string;
  try {
    raw = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
  } catch {
    raw = '';
  }
  const name = uploadName(raw);
  if (name === null) return sendProblem(res, 400, 'UPLOAD_NAME', '文件名不可用：请上传 .txt、.xlsx、.json、.yaml 或 .yml 文件');
  let bytes: Buffer;
  try {
    bytes = await readBody(req, MAX_UPLOAD_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e;
    // The rest of the body is not read: the connection closes after the answer.
    return sendProblem(res, 413, 'UPLOAD_TOO_LARGE', `文件太大：上传的文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`, { Connection: 'close' });
  }
  await ctx.workbench.upload(name, bytes);
  return sendJson(res, 200, await state(ctx));
}

function preview(res: ServerResponse, p: Preview | string | null | undefined): void {
  if (p === null || p === undefined) return sendProblem(res, 404, 'NOT_FOUND', '没有这个预览');
  if (typeof p === 'string') return sendProblem(res, 422, 'NO_PREVIEW', p);
  send(res, 200, 'text/html; charset=utf-8', p.html, { 'Content-Security-Policy': previewCsp(p.styleHash) });
}

async function startBuild(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const body = await readJson(req, MAX_JSON_BYTES).catch(() => null);
  const target = body?.target;
  const current = ctx.workbench.current;
  if (typeof target !== 'string' || !(TARGETS as readonly string[]).includes(target)) return sendProblem(res, 400, 'BAD_TARGET', '未知的下载类型');
  if (!current) return sendProblem(res, 409, 'NO_INPUT', '请先选择一个输入文件');
  if (!current.checked.buildable) return sendProblem(res, 409, 'INPUT_HAS_ERRORS', INPUT_HAS_ERRORS);
  const year = current.checked.publication?.year ?? null;
  if (!ctx.downloads.start(current.input, current.version, target as Target, year)) return sendProblem(res, 409, 'BUILD_BUSY', '正在生成其他文件，请稍候或先取消');
  return sendJson(res, 202, { started: target, version: current.version });
}

async function sendBuilt(res: ServerResponse, ctx: Context, target: Target, disposition: 'attachment' | 'inline'): Promise<void> {
  const current = ctx.workbench.current;
  const built = current && ctx.downloads.file(current.input, current.version, target);
  if (!built) return sendProblem(res, 404, 'NOT_BUILT', '这个文件还没有生成（或记录已改变）：请先点击生成');
  sendFile(res, FILE_TYPES[target], await readFile(built.path), built.name, disposition);
}
