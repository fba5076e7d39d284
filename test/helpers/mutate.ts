/**
 * A seeded byte mutator for fuzzing the readers: the same seed gives the same damaged
 * input, so a failure names a seed that reproduces it. Mutations are the ones real files
 * suffer or attackers try: flipped and inserted bytes, cut and repeated ranges, and tokens
 * that mean something to a reader (tabs, quotes, line breaks, separators, markup, entities,
 * bytes invalid in UTF-8, BOMs, NULs).
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS: (string | number[])[] = [
  '\t', '\n', '\r\n', '\r', '"', '""', '；', ';', '：', ':', '、', '。', '-', '1、1-', '实施周期指标值：', '年度指标值：',
  '合计', '单位：元', '<p>', '</p>', '<br/>', '&#1;', '&amp;', '&#xD800;', '0025年', '9'.repeat(30), ',', '.', ' ', '\u3000',
  '*a', '&a ', ': [', '{', '}', '- ', '\\u0000', '!!binary', '1e400',
  [0xff], [0xc0, 0xaf], [0xe4, 0xbd], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0x00], [0x00, 0x00, 0x00, 0x00], [0x1b], [0xef, 0xbf, 0xbf],
];

const tokenBytes = (t: string | number[]) => (typeof t === 'string' ? Buffer.from(t) : Buffer.from(t));

/** `count` mutations of `input`, chosen by `rand`. */
export function mutate(input: Uint8Array, rand: () => number, count: number): Buffer {
  let b = Buffer.from(input);
  const at = () => Math.floor(rand() * (b.length + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  for (let k = 0; k < count; k++) {
    const i = at();
    const j = Math.min(b.length, i + 1 + Math.floor(rand() * 64));
    switch (Math.floor(rand() * 7)) {
      case 0: // flip a byte
        if (i < b.length) b[i] = Math.floor(rand() * 256);
        break;
      case 1: // insert a token
        b = Buffer.concat([b.subarray(0, i), tokenBytes(pick(TOKENS)), b.subarray(i)]);
        break;
      case 2: // delete a range
        b = Buffer.concat([b.subarray(0, i), b.subarray(j)]);
        break;
      case 3: // repeat a range many times
        b = Buffer.concat([b.subarray(0, j), ...Array<Buffer>(1 + Math.floor(rand() * 200)).fill(b.subarray(i, j)), b.subarray(j)]);
        break;
      case 4: // cut the file short
        b = b.subarray(0, Math.max(0, b.length - Math.floor(rand() * 40)));
        break;
      case 5: // a token repeated: long runs of one thing
        b = Buffer.concat([b.subarray(0, i), Buffer.concat(Array<Buffer>(1 + Math.floor(rand() * 2000)).fill(tokenBytes(pick(TOKENS)))), b.subarray(i)]);
        break;
      default: // swap two ranges' order
        b = Buffer.concat([b.subarray(j), b.subarray(0, i), b.subarray(i, j)]);
    }
  }
  return b;
}

/** The same for text: mutated bytes read back as UTF-8 (for cells of a workbook). */
export function mutateText(text: string, rand: () => number, count: number): string {
  return mutate(Buffer.from(text), rand, count).toString('utf8');
}
