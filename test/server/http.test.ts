/**
 * The server's answers and body readers on their own (src/server/http.ts), with stand-in
 * requests and responses: a body at its limit is read, one byte more is refused whether the
 * client declared it or not; a JSON body is an object or nothing; a file's name reaches old
 * and new clients alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, readBody, readJson, sendFile } from '../../src/server/http.js';
import { COMMON_HEADERS, FILE_CSP } from '../../src/server/security.js';

/** A request whose body comes in `chunks`, declaring `length` if given. */
function requestOf(chunks: string[], length?: number): IncomingMessage {
  const req = Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;
  req.headers = length === undefined ? {} : { 'content-length': String(length) };
  return req;
}

/** A response that keeps what was written to it. */
function responseOf() {
  const written: { status?: number; headers?: Record<string, string>; body?: Buffer } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => Object.assign(written, { status, headers }),
    end: (body: Uint8Array) => Object.assign(written, { body: Buffer.from(body) }),
  } as unknown as ServerResponse;
  return { res, written };
}

describe('request bodies', () => {
  it('reads a body of exactly the limit, in whatever chunks it comes', async () => {
    expect((await readBody(requestOf(['ab', 'cd', 'e'], 5), 5)).toString()).toBe('abcde');
    expect((await readBody(requestOf(['abcde']), 5)).toString()).toBe('abcde');
  });

  it('refuses one declared over the limit before reading it, and one that only turns out longer', async () => {
    await expect(readBody(requestOf([], 6), 5)).rejects.toEqual(new BodyTooLarge(5));
    await expect(readBody(requestOf(['abc', 'def']), 5)).rejects.toBeInstanceOf(BodyTooLarge);
    // A client that declares less than it sends is still stopped.
    await expect(readBody(requestOf(['abc', 'def'], 3), 5)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(new BodyTooLarge(5).message).toBe('body over 5 bytes');
  });

  it('takes a JSON object, and nothing else, as a JSON body; a body too large stays an error', async () => {
    expect(await readJson(requestOf(['{"target":', '"pdf"}']), 100)).toEqual({ target: 'pdf' });
    for (const body of ['[1,2]', 'null', '"pdf"', '3', '{', '']) expect(await readJson(requestOf([body]), 100), body).toBeNull();
    await expect(readJson(requestOf(['{"a":"' + 'x'.repeat(200) + '"}']), 100)).rejects.toBeInstanceOf(BodyTooLarge);
  });
});

describe('files', () => {
  it('names a file for old clients in ASCII and for new ones exactly, with the common headers and the file policy', () => {
    const { res, written } = responseOf();
    sendFile(res, 'application/pdf', new Uint8Array([1, 2, 3]), '表 "a"\\b.pdf', 'attachment');
    expect(written.status).toBe(200);
    expect(written.headers).toEqual({
      ...COMMON_HEADERS,
      'Content-Type': 'application/pdf',
      'Content-Length': '3',
      'Content-Disposition': `attachment; filename="_ _a__b.pdf"; filename*=UTF-8''${encodeURIComponent('表 "a"\\b.pdf')}`,
      'Content-Security-Policy': FILE_CSP,
    });
    expect([...written.body!]).toEqual([1, 2, 3]);
  });
});
