/**
 * Getting the page writers ready before a layout arrives (src/render/paged/prepare.ts, what a
 * render thread does while the main thread still lays out): the fonts are opened and
 * measured then, once, and the PDF made afterwards is the one made without it.
 */
import { execFileSync } from 'node:child_process';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { prepareFonts } from '../../../src/render/paged/prepare.js';
import { tableStats } from '../../../src/render/paged/shared-tables.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { prepareWriter } from '../../../src/render/index.js';
import { sampleLayout } from '../../fixtures/sample-layout.js';
import { ROOT } from '../../helpers/cli.js';

describe('preparing the fonts', () => {
  it('reads the font tables the line wrapping needs, once; the render after it decodes none of them again', async () => {
    const layout = sampleLayout();
    expect(tableStats.decoded).toBe(0);
    prepareFonts(layout.fonts);
    const prepared = tableStats.decoded;
    expect(prepared).toBeGreaterThan(0);
    prepareFonts(layout.fonts);
    await prepareWriter('ofd', layout.fonts);
    expect(tableStats.decoded).toBe(prepared);
    await prepareWriter('docx', { serif: { ...layout.fonts.serif!, pdf: { normal: { path: '/nonexistent/font.ttf' }, bold: { path: '/nonexistent/font.ttf' } } } });
    const before = { ...tableStats };
    await renderPdf(layout);
    expect(tableStats.reused).toBeGreaterThan(before.reused);
  });

  it('changes no byte of the PDF', async () => {
    const layout = sampleLayout();
    prepareFonts(layout.fonts);
    const here = Buffer.from((await renderPdf(layout)).bytes);
    // A process that never prepared (the compiled writer; the layout as v8.serialize gives it to render threads).
    const script = `
      import { deserialize } from 'node:v8';
      import { readFileSync } from 'node:fs';
      import { renderPdf } from './dist/render/pdf/index.js';
      const layout = deserialize(readFileSync(0));
      process.stdout.write(Buffer.from((await renderPdf(layout)).bytes).toString('base64'));`;
    const unprepared = Buffer.from(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, input: serialize(layout), encoding: 'utf8', maxBuffer: 64 << 20 }),
      'base64',
    );
    expect(here.equals(unprepared)).toBe(true);
  });

  it('leaves a font it cannot open to the render that uses it', async () => {
    const sample = sampleLayout();
    const serif = sample.fonts.serif!;
    const broken = { ...sample, fonts: { serif: { ...serif, pdf: { ...serif.pdf, normal: { path: '/nonexistent/font.ttf' } } } } };
    expect(() => prepareFonts(broken.fonts)).toThrow(/nonexistent\/font\.ttf/);
    await expect(renderPdf(broken)).rejects.toThrow(/nonexistent\/font\.ttf/);
  });
});
