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
