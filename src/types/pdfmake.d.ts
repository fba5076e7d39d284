/**
 * The few parts of pdfmake 0.3's Node API that src/render/pdf/index.ts uses. pdfmake ships no
 * types; the document definition is typed where it is built (pdf.ts), not here.
 */
declare module 'pdfmake' {
  namespace pdfmake {
    /** A font file path, or `[path, faceName]` for a TrueType collection. */
    type FontSource = string | [string, string];
    interface FontDescriptor {
      normal: FontSource;
      bold: FontSource;
    }
    interface OutputDocument {
      getBuffer(): Promise<Buffer>;
      /** The pdfkit document, laid out and drawn but not yet ended. */
      getStream(): Promise<PdfKitDocument>;
    }
    /** The parts of pdfkit's document pubtable touches before it ends (render/pdf/archival.ts; `file`: the test of attachments.ts). */
    interface PdfKitDocument {
      version: number;
      appendXML(xml: string, newline?: boolean): void;
      _addInfo(): void;
      file(src: Buffer, options: object): unknown;
      /** The outline's root (render/pdf/archival.ts: PdfKitOutline). */
      outline: unknown;
    }
    /** pdfmake's in-memory file system: fonts found here are never read from disk. */
    interface VirtualFileSystem {
      existsSync(filename: string): boolean;
      writeFileSync(filename: string, content: Buffer): void;
    }
    interface PdfMake {
      virtualfs: VirtualFileSystem;
      setFonts(fonts: Record<string, FontDescriptor>): void;
      setUrlAccessPolicy(callback: (url: string) => boolean): void;
      setLocalAccessPolicy(callback: (path: string) => boolean): void;
      createPdf(docDefinition: object): OutputDocument;
    }
  }
  /** A process-wide singleton. */
  const pdfmake: pdfmake.PdfMake;
  export = pdfmake;
}

/** pdfmake's renderer module (CommonJS: the class is its `default`), patched by render/pdf/tagging.ts. */
declare module 'pdfmake/js/Renderer.js' {
  const module: unknown;
  export default module;
}

/** pdfmake's layout, used without its renderer by render/paged/pages.ts (CommonJS modules). */
declare module 'pdfmake/js/LayoutBuilder.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/PDFDocument.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/SVGMeasure.js' {
  const module: unknown;
  export default module;
}
declare module 'pdfmake/js/PageSize.js' {
  export function normalizePageSize(size: string, orientation: string): { width: number; height: number; orientation: string };
  export function normalizePageMargin(margin: unknown): { left: number; top: number; right: number; bottom: number };
}
declare module 'pdfmake/js/tableLayouts.js' {
  export const tableLayouts: Record<string, unknown>;
}

/** pdfmake's style stack (CommonJS: the class is its `default`), patched by render/paged/style-lookup.ts. */
declare module 'pdfmake/js/StyleContextStack.js' {
  const module: unknown;
  export default module;
}
