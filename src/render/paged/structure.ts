/**
 * The logical structure of a tagged PDF, as the builder (./builder.ts, ./table.ts) finds it
 * in the layout tree: Document → headings and paragraphs → Table → THead/TBody → TR → TH/TD,
 * in reading order. Each text node's inlines carry a tag naming their element, so that the
 * drawing of each line can be marked as that element's content (../pdf/tagging.ts).
 */

export type ElementType = 'Document' | 'H1' | 'H2' | 'H3' | 'H4' | 'H5' | 'H6' | 'P' | 'Table' | 'THead' | 'TBody' | 'TR' | 'TH' | 'TD';

export interface StructElement {
  type: ElementType;
  children: StructElement[];
  /** /T: a table's caption. */
  title?: string;
  /** /A of a table cell (ISO 32000 §14.8.5.7): Scope for header cells, spans where cells merge. */
  attributes?: { Scope?: 'Column' | 'Row'; RowSpan?: number; ColSpan?: number };
  /** A header-row cell: drawn again at the top of every later page, where it is an artifact. */
  repeats?: boolean;
}

/** What an inline carries to the line pdfmake draws it on (pdfmake copies an inline's own properties). */
export interface PdfTag {
  element: StructElement;
  /** The document's tree, found by the renderer from any tagged line. */
  tree: StructureTree;
}

export class StructureTree {
  readonly root: StructElement = { type: 'Document', children: [] };

  add(parent: StructElement, type: ElementType, extra: Partial<StructElement> = {}): StructElement {
    const element: StructElement = { type, children: [], ...extra };
    parent.children.push(element);
    return element;
  }

  tag(element: StructElement): PdfTag {
    return { element, tree: this };
  }
}

/** H1…H6 for a heading paragraph, P for any other. */
export function paragraphType(heading: number | undefined): ElementType {
  return heading === undefined ? 'P' : (`H${heading}` as ElementType);
}
