/**
 * The Word parts made from a document's options alone are formatted once per process
 * (src/render/docx/shared-parts.ts): the packages must be the bytes docx packs without it,
 * whichever documents come in between.
 */
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

async function packAll(shared: boolean): Promise<Buffer[]> {
  setSharedParts(shared);
  const docs = documents();
  const out: Buffer[] = [];
  for (const name of ORDER) out.push(Buffer.from((await renderDocx(docs[name])).bytes));
  return out;
}

const part = async (bytes: Uint8Array, name: string) => (await JSZip.loadAsync(bytes)).file(name)!.async('string');

describe('renderDocx: parts shared between documents', () => {
  afterEach(() => setSharedParts(true));

  it('packs every document byte for byte as docx does alone, documents of other options in between', async () => {
    const alone = await packAll(false);
    const before = { ...partStats };
    const shared = await packAll(true);
    ORDER.forEach((name, i) => expect(shared[i]!.equals(alone[i]!), `document ${i + 1} (${name})`).toBe(true));
    // Sharing did happen: the second A, B and C took their styles, theme… as formatted before.
    expect(partStats.reused - before.reused).toBeGreaterThanOrEqual(3 * 8);
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
});
