/**
 * The records API (docs/api.md): read the records of the input shown, save a correction
 * (optimistic concurrency: `If-Match` must name the version it was made from), list and
 * restore versions, compare two versions, publish. The page uses it; so can other tools,
 * with the same token. Versions are the names the history gives them, never paths.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { CHANGE_LABELS, diffPublications, withMarks } from '../diff/diff.js';
import { InputError } from '../model/diagnostic.js';
import { issuesJson } from '../pipeline/check-summary.js';
import { isVersion } from '../pipeline/history.js';
import { OutputError } from '../pipeline/output-error.js';
import { publish, publishedFiles } from '../pipeline/publish.js';
import { RecordsHaveErrors, RecordsStore, StaleVersion, VersionNotKept, type Saved } from '../pipeline/records-store.js';
import { FILE_TYPES } from './downloads.js';
import { BodyTooLarge, readBody, sendFile, sendJson, sendProblem } from './http.js';
import type { Workbench } from './workbench.js';

/** The records as canonical JSON: a 10,000-project table is about 20 MB. */
const MAX_RECORDS_BYTES = 64 * 1024 * 1024;

export class RecordsApi {
  private readonly stores = new Map<string, RecordsStore>();

  constructor(
    private readonly workbench: Workbench,
    private readonly outDir: string,
    private readonly templatesDir: string,
  ) {}

