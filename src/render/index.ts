/**
 * The output formats and their renderers, loaded on first use so that a build asking for
 * one format does not pay for loading the others' libraries.
 */
import type { Renderer } from '../layout/types.js';

export const FORMATS = ['pdf', 'docx', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export async function rendererFor(format: Format): Promise<Renderer> {
  switch (format) {
    case 'pdf':
      return (await import('./pdf/index.js')).renderPdf;
    case 'docx':
      return (await import('./docx/index.js')).renderDocx;
    case 'xlsx':
      return (await import('./xlsx/index.js')).renderXlsx;
  }
}
