/**
 * The Word parts made from a document's options alone are formatted once per process
 * (src/render/docx/shared-parts.ts): the packages must be the bytes docx packs without it,
 * whichever documents come in between.
 */
import { Packer } from 'docx';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import type { LayoutDocument } from '../../../src/layout/types.js';
import { renderDocx } from '../../../src/render/docx/index.js';
import { partStats, setSharedParts } from '../../../src/render/docx/shared-parts.js';
import { sampleLayout, style } from '../../fixtures/sample-layout.js';

/** Documents whose options differ (B's paragraph styles) and whose metadata differ (C's title, date). */
function documents(): Record<'A' | 'B' | 'C', LayoutDocument> {
  const a = sampleLayout();
  const b: LayoutDocument = {
    ...a,
    body: [{ kind: 'paragraph', style: style('note', { size: 14, bold: true, align: 'center' }), runs: [{ kind: 'text', text: '附注：单位万元' }] }],
  };
  const c: LayoutDocument = { ...a, meta: { ...a.meta, title: '另一张表', created: new Date('2026-03-04T05:06:07Z') } };
  return { A: a, B: b, C: c };
}

const ORDER = ['A', 'B', 'C', 'A', 'B', 'C'] as const;

/** The parts docx makes from the options alone: styles, theme, settings, numbering, comments, app and custom properties, foot- and endnotes, font table. */
const SHARED_PARTS = 10;

/** The packages of ORDER's documents, and the parts formatted and reused while packing each. */
async function packAll(shared: boolean) {
  setSharedParts(shared);
  const docs = documents();
  const out: Buffer[] = [];
  const counts: { formatted: number; reused: number }[] = [];
  for (const name of ORDER) {
    const before = { ...partStats };
    out.push(Buffer.from((await renderDocx(docs[name])).bytes));
    counts.push({ formatted: partStats.formatted - before.formatted, reused: partStats.reused - before.reused });
  }
  return Object.assign(out, { counts });
}

const part = async (bytes: Uint8Array, name: string) => (await JSZip.loadAsync(bytes)).file(name)!.async('string');

describe('renderDocx: parts shared between documents', () => {
  afterEach(() => setSharedParts(true));

  it('packs every document byte for byte as docx does alone, documents of other options in between', async () => {
    const alone = await packAll(false);
    expect(alone.counts.every((c) => c.formatted === 0 && c.reused === 0)).toBe(true);
    const shared = await packAll(true);
    ORDER.forEach((name, i) => expect(shared[i]!.equals(alone[i]!), `document ${i + 1} (${name})`).toBe(true));
    // The second A, B and C (and C after A: the same options) take every shared part as formatted before.
    for (const i of [2, 3, 4, 5]) expect(shared.counts[i], `document ${i + 1}`).toEqual({ formatted: 0, reused: SHARED_PARTS });
  });

  it('keys the parts by the options: another style sheet gets its own styles part, the same options the same', async () => {
    const [a, b, c] = (await packAll(true)).slice(0, 3);
    const styles = await Promise.all([a!, b!, c!].map((d) => part(d, 'word/styles.xml')));
    expect(styles[1]).not.toBe(styles[0]);
    expect(styles[1]).toContain('w:styleId="ptnote"');
    expect(styles[0]).not.toContain('w:styleId="ptnote"');
    expect(styles[2]).toBe(styles[0]);
    // The metadata is each document's own.
    expect(await part(c!, 'docProps/core.xml')).toContain('另一张表');
    expect(await part(a!, 'docProps/core.xml')).not.toContain('另一张表');
  });

  it('keeps the parts of 64 sets of options, dropping the oldest, and wraps docx\'s formatter once', async () => {
    setSharedParts(true);
    const a = sampleLayout();
    const withStyle = (n: number): LayoutDocument => ({
      ...a,
      body: [{ kind: 'paragraph', style: style(`s${n}`), runs: [{ kind: 'text', text: '说明' }] }],
    });
    await renderDocx(withStyle(0));
    const format = (Packer as unknown as { compiler: { formatter: { format: unknown } } }).compiler.formatter.format;
    for (let n = 1; n <= 64; n++) await renderDocx(withStyle(n));
    expect((Packer as unknown as { compiler: { formatter: { format: unknown } } }).compiler.formatter.format).toBe(format);
    const again = async (n: number) => {
      const before = { ...partStats };
      await renderDocx(withStyle(n));
      return { formatted: partStats.formatted - before.formatted, reused: partStats.reused - before.reused };
    };
    // 65 sets of options: the first was dropped, the last is kept.
    expect(await again(64)).toEqual({ formatted: 0, reused: SHARED_PARTS });
    expect(await again(0)).toEqual({ formatted: SHARED_PARTS, reused: 0 });
  });
});
