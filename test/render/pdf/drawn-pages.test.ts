/**
 * pdfmake's laid-out pages let go as they are drawn (src/render/pdf/drawn-pages.ts): the
 * same bytes as when every page is kept to the end, and nothing of a drawn page left.
 */
import RendererModule from 'pdfmake/js/Renderer.js';
import { afterEach, describe, expect, it } from 'vitest';
import { drawnStats, setDrawnPagesRelease } from '../../../src/render/pdf/drawn-pages.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { projectRow, sampleLayout } from '../../fixtures/sample-layout.js';

type Page = { items: unknown[] };
type Proto = { renderPages(this: unknown, pages: Page[]): void };
const proto = ((RendererModule as { default?: { prototype: Proto } }).default ?? (RendererModule as unknown as { prototype: Proto })).prototype;

/** Renders with pdfmake's pages seen as they were handed to its renderer, and how many they were. */
async function renderSeeingPages(doc: ReturnType<typeof sampleLayout>): Promise<{ bytes: Uint8Array; pages: Page[] }> {
  const inner = proto.renderPages;
  let pages: Page[] = [];
  proto.renderPages = function (this: unknown, p: Page[]) {
    pages = p;
    return inner.call(this, p);
  };
  try {
    const { bytes } = await renderPdf(doc);
    return { bytes, pages };
  } finally {
    proto.renderPages = inner;
  }
}

afterEach(() => setDrawnPagesRelease(true));

describe('laid-out pages let go once drawn', () => {
  const doc = () => sampleLayout(Array.from({ length: 120 }, (_, i) => projectRow(`项目${i}`, 1000 + i, '全方位培育、引进、用好海内外高层次人才。'.repeat(3), ['1、数量指标：>90%。'])));

  it('drops the items of every page once drawn, and writes the bytes it writes keeping them', async () => {
    await renderPdf(sampleLayout()); // installs the patches beneath the one this test adds
    const before = drawnStats.released;
    const released = await renderSeeingPages(doc());
    expect(released.pages.length).toBeGreaterThan(5);
    expect(drawnStats.released - before).toBe(released.pages.length);
    expect(released.pages.every((p) => p.items.length === 0)).toBe(true);

    setDrawnPagesRelease(false);
    const kept = await renderSeeingPages(doc());
    expect(kept.pages.length).toBe(released.pages.length);
    expect(kept.pages.every((p) => p.items.length > 0)).toBe(true);
    expect(drawnStats.released - before).toBe(released.pages.length);
    expect(Buffer.compare(released.bytes, kept.bytes)).toBe(0);
  });

  it('a layout it cannot render rejects, however early the failure', async () => {
    const sample = sampleLayout();
    const serif = sample.fonts.serif!;
    const broken = { ...sample, fonts: { serif: { ...serif, pdf: { ...serif.pdf, normal: { path: '/nonexistent/drawn.ttf' } } } } };
    let rendering: Promise<unknown> | undefined;
    expect(() => (rendering = renderPdf(broken))).not.toThrow();
    await expect(rendering).rejects.toThrow(/nonexistent\/drawn\.ttf/);
  });
});
