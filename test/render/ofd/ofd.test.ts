/**
 * The OFD writer (src/render/ofd/) read back as a reader would (helpers/ofd-read-back.ts:
 * unzip, parse every XML file, follow every location): a well-formed GB/T 33190 package;
 * the PDF's pages — the same size, the same count, on each page the same lines in the same
 * order at the same places (the PDF read with its own fonts' ToUnicode maps); every field of
 * the example shown; each character at the advance of the embedded subset's own glyph; the
 * outline; the records attached and read back; the same bytes every time.
 */
import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/ingest/canonical/data.js';
import { readAny } from '../../../src/ingest/index.js';
import { parsePdf } from '../../../src/ingest/pdf/objects.js';
import { pageLines } from '../../../src/ingest/pdf/page-text.js';
import { readTextExport } from '../../../src/ingest/text-export/reader.js';
import type { Block, LayoutDocument } from '../../../src/layout/types.js';
import { formatAmount } from '../../../src/model/amount.js';
import type { Publication } from '../../../src/model/types.js';
import { renderOfd } from '../../../src/render/ofd/index.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../../src/template/report.js';
import { exampleText } from '../../helpers/example.js';
import { all, child, readOfd, type OfdPackage } from '../../helpers/ofd-read-back.js';
import { sampleLayout, style } from '../../fixtures/sample-layout.js';

const PT_PER_MM = 72 / 25.4;
const RECORDS = 'panyu-hrss-2025.pubtable.json';

function exampleLayout(): { layout: LayoutDocument; publication: Publication } {
  const publication = readTextExport(Buffer.from(exampleText()), 'in.txt').publication;
  const layout = renderLayout(loadReport(DEFAULT_TEMPLATES, 'publication'), { publication }, new Date('2025-01-01T00:00:00Z'));
  const attachments = [{ name: RECORDS, mime: 'application/json', description: '记录', text: canonicalJson(publication) }];
  return { layout: { ...layout, attachments }, publication };
}

