/**
 * The collection a build asks for when this thread is left waiting with a large heap
 * (src/pipeline/idle-heap.ts): only then, and it does give the garbage back.
 */
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { collectIfLarge } from '../../src/pipeline/idle-heap.js';

describe('collecting an idle thread’s large heap', () => {
  it('leaves a small heap alone', () => {
    expect(collectIfLarge(64 * 2 ** 20)).toBe(false);
  });

  it('draws the line at 128 MB', () => {
    expect(collectIfLarge(128 * 2 ** 20 - 1)).toBe(false);
    expect(collectIfLarge(128 * 2 ** 20)).toBe(true);
  });

  it('collects a large one: garbage made just before is gone', () => {
    let rows: { n: number; text: string }[] | null = Array.from({ length: 300_000 }, (_, n) => ({ n, text: `第${n}行的说明文字` }));
    const withRows = process.memoryUsage().heapUsed;
    expect(rows.length).toBe(300_000);
    rows = null;
    expect(collectIfLarge(256 * 2 ** 20)).toBe(true);
    expect(withRows - process.memoryUsage().heapUsed).toBeGreaterThan(16 * 2 ** 20);
  });

  it('collects what was just copied with v8.serialize too (its serializer holds it through one collection)', () => {
    // Large enough that the heap is still over 128 MB after the first collection.
    let rows: { n: number; text: string }[] | null = Array.from({ length: 1_500_000 }, (_, n) => ({ n, text: `第${n}行的说明文字` }));
    const copy = serialize(rows);
    const withRows = process.memoryUsage().heapUsed;
    rows = null;
    expect(collectIfLarge(256 * 2 ** 20)).toBe(true);
    expect(withRows - process.memoryUsage().heapUsed).toBeGreaterThan(128 * 2 ** 20);
    expect(copy.byteLength).toBeGreaterThan(0);
  });
});
