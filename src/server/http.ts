/** Answers and request bodies: every answer carries the common headers; every body has a limit. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMON_HEADERS, FILE_CSP } from './security.js';

export function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': String(bytes.length), ...headers });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** A file to save (`attachment`) or show (`inline`) under `name`, with an ASCII fallback name for old clients. */
export function sendFile(res: ServerResponse, type: string, bytes: Uint8Array, name: string, disposition: 'attachment' | 'inline'): void {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  send(res, 200, type, bytes, {
    'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'Content-Security-Policy': FILE_CSP,
  });
}

/** A failure the page shows: a Chinese message and a stable English code. */
export function sendProblem(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

/** The whole body, refused (BodyTooLarge) as soon as it passes `limit` bytes: a huge upload is never held. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A JSON object body, or null when it is not one. */
export async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse((await readBody(req, limit)).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch (e) {
    if (e instanceof BodyTooLarge) throw e;
    return null;
  }
}
