/**
 * A real OFD reader opens the example's OFD: ofd.js (npm, the open-source renderer most
 * Chinese web viewers build on) in Debian's Chromium draws page 1, and the picture is
 * compared with the PDF's page 1 drawn by poppler at the same size — the same ink at about
 * the same places (every inked pixel of one within 2 px of ink in the other, both ways).
 * A copy of the PDF's picture moved 6 px to the side must not pass: the comparison can tell.
 *
 * ofd.js draws text with the browser's fonts, by the family the OFD declares; the page
 * registers the subsets inside the OFD under those names, so this also shows that the
 * embedded fonts load in a browser (Chromium refuses fonts its sanitizer rejects).
 * With PUBTABLE_WRITE_DOCS set, both pictures are written to docs/ as well.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/ingest/canonical/data.js';
import { readTextExport } from '../../../src/ingest/text-export/reader.js';
import { renderOfd } from '../../../src/render/ofd/index.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../../src/template/report.js';
import { exampleText } from '../../helpers/example.js';
import { readOfd } from '../../helpers/ofd-read-back.js';
import { canRun, READERS } from '../../helpers/readers.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-ofd-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OFD_JS = createRequire(import.meta.url).resolve('ofd.js/lib/ofd.umd.min.js');
const ORIGIN = 'http://ofd.test';

/** The page: ofd.js, the fonts, and the two things it is asked to do. */
const PAGE = `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#fff"><div id="out"></div>
<script src="/ofd.js"></script><script>
window.show = async (fonts) => {
  for (const f of fonts) document.fonts.add(await new FontFace(f.family, 'url(/fonts/' + f.file + ')', { weight: f.weight }).load());
  const bytes = await (await fetch('/doc.ofd')).arrayBuffer();
  return new Promise((resolve, reject) => ofd.parseOfdDocument({
    ofd: bytes,
    success(docs) { for (const d of ofd.renderOfd(1123, docs[0])) document.getElementById('out').appendChild(d); resolve(); },
    fail(e) { reject(String(e)); },
  }));
};
// Share of each picture's ink with ink of the other within 2 px (the second moved right by dx).
window.compare = async (a, b, dx) => {
  const load = (src) => new Promise((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = rej; i.src = src; });
  const [ia, ib] = await Promise.all([load(a), load(b)]);
  const W = ia.naturalWidth, H = ia.naturalHeight;
  const ink = (img, shift) => {
    const c = document.createElement('canvas'); c.width = W; c.height = H;
    const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, W, H); g.drawImage(img, shift, 0, W, H);
    const d = g.getImageData(0, 0, W, H).data, m = new Uint8Array(W * H);
    for (let i = 0; i < W * H; i++) m[i] = d[4 * i] + d[4 * i + 1] + d[4 * i + 2] < 384 ? 1 : 0;
    return m;
  };
  const near = (m, x, y) => { for (let v = Math.max(0, y - 2); v <= Math.min(H - 1, y + 2); v++) for (let u = Math.max(0, x - 2); u <= Math.min(W - 1, x + 2); u++) if (m[v * W + u]) return true; return false; };
  const [ma, mb] = [ink(ia, 0), ink(ib, dx)];
  let inkA = 0, inkB = 0, hitA = 0, hitB = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    if (ma[y * W + x]) { inkA++; if (near(mb, x, y)) hitA++; }
    if (mb[y * W + x]) { inkB++; if (near(ma, x, y)) hitB++; }
  }
  return { inkA, inkB, a: hitA / inkA, b: hitB / inkB };
};
</script>`;

describe.skipIf(!canRun(READERS.chromium) || !canRun(READERS.poppler))('the example’s OFD in a real OFD reader (ofd.js in Chromium)', () => {
  it('draws page 1 as the PDF’s page 1: the same text, the same ink at about the same places', async () => {
    const publication = readTextExport(Buffer.from(exampleText()), 'in.txt').publication;
    const layout = renderLayout(loadReport(DEFAULT_TEMPLATES, 'publication'), { publication }, new Date('2025-01-01T00:00:00Z'));
    const doc = { ...layout, attachments: [{ name: 'x.pubtable.json', mime: 'application/json', description: '记录', text: canonicalJson(publication) }] };
    const ofdBytes = (await renderOfd(doc)).bytes;
    const pkg = await readOfd(ofdBytes);
    const fonts = pkg.fonts.map((f) => ({ family: f.familyName, weight: f.bold ? '700' : '400', file: f.path.split('/').pop()! }));
    const fontBytes = new Map(pkg.fonts.map((f) => [f.path.split('/').pop()!, pkg.files.get(f.path)!]));

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1123, height: 794 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // Everything the page asks for comes from here; anything else is refused.
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== ORIGIN) return route.abort();
        if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
        if (url.pathname === '/ofd.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(OFD_JS) });
        if (url.pathname === '/doc.ofd') return route.fulfill({ contentType: 'application/ofd', body: Buffer.from(ofdBytes) });
        const font = fontBytes.get(url.pathname.replace('/fonts/', ''));
        return font ? route.fulfill({ contentType: 'font/ttf', body: Buffer.from(font) }) : route.fulfill({ status: 404 });
      });
      await page.goto(`${ORIGIN}/`);
      await page.evaluate((f) => (window as unknown as { show(f: unknown): Promise<void> }).show(f), fonts);
      expect(errors).toEqual([]);

      // ofd.js read every TextCode of page 1: its SVG text, character by character, in order.
      const shown = await page.$$eval('#out > div:first-child text', (els) => els.map((e) => e.textContent).join(''));
      expect(shown).toBe(pkg.pages[0]!.texts.map((t) => t.text).join(''));

      const first = (await page.$('#out > div:first-child'))!;
      const ofdPng = join(dir, 'ofd-page1.png');
      await first.screenshot({ path: ofdPng });
      const { width, height } = (await first.boundingBox())!;
      const pdfFile = join(dir, 'example.pdf');
      writeFileSync(pdfFile, (await renderPdf(doc)).bytes);
      execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-png', '-singlefile', '-scale-to-x', String(Math.round(width)), '-scale-to-y', String(Math.round(height)), pdfFile, join(dir, 'pdf-page1')]);
      const pdfPng = join(dir, 'pdf-page1.png');
      if (process.env.PUBTABLE_WRITE_DOCS) for (const f of [ofdPng, pdfPng]) copyFileSync(f, join('docs', f.split('/').pop()!.replace('page1', 'example-page1')));

      const url = (file: string) => `data:image/png;base64,${readFileSync(file).toString('base64')}`;
      type Score = { inkA: number; inkB: number; a: number; b: number };
      const compare = (dx: number) => page.evaluate(([a, b, d]) => (window as unknown as { compare(a: string, b: string, d: number): Promise<Score> }).compare(a, b, d), [url(ofdPng), url(pdfPng), dx] as const);
      const same = await compare(0);
      expect(same.inkA).toBeGreaterThan(20_000);
      expect(same.inkB / same.inkA).toBeGreaterThan(0.7);
      expect(same.inkB / same.inkA).toBeLessThan(1.4);
      expect(same.a).toBeGreaterThan(0.97);
      expect(same.b).toBeGreaterThan(0.97);
      const moved = await compare(6);
      expect(Math.min(moved.a, moved.b)).toBeLessThan(0.85);
    } finally {
      await browser.close();
    }
  });
});
