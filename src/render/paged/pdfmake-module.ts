/**
 * What a pdfmake module exports (a class the page writers use or patch). pdfmake's modules
 * are CommonJS: Node gives their exports as the default import, while vitest, honouring
 * `__esModule`, gives their `default`, the class itself.
 */
export function pdfmakeExport<T>(module: unknown): T {
  return (module as { default?: T }).default ?? (module as T);
}
