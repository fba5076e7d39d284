/**
 * Tagged PDF on pdfmake, which knows nothing of it: a thin layer around pdfmake's renderer
 * (pdfmake 0.3.11's Renderer, patched once per process) marks each drawn line as the content
 * of the structure element its inlines name (./structure.ts), through pdfkit's marking API,
 * and everything else as an artifact: rules and fills, page headers and footers, and the
 * header rows drawn again at the top of later pages — so a screen reader reads the column
 * headers once and the table as one table across pages. After the last page the elements are
 * joined into pdfkit's structure tree in reading order.
 *
 * A document whose lines carry no tags (the PDF of another caller) is drawn as pdfmake would.
 */
import RendererModule from 'pdfmake/js/Renderer.js';
import { pdfmakeExport } from '../paged/pdfmake-module.js';
import type { PdfTag, StructElement, StructureTree } from '../paged/structure.js';

/** The pdfkit calls this file makes (pdfkit 0.17+: the marking mixin). */
interface MarkingDocument {
  page: object;
  addPage(...args: unknown[]): unknown;
  markContent(tag: string, options?: object | null): unknown;
  markStructureContent(tag: string, options?: object): object;
  endMarkedContent(): unknown;
  struct(type: string, options?: object): PdfKitElement;
  addStructure(element: PdfKitElement): unknown;
}

interface PdfKitElement {
  add(child: object): unknown;
  end(): unknown;
  dictionary: { data: Record<string, unknown> };
}

interface PdfmakeLine {
  inlines: { pdfTag?: PdfTag }[];
}

type Pages = { items: { type: string; item: unknown }[] }[];

/** The renderer methods this file wraps: what they draw is marked; the others are kept outside any marking. */
interface PdfmakeRenderer {
  pdfDocument: MarkingDocument;
  renderPages(pages: Pages): void;
  renderLine(line: PdfmakeLine, x: number, y: number): void;
  renderVector(vector: unknown): void;
  beginClip(rect: unknown): void;
  endClip(): void;
  beginVerticalAlignment(item: unknown): void;
  endVerticalAlignment(item: unknown): void;
}

/**
 * What is being marked on the current page: an artifact of a kind, or an element's content.
 * Consecutive drawings of the same kind share one marked sequence (a cell's lines, a run of
 * rules), which keeps the content streams small.
 */
type Open = { artifact: 'Layout' | 'Pagination' } | { element: StructElement; content: object };

/** The drawing state of one document: pdfkit's element for each of ours, the page each first showed on, what is open. */
class Marking {
  readonly firstPage = new Map<StructElement, object>();
  open: Open | null = null;

  constructor(
    readonly doc: MarkingDocument,
    readonly elements: Map<StructElement, PdfKitElement>,
  ) {}

  /** Marks what follows as the element's content, or an artifact when it has none (or is a header drawn again). */
  line(element: StructElement | undefined): void {
    const first = element ? (this.firstPage.get(element) ?? this.doc.page) : null;
    if (!element || (element.repeats && first !== this.doc.page)) return this.artifact('Pagination');
    this.firstPage.set(element, first!);
    if (this.open && 'element' in this.open && this.open.element === element) return;
    this.close();
    this.open = { element, content: this.doc.markStructureContent(element.type) };
  }

  artifact(kind: 'Layout' | 'Pagination'): void {
    if (this.open && 'artifact' in this.open && this.open.artifact === kind) return;
    this.close();
    this.doc.markContent('Artifact', { type: kind });
    this.open = { artifact: kind };
  }

  /** Ends the open sequence; an element's content joins the element only now, with every page it ran onto. */
  close(): void {
    if (!this.open) return;
    this.doc.endMarkedContent();
    if ('element' in this.open) this.elements.get(this.open.element)!.add(this.open.content);
    this.open = null;
  }
}

const markings = new WeakMap<PdfmakeRenderer, Marking>();
let installed = false;

/** Patches pdfmake's renderer (once per process). */
export function installTagging(): void {
  if (installed) return;
  installed = true;
  const proto = pdfmakeExport<{ prototype: PdfmakeRenderer }>(RendererModule).prototype;
  const { renderPages, renderLine, renderVector, beginClip, endClip, beginVerticalAlignment, endVerticalAlignment } = proto;

  proto.renderPages = function (this: PdfmakeRenderer, pages) {
    const tree = treeOf(pages);
    if (!tree) return renderPages.call(this, pages);
    const doc = this.pdfDocument;
    const elements = new Map<StructElement, PdfKitElement>();
    const create = (e: StructElement): PdfKitElement => {
      const pdf = doc.struct(e.type, e.title ? { title: e.title } : {});
      if (e.attributes) pdf.dictionary.data.A = { O: 'Table', ...e.attributes };
      elements.set(e, pdf);
      for (const child of e.children) pdf.add(create(child));
      return pdf;
    };
    const root = create(tree.root);
    const marking = new Marking(doc, elements);
    markings.set(this, marking);
    // A page ends with its sequence closed, so that none runs on into the next page's header.
    const addPage = doc.addPage;
    doc.addPage = (...args: unknown[]) => {
      marking.close();
      return addPage.apply(doc, args);
    };
    try {
      renderPages.call(this, pages);
      marking.close();
    } finally {
      doc.addPage = addPage;
      markings.delete(this);
    }
    doc.addStructure(root);
    root.end();
  };

  proto.renderLine = function (this: PdfmakeRenderer, line, x, y) {
    markings.get(this)?.line(line.inlines[0]?.pdfTag?.element);
    renderLine.call(this, line, x, y);
  };

  proto.renderVector = function (this: PdfmakeRenderer, vector) {
    markings.get(this)?.artifact('Layout');
    renderVector.call(this, vector);
  };

  // Clipping and alignment save and restore the graphics state: kept outside marked sequences.
  const outside = <A extends unknown[]>(draw: (this: PdfmakeRenderer, ...args: A) => void) =>
    function (this: PdfmakeRenderer, ...args: A) {
      markings.get(this)?.close();
      draw.apply(this, args);
    };
  proto.beginClip = outside(beginClip);
  proto.endClip = outside(endClip);
  proto.beginVerticalAlignment = outside(beginVerticalAlignment);
  proto.endVerticalAlignment = outside(endVerticalAlignment);
}

/** The tree the first tagged line names, if any line is tagged. */
function treeOf(pages: Pages): StructureTree | null {
  for (const page of pages) {
    for (const { type, item } of page.items) {
      if (type !== 'line') continue;
      const tag = (item as PdfmakeLine).inlines[0]?.pdfTag;
      if (tag) return tag.tree;
    }
  }
  return null;
}
