/**
 * mapBounded (src/pipeline/bounded.ts): every item once, results in the items' order
 * whatever order they finish in, never more than the limit at once, a failure passed on.
 */
import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/pipeline/bounded.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapBounded', () => {
  it('gives the results in the items’ order, calling each item once with its index, at most `limit` at a time', async () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    let running = 0;
    let most = 0;
    const calls: number[] = [];
    const results = await mapBounded(items, 4, async (item, index) => {
      expect(index).toBe(item);
      calls.push(item);
      most = Math.max(most, ++running);
      // Later items finish first.
      await tick((50 - item) % 7);
      running--;
      return item * 10;
    });
    expect(results).toEqual(items.map((i) => i * 10));
    expect(calls.sort((a, b) => a - b)).toEqual(items);
    expect(most).toBe(4);
  });

  it('handles no items and fewer items than the limit', async () => {
    expect(await mapBounded([], 8, async () => 1)).toEqual([]);
    expect(await mapBounded(['a', 'b'], 8, async (s) => s.toUpperCase())).toEqual(['A', 'B']);
  });

  it('after a failure starts no more, lets those under way settle, and passes on the earliest item’s failure', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapBounded([0, 1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n);
      // Item 2 fails first, item 1 a little later; item 0 succeeds last.
      await tick(n === 2 ? 1 : n === 1 ? 5 : 20);
      settled.push(n);
      if (n === 1) throw new Error('一号失败');
      if (n === 2) throw new Error('二号失败');
      return n;
    });
    await expect(run).rejects.toThrow('一号失败');
    expect(started.sort()).toEqual([0, 1, 2]);
    expect(settled.sort()).toEqual([0, 1, 2]);
    // The earliest item failing first is still the one passed on, not the last to fail.
    const inOrder = mapBounded([0, 1, 2], 3, async (n) => {
      await tick(n === 1 ? 1 : n === 2 ? 5 : 0);
      if (n > 0) throw new Error(`${n}号失败`);
      return n;
    });
    await expect(inOrder).rejects.toThrow('1号失败');
  });
});