let rendered: Promise<{ bytes: Uint8Array; ofd: OfdPackage; pdf: Uint8Array; publication: Publication }> | undefined;
/** The example's OFD and PDF, made once, on first use inside a test. */
function example() {
  rendered ??= (async () => {
    const { layout, publication } = exampleLayout();
    const [o, p] = [await renderOfd(layout), await renderPdf(layout)];
    expect(o.warnings).toEqual(p.warnings);
    return { bytes: o.bytes, ofd: await readOfd(o.bytes), pdf: p.bytes, publication };
  })();
  return rendered;
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('the OFD writer', () => {
  it('writes a well-formed package: OFD.xml → Document.xml → pages, public resources, attachments, and no file nothing names', async () => {
    const { ofd, publication } = await example();
    const entry = ofd.xml.get('OFD.xml')!;
    expect(entry.name).toBe('ofd:OFD');
    expect(entry.attributes).toEqual({ 'xmlns:ofd': 'http://www.ofdspec.org/2016', Version: '1.0', DocType: 'OFD' });
    const info = all(entry, 'ofd:DocInfo')[0]!;
    expect(info.children.map((c) => c.name)).toEqual(['ofd:DocID', 'ofd:Title', 'ofd:Author', 'ofd:Subject', 'ofd:CreationDate', 'ofd:Creator']);
    expect(child(info, 'ofd:DocID')!.text).toMatch(/^[0-9a-f]{32}$/);
    expect(child(info, 'ofd:Title')!.text).toBe(publication.title);
    expect(child(info, 'ofd:Author')!.text).toBe(publication.department);
    expect(child(info, 'ofd:CreationDate')!.text).toBe('2025-01-01');
    expect(ofd.documentPath).toBe('Doc_0/Document.xml');
    expect(ofd.document.children.map((c) => c.name)).toEqual(['ofd:CommonData', 'ofd:Pages', 'ofd:Outlines', 'ofd:Attachments']);
    const named = new Set([...ofd.xml.keys(), ...ofd.fonts.map((f) => f.path), ...ofd.attachments.map((a) => a.path)]);
    expect([...ofd.files.keys()].sort()).toEqual([...named].sort());
  });

  it('gives every unit an ID of its own, none above MaxUnitID, and names only fonts it declares', async () => {
    const { ofd } = await example();
    const ids = ofd.ids.map((i) => Number(i.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(Math.max(...ids)).toBe(Number(all(ofd.document, 'ofd:MaxUnitID')[0]!.text));
    const fonts = new Set(ofd.fonts.map((f) => f.id));
    for (const page of ofd.pages) for (const t of page.texts) expect(fonts.has(t.font)).toBe(true);
  });

  it('has the PDF’s pages: the same size and count, and on each page the same lines in the same order at the same places', async () => {
    const { ofd, pdf } = await example();
    const parsed = parsePdf(pdf);
    const box = /\/MediaBox\s*\[([^\]]+)\]/.exec(parsed.objects.get(parsed.pages[0]!)!.head)![1]!.trim().split(/\s+/).map(Number);
    expect(ofd.pageBox.map((v) => Math.round(v * PT_PER_MM * 100) / 100)).toEqual(box);
    const pdfPages = pageLines(parsed);
    expect(ofd.pages).toHaveLength(pdfPages.length);
    expect(pdfPages.length).toBe(9);
    ofd.pages.forEach((page, i) => {
      expect(page.texts.map((t) => t.text), `page ${i + 1}`).toEqual(pdfPages[i]!.map((l) => l.text));
      page.texts.forEach((t, k) => {
        // The first character's baseline point, in points from the page's top left corner.
        const x = (t.boundary[0]! + t.x) * PT_PER_MM;
        const y = (t.boundary[1]! + t.y) * PT_PER_MM;
        // The PDF's y runs up from the page's foot.
        expect(Math.abs(x - pdfPages[i]![k]!.x), `page ${i + 1} line ${k + 1} x`).toBeLessThan(0.01);
        expect(Math.abs(y - (box[3]! - pdfPages[i]![k]!.y)), `page ${i + 1} line ${k + 1} y`).toBeLessThan(0.01);
      });
    });
  });

  it('shows every name, amount, goal and indicator of the example', async () => {
    const { ofd, publication } = await example();
    // A cell's lines share their left edge: each column's lines, page after page, hold its fields whole
    // (a goal that runs onto the next page continues there, after the rows' other cells).
    const columns = new Map<number, string>();
    // A line may be drawn in pieces (Latin words apart from Chinese): consecutive pieces at the same height are one line.
    const lines: { x: number; y: number; end: number; text: string }[] = [];
    for (const page of ofd.pages) {
      let last: (typeof lines)[number] | undefined;
      for (const t of page.texts) {
        const [x, y, w] = t.boundary as [number, number, number];
        if (last && last.y === y && Math.abs(last.end - x) < 0.01) Object.assign(last, { end: x + w, text: last.text + t.text });
        else lines.push((last = { x, y, end: x + w, text: t.text }));
      }
    }
    for (const l of lines) columns.set(l.x, (columns.get(l.x) ?? '') + l.text);
    const text = squash([...columns.values()].join('|'));
    const amounts = (a: Publication['units'][number]['amounts']) => [a.total, a.fiscal, a.special, a.other].filter((v) => v !== 0n).map(formatAmount);
    expect(text).toContain(squash(publication.title));
    for (const a of amounts(publication.total)) expect(text).toContain(a);
    let fields = 0;
    for (const unit of publication.units) {
      expect(text).toContain(squash(unit.name));
      for (const p of unit.projects) {
        for (const f of [p.name, p.goal, ...amounts(p.amounts)]) expect(text).toContain(squash(f));
        for (const ind of p.indicators) {
          for (const f of [ind.level1.name, ind.level2.name, ind.name, ind.cycleValue, ind.annualValue]) expect(text).toContain(squash(f));
          fields += 5;
        }
      }
    }
    expect(fields).toBe(148 * 5);
  });

  it('places each character at the advance of its glyph in the embedded font, which maps every character drawn', async () => {
    const { ofd } = await example();
    const faces = new Map(ofd.fonts.map((f) => [f.id, create(Buffer.from(ofd.files.get(f.path)!)) as Font & { characterSet: number[] }]));
    const drawn = new Map<string, Set<number>>();
    let checked = 0;
    for (const page of ofd.pages) {
      for (const t of page.texts) {
        const face = faces.get(t.font)!;
        const chars = [...t.text];
        expect(t.deltaX).toHaveLength(chars.length - 1);
        let width = 0;
        chars.forEach((ch, i) => {
          const cp = ch.codePointAt(0)!;
          (drawn.get(t.font) ?? drawn.set(t.font, new Set()).get(t.font)!).add(cp);
          const glyph = face.glyphForCodePoint(cp);
          expect(glyph.id, `U+${cp.toString(16)} in font ${t.font}`).not.toBe(0);
          const advance = (glyph.advanceWidth * t.size) / face.unitsPerEm;
          if (i < chars.length - 1) expect(Math.abs(advance - t.deltaX[i]!)).toBeLessThan(0.002);
          width += advance;
          checked++;
        });
        // The boundary is as wide as pdfmake measured the inline.
        expect(Math.abs(width - t.boundary[2]!)).toBeLessThan(0.01);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    // Subsets: exactly the characters drawn with each font are mapped.
    // (0xFFFF ends a format 4 cmap: mapped to no glyph, as the format requires.)
    for (const [id, face] of faces) expect(face.characterSet.filter((c) => c !== 0xffff).sort((a, b) => a - b)).toEqual([...drawn.get(id)!].sort((a, b) => a - b));
  });

  it('maps characters beyond the BMP too (cmap format 12 beside format 4), each to its own glyph', async () => {
    const doc = sampleLayout();
    const astral: Block = { kind: 'paragraph', style: style('p', { border: false }), runs: [{ kind: 'text', text: '甲𠂇乙𠂉' }] };
    const ofd = await readOfd((await renderOfd({ ...doc, body: [...doc.body, astral] })).bytes);
    const t = ofd.pages.flatMap((p) => p.texts).find((x) => x.text === '甲𠂇乙𠂉')!;
    const face = create(Buffer.from(ofd.files.get(ofd.fonts.find((f) => f.id === t.font)!.path)!)) as Font;
    const ids = [...t.text].map((c) => face.glyphForCodePoint(c.codePointAt(0)!).id);
    expect(new Set(ids).size).toBe(4);
    expect(ids).not.toContain(0);
    // The glyphs are the right ones: the original face's outlines.
    const original = create(readFileSync(doc.fonts['serif']!.pdf.normal.path)) as Font;
    const outline = (f: Font, c: string) => (f.glyphForCodePoint(c.codePointAt(0)!) as unknown as { path: { toSVG(): string } }).path.toSVG();
    for (const c of t.text) expect(outline(face, c)).toBe(outline(original, c));
    expect(t.deltaX).toHaveLength(3);
  });

  it('declares each face by its own names, bold faces as bold, and draws their text with weight 700', async () => {
    const { ofd } = await example();
    expect(ofd.fonts.map((f) => [f.fontName, f.familyName, f.bold])).toEqual([
      ['NotoSerifSC-Bold', 'Noto Serif SC', true],
      ['NotoSerifSC-Regular', 'Noto Serif SC', false],
    ]);
    const bold = new Set(ofd.fonts.filter((f) => f.bold).map((f) => f.id));
    for (const page of ofd.pages) for (const t of page.texts) expect(t.weight).toBe(bold.has(t.font) ? '700' : undefined);
  });

  it('draws the table’s rules and fills as paths inside their boundaries', async () => {
    const { ofd } = await example();
    const paths = ofd.pages.flatMap((p) => p.paths);
    expect(paths.length).toBeGreaterThan(500);
    for (const p of paths) {
      const [, , w, h] = p.attributes.Boundary!.split(' ').map(Number);
      const points = child(p, 'ofd:AbbreviatedData')!.text.match(/-?[\d.]+/g)!.map(Number);
      for (let i = 0; i < points.length; i += 2) {
        expect(points[i]).toBeGreaterThanOrEqual(0);
        expect(points[i]).toBeLessThanOrEqual(w! + 1e-9);
        expect(points[i + 1]).toBeLessThanOrEqual(h! + 1e-9);
      }
    }
    // The style sheet's fills, #RRGGBB as OFD's RGB values.
    const { layout } = exampleLayout();
    const styleFills = layout.body.flatMap((b) => (b.kind === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.style.fill)) : []));
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(' ');
    const fills = paths.filter((p) => p.attributes.Fill === 'true');
    expect(new Set(fills.map((f) => child(f, 'ofd:FillColor')!.attributes.Value))).toEqual(new Set(styleFills.filter((f) => f !== null && f !== undefined).map(rgb)));
    const rules = paths.filter((p) => p.attributes.Fill !== 'true');
    for (const r of rules) expect([child(r, 'ofd:StrokeColor')!.attributes.Value, r.attributes.LineWidth]).toEqual(['0 0 0', '0.176']);
  });

  it('has the PDF’s outline: every unit, under it its projects, each opening the page and line where its name is drawn', async () => {
    const { ofd, publication } = await example();
    expect(ofd.outline.map((e) => e.title)).toEqual(publication.units.map((u) => u.name));
    expect(ofd.outline.map((e) => e.expanded)).toEqual(publication.units.map(() => 'true'));
    const entries = ofd.outline.flatMap((u) => [u, ...u.children]);
    expect(entries.length).toBe(publication.units.length + 23);
    publication.units.forEach((u, i) => expect(ofd.outline[i]!.children.map((e) => e.title)).toEqual(u.projects.map((p) => p.name)));
    for (const e of entries) {
      const at = ofd.pages[e.pageIndex]!.texts.find((t) => t.text.length > 1 && e.title.startsWith(t.text));
      expect(at, e.title).toBeDefined();
      expect(Math.abs(at!.boundary[1]! - e.top)).toBeLessThan(0.01);
    }
  });

  it('carries the records it shows as an attachment, which reads back as the publication', async () => {
    const { ofd, bytes, publication } = await example();
    expect(ofd.attachments.map((a) => [a.name, a.format])).toEqual([[RECORDS, 'json']]);
    expect(ofd.attachments[0]!.text).toBe(canonicalJson(publication));
    const back = await readAny(bytes, 'table.ofd');
    expect(canonicalJson(back.publication)).toBe(canonicalJson(publication));
    expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('gives the same bytes every time, and another DocID when anything shown changes', async () => {
    const { bytes, ofd } = await example();
    const { layout } = exampleLayout();
    expect((await renderOfd(layout)).bytes).toEqual(bytes);
    const changed = { ...layout, meta: { ...layout.meta, subject: `${layout.meta.subject}（更正）` } };
    const other = await readOfd((await renderOfd(changed)).bytes);
    expect(child(all(other.xml.get('OFD.xml')!, 'ofd:DocInfo')[0]!, 'ofd:DocID')!.text).not.toBe(child(all(ofd.xml.get('OFD.xml')!, 'ofd:DocInfo')[0]!, 'ofd:DocID')!.text);
  });

  it('warns of a character the font lacks as the PDF writer does, naming the OFD', async () => {
    const doc = sampleLayout();
    const bold: Block = { kind: 'paragraph', style: style('strong', { bold: true, border: false }), runs: [{ kind: 'text', text: '粗🀄' }], ref: 'here:1' };
    const both = { ...doc, body: [...doc.body, bold] };
    const [o, p] = [await renderOfd(both), await renderPdf(both)];
    expect(o.warnings).toEqual(p.warnings.map((w) => ({ ...w, message: w.message.replace('PDF 中', 'OFD 中') })));
    expect(o.warnings.filter((w) => w.code === 'MISSING_GLYPH').map((w) => w.message)).toEqual(['字体“serif（粗体）”中没有字符“🀄”（U+1F004），OFD 中该字符将显示为空框']);
  });
});
