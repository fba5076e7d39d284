/**
 * One laid-out page (../paged/pages.ts) → its OFD content (Pages/Page_N/Content.xml): each
 * inline a TextObject whose TextCode carries the characters, the baseline and each
 * character's advance (DeltaX), so a reader places every glyph where the PDF has it and text
 * can be selected and extracted; each rule and fill a PathObject. OFD measures in
 * millimetres from the page's top left corner, as pdfmake does in points.
 */
import { escapeXml } from '../xml-escape.js';
import type { FontkitFace, LaidOutInline, LaidOutLine, LaidOutPage, LaidOutVector, VerticalAlignment } from '../paged/pages.js';

export const OFD_NS = 'http://www.ofdspec.org/2016';

const MM_PER_PT = 25.4 / 72;

/** Millimetres from points, to a thousandth (a micrometre: far below what a printer shows). */
export function mm(pt: number): string {
  const v = Math.round(pt * MM_PER_PT * 1000) / 1000;
  return String(v === 0 ? 0 : v);
}

/** The document's unit ids (ST_ID: unique within the document) and its fonts, in order of first use. */
export class OfdIds {
  private last = 0;
  readonly fonts = new Map<FontkitFace, OfdFont>();

  next(): number {
    return ++this.last;
  }

  get max(): number {
    return this.last;
  }

  font(face: FontkitFace): OfdFont {
    let font = this.fonts.get(face);
    // Bold comes from a face of its own; the weight tells readers that draw with a system font.
    if (!font) this.fonts.set(face, (font = { id: this.next(), codePoints: new Set(), bold: (face['OS/2']?.usWeightClass ?? 400) >= 600 }));
    return font;
  }
}

/** A font as the document uses it: its id, the characters drawn with it, whether it is a bold face. */
export interface OfdFont {
  id: number;
  codePoints: Set<number>;
  bold: boolean;
}

/** Where an outline entry's line is: its page (0-based) and top, in points. */
export interface OutlinePlace {
  text: string;
  id?: string;
  parentId?: string;
  expanded?: boolean;
  page: number;
  top: number;
}

/** The page's Content.xml; outline entries met on it are added to `outline`. */
export function pageContent(page: LaidOutPage, index: number, ids: OfdIds, outline: OutlinePlace[]): string {
  const layerId = ids.next();
  const objects: string[] = [];
  // pdfmake moves a cell's text down to centre or bottom-align it; nested cells add up.
  const shifts: number[] = [0];
  for (const entry of page.items) {
    const shift = shifts.at(-1)!;
    switch (entry.type) {
      case 'line':
        if (entry.item._outline) outline.push({ ...entry.item._outline, page: index, top: entry.item.y + shift });
        // An empty inline (an empty cell's line) draws nothing, as in the PDF.
        for (const inline of entry.item.inlines) if (inline.text !== '') objects.push(textObject(entry.item, inline, shift, ids));
        break;
      case 'vector':
        objects.push(pathObject(entry.item, ids));
        break;
      case 'beginVerticalAlignment':
        shifts.push(shift + alignmentShift(entry.item));
        break;
      case 'endVerticalAlignment':
        shifts.pop();
        break;
      default:
        // pubtable's layouts draw no images, clips or attachments; a page that had one would be wrong without it.
        throw new Error(`OFD 写出器不支持页面元素“${entry.type}”`);
    }
  }
  const layer = `<ofd:Layer ID="${layerId}">${objects.join('')}</ofd:Layer>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Content>${layer}</ofd:Content></ofd:Page>\n`;
}

/** As pdfmake's renderer translates a vertically aligned cell (not one that runs over pages). */
function alignmentShift(item: VerticalAlignment): number {
  if (item.isCellContentMultiPage) return 0;
  const spare = item.getViewHeight() - item.getNodeHeight();
  return item.verticalAlignment === 'middle' ? spare / 2 : item.verticalAlignment === 'bottom' ? spare : 0;
}

