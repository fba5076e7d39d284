/**
 * A file's hash read in pieces (src/pipeline/file-hash.ts): the same as hashing the whole file,
 * at every length around a piece's edge, and never through a link when asked not to.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256OfFile } from '../../src/pipeline/file-hash.js';

const PIECE = 256 * 1024;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pubtable-file-hash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ at every position, so that a piece dropped or read twice changes the hash. */
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

describe('a file’s SHA-256 read in pieces', () => {
  it.each([0, 1, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 7])('is the whole file’s hash at %i bytes', async (n) => {
    const data = bytes(n);
    const file = join(dir, 'f');
    writeFileSync(file, data);
    expect(await sha256OfFile(file)).toBe(createHash('sha256').update(data).digest('hex'));
    expect(await sha256OfFile(file, true)).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('follows a link only when allowed to', async () => {
    const data = bytes(1000);
    writeFileSync(join(dir, 'target'), data);
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(await sha256OfFile(join(dir, 'link'))).toBe(createHash('sha256').update(data).digest('hex'));
    await expect(sha256OfFile(join(dir, 'link'), true)).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it('fails on a file that is not there or cannot be read as one', async () => {
    await expect(sha256OfFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(sha256OfFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