  /** Answers the request if it is one of the records API's; false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`;
    const restore = /^POST \/api\/history\/([^/]+)\/restore$/.exec(route);
    const file = /^GET \/published\/(table|corrections)\/([a-z]+)$/.exec(route);
    const ours = ['GET /api/records', 'PUT /api/records', 'GET /api/records/file', 'GET /api/history', 'GET /api/diff', 'POST /api/publish', 'GET /api/published'].includes(route) || restore || file;
    if (!ours) return false;
    const store = this.store();
    if (!store) {
      sendProblem(res, 409, 'NO_INPUT', '请先选择一个输入文件');
      return true;
    }
    try {
      if (route === 'GET /api/records') await this.records(res, store);
      else if (route === 'PUT /api/records') await this.save(req, res, store);
      else if (route === 'GET /api/records/file') await this.recordsFile(res, store);
      else if (route === 'GET /api/history') sendJson(res, 200, await store.versions());
      else if (restore) await this.restore(req, res, store, restore[1]!);
      else if (route === 'GET /api/diff') await this.diff(res, store, url);
      else if (route === 'GET /api/published') await this.listPublished(res, store);
      else if (file) await this.sendPublished(res, store, file[1]!, file[2]!);
      else await this.publish(res, store);
    } catch (e) {
      this.fail(res, e);
    }
    return true;
  }

  private store(): RecordsStore | null {
    const input = this.workbench.current?.input;
    if (!input) return null;
    let store = this.stores.get(input.id);
    if (!store) this.stores.set(input.id, (store = new RecordsStore(input.path)));
    return store;
  }

  private async records(res: ServerResponse, store: RecordsStore): Promise<void> {
    const cur = await store.current();
    const uploaded = this.workbench.current?.input.uploaded === true;
    sendJson(res, 200, { version: cur.version, file: fileName(cur.file), uploaded, publication: JSON.parse(cur.canonical) }, { ETag: `"${cur.version}"` });
  }

  /** The records file as it is now (the input, or the YAML beside it), to keep: an upload lives only as long as the server. */
  private async recordsFile(res: ServerResponse, store: RecordsStore): Promise<void> {
    const cur = await store.current();
    const name = fileName(cur.file);
    sendFile(res, RECORD_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream', cur.bytes, name, 'attachment');
  }

  private async save(req: IncomingMessage, res: ServerResponse, store: RecordsStore): Promise<void> {
    const base = ifMatch(req);
    if (base === null) return sendProblem(res, 428, 'VERSION_REQUIRED', '保存时须用 If-Match 标明修改所依据的版本');
    const body = await readBody(req, MAX_RECORDS_BYTES);
    const saved = await store.saveCanonical(base, body.toString('utf8'));
    await this.workbench.refresh();
    sendJson(res, 200, savedJson(saved), { ETag: `"${saved.version}"` });
  }

  private async restore(req: IncomingMessage, res: ServerResponse, store: RecordsStore, version: string): Promise<void> {
    if (!isVersion(version)) return sendProblem(res, 404, 'VERSION_NOT_FOUND', '历史中没有这个版本');
    const saved = await store.restore(version, ifMatch(req) ?? undefined);
    await this.workbench.refresh();
    sendJson(res, 200, savedJson(saved), { ETag: `"${saved.version}"` });
  }

  private async diff(res: ServerResponse, store: RecordsStore, url: URL): Promise<void> {
    const [from, to] = [url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? ''];
    const [before, after] = await Promise.all([store.recordsAt(from), store.recordsAt(to)]);
    if (!before || !after) return sendProblem(res, 404, 'VERSION_NOT_FOUND', '历史中没有这个版本');
    sendJson(res, 200, { changes: withMarks(diffPublications(before, after)), labels: CHANGE_LABELS });
  }

  private async publish(res: ServerResponse, store: RecordsStore): Promise<void> {
    const published = await publish(store, this.outDir, this.templatesDir);
    sendJson(res, 200, published);
  }

  /** The corrected table and its 更正说明 as 发布 left them in the output folder, each with its address. */
  private async listPublished(res: ServerResponse, store: RecordsStore): Promise<void> {
    const files = await publishedFiles(store.input, this.outDir);
    sendJson(res, 200, files.map((f) => ({ kind: f.kind, format: f.format, name: f.name, href: `/published/${f.kind}/${f.format}` })));
  }

  private async sendPublished(res: ServerResponse, store: RecordsStore, kind: string, format: string): Promise<void> {
    const files = await publishedFiles(store.input, this.outDir);
    const f = files.find((x) => x.kind === kind && x.format === format);
    if (!f) return sendProblem(res, 404, 'NOT_PUBLISHED', '还没有发布这个文件：请先点击“发布”');
    sendFile(res, FILE_TYPES[f.format], await readFile(f.path), f.name, 'attachment');
  }

  private fail(res: ServerResponse, e: unknown): void {
    if (e instanceof StaleVersion) return sendProblem(res, 409, 'VERSION_STALE', `记录已被修改（当前版本 ${e.current}）：请重新载入后再更正，以免覆盖别人的修改`);
    if (e instanceof RecordsHaveErrors) return sendJson(res, 422, { error: { code: 'RECORDS_HAVE_ERRORS', message: '记录有错误，未保存' }, issues: issuesJson(e.diagnostics) });
    if (e instanceof VersionNotKept) return sendProblem(res, 404, 'VERSION_NOT_FOUND', '历史中没有这个版本');
    if (e instanceof BodyTooLarge) return sendProblem(res, 413, 'RECORDS_TOO_LARGE', `记录太大：不能超过 ${MAX_RECORDS_BYTES / 1024 / 1024} MB`, { Connection: 'close' });
    if (e instanceof InputError) return sendProblem(res, 422, e.code, `${fileName(e.source.file)}：${e.message}`);
    // Another build holds the output folder, or the disk is full: the user's to wait for or fix.
    if (e instanceof OutputError) return sendProblem(res, e.code === 'OUTPUT_BUSY' ? 409 : 507, e.code, `${fileName(e.path)}：${e.message}`);
    throw e;
  }
}

const RECORD_TYPES: Record<string, string> = {
  // A text export may be GB18030: no charset is claimed for a file that is saved, not shown.
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xlsx': FILE_TYPES.xlsx,
};

/** `If-Match: "v"` (or W/"v", or bare v) → v; null when absent. */
function ifMatch(req: IncomingMessage): string | null {
  const raw = req.headers['if-match'];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  return raw.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

function savedJson(s: Saved): object {
  return {
    version: s.version,
    file: fileName(s.file),
    beside: s.beside,
    ...(s.beside ? { message: `原文件无法无损改写，更正后的记录已另存为 ${fileName(s.file)}（与原文件在同一文件夹）` } : {}),
  };
}

/** Only the name: the page never needs, and never gets, a path of this machine. */
function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}
