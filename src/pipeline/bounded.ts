/**
 * `fn` over every item, at most `limit` at a time, results in the items' order. For the
 * thousands of small file-system calls of a build over its printouts: one after another
 * each waits its turn on libuv's threads (≈ 0.4 s for 6,000 of them); all at once would
 * hold thousands of requests. Once a call fails no more start, and the failure is passed
 * on when those under way have settled.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && failures.length === 0) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (error) {
        failures.push({ index: i, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  // The earliest item's failure, whichever finished first.
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).error;
  return results;
}

/** How many file-system calls a build keeps in flight. */
export const FS_CALLS_IN_FLIGHT = 32;