function textObject(line: LaidOutLine, inline: LaidOutInline, shift: number, ids: OfdIds): string {
  const face = inline.font.font;
  const font = ids.font(face);
  const size = inline.fontSize;
  const chars = [...inline.text].map((c) => c.codePointAt(0)!);
  for (const cp of chars) font.codePoints.add(cp);
  const run = face.layout(inline.text);
  // One glyph per character (all the text these tables hold): each at the advance pdfkit draws it
  // with. Text shaped otherwise (a ligature) is placed character by character at each one's own
  // advance, as an OFD reader draws characters.
  const ownAdvance = (cp: number, i: number) => (run.glyphs.length === chars.length ? run.positions[i]!.xAdvance : face.glyphForCodePoint(cp).advanceWidth);
  const advances = chars.map((cp, i) => (ownAdvance(cp, i) * size) / face.unitsPerEm + (inline.characterSpacing ?? 0));
  const x = line.x + inline.x;
  const top = line.y + shift;
  const box = `${mm(x)} ${mm(top)} ${mm(inline.width)} ${mm(line.getHeight())}`;
  const weight = font.bold ? ' Weight="700"' : '';
  const delta = chars.length > 1 ? ` DeltaX="${deltaX(advances.slice(0, -1))}"` : '';
  const text = escapeXml(inline.text);
  return (
    `<ofd:TextObject ID="${ids.next()}" Boundary="${box}" Font="${font.id}" Size="${mm(size)}"${weight}>` +
    // Text is filled black unless it says otherwise.
    (inline.color === undefined || inline.color === 'black' ? '' : color(inline.color, 'FillColor')) +
    `<ofd:TextCode X="0" Y="${mm(line.getAscenderHeight())}"${delta}>${text}</ofd:TextCode></ofd:TextObject>`
  );
}

/** Advances in millimetres; a run of equal ones as `g <count> <value>` (GB/T 33190 §11.3). */
function deltaX(advances: number[]): string {
  const values = advances.map(mm);
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(j - i > 1 ? `g ${j - i} ${values[i]}` : values[i]!);
    i = j;
  }
  return out.join(' ');
}

function pathObject(v: LaidOutVector, ids: OfdIds): string {
  const width = v.lineWidth ?? 1;
  if (v.type === 'rect') {
    // As pdfmake draws a rectangle: filled if it has a colour, stroked if it has a line colour or no colour.
    const fill = v.color !== undefined;
    const stroke = !fill || v.lineColor !== undefined;
    const attributes = `Boundary="${mm(v.x)} ${mm(v.y)} ${mm(v.w)} ${mm(v.h)}"${stroke ? ` LineWidth="${mm(width)}"` : ' Stroke="false"'}${fill ? ' Fill="true"' : ''}`;
    const path = `M 0 0 L ${mm(v.w)} 0 L ${mm(v.w)} ${mm(v.h)} L 0 ${mm(v.h)} C`;
    return `<ofd:PathObject ID="${ids.next()}" ${attributes}>${stroke ? color(v.lineColor, 'StrokeColor') : ''}${fill ? color(v.color, 'FillColor') : ''}<ofd:AbbreviatedData>${path}</ofd:AbbreviatedData></ofd:PathObject>`;
  }
  // The boundary holds the whole stroke: readers may clip an object to it.
  const half = width / 2;
  const left = Math.min(v.x1, v.x2) - half;
  const top = Math.min(v.y1, v.y2) - half;
  const box = `${mm(left)} ${mm(top)} ${mm(Math.abs(v.x2 - v.x1) + width)} ${mm(Math.abs(v.y2 - v.y1) + width)}`;
  const dash = v.dash ? ` DashPattern="${mm(v.dash.length)} ${mm(v.dash.space ?? v.dash.length)}"` : '';
  const path = `M ${mm(v.x1 - left)} ${mm(v.y1 - top)} L ${mm(v.x2 - left)} ${mm(v.y2 - top)}`;
  return `<ofd:PathObject ID="${ids.next()}" Boundary="${box}" LineWidth="${mm(width)}"${dash}>${color(v.lineColor, 'StrokeColor')}<ofd:AbbreviatedData>${path}</ofd:AbbreviatedData></ofd:PathObject>`;
}

/** A colour element; pdfmake's colours here are the style sheet's #RRGGBB or its default black. */
function color(value: string | undefined, element: 'FillColor' | 'StrokeColor'): string {
  const c = value ?? 'black';
  const rgb = c === 'black' ? [0, 0, 0] : c === 'white' ? [255, 255, 255] : /^#[0-9a-f]{6}$/i.test(c) ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : null;
  if (!rgb) throw new Error(`OFD 写出器无法识别颜色“${c}”`);
  return `<ofd:${element} Value="${rgb.join(' ')}"/>`;
}
