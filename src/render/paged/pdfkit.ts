/**
 * pdfkit as pdfmake loads it (pdfkit is pdfmake's dependency, not ours): the classes the
 * page writers' shortcuts patch (./string-widths.ts, ../pdf/batched-writes.ts) must be the
 * ones pdfmake's documents are made of.
 */
import { createRequire } from 'node:module';

/** The path of pdfmake's pdfkit, for requiring it or what it requires. */
export function pdfkitPath(): string {
  return createRequire(createRequire(import.meta.url).resolve('pdfmake')).resolve('pdfkit');
}

/** pdfkit's document class; `T` is what the caller uses of it. */
export function pdfkitDocumentClass<T>(): T {
  return createRequire(import.meta.url)(pdfkitPath()) as T;
}
