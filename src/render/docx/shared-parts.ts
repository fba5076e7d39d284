/**
 * The parts of a Word package that docx makes from the document's options alone, formatted
 * once per process and options, not once per document.
 *
 * docx formats every part of a package for every document it packs. The styles, theme,
 * settings, numbering, notes, comments, font table and app properties come from the options
 * the renderer passes besides the sections and the metadata, so they are the same in every
 * printout of a build; formatting them was over a third of a printout's DOCX (≈ 1.4–2.1
 * of 4–5 ms of CPU). Here docx's part formatter (Packer's compiler, not public API: ./index.ts) keeps
 * what it formats for those parts, by the key the renderer gives for its options, and docx
 * writes the kept object again: the bytes are docx's.
 *
 * Numbering, notes and comments would also change with a paragraph that uses them; the DOCX
 * writer writes none (its test compares documents packed with and without sharing).
 */
import { Packer } from 'docx';

/** What docx's formatter is handed with each part: the document being packed. */
interface FormatContext {
  file: Record<string, unknown>;
  stack: unknown[];
}

interface Formatter {
  format(input: object, context: FormatContext): unknown;
}

/** The shared parts: the document's own (docx's File getters), or its wrapper's View. */
const PARTS: readonly ((file: Record<string, unknown>) => unknown)[] = [
  (f) => f.Styles,
  (f) => f.Theme,
  (f) => f.Settings,
  (f) => f.Numbering,
  (f) => f.Comments,
  (f) => f.AppProperties,
  (f) => f.CustomProperties,
  (f) => view(f.FootNotes),
  (f) => view(f.Endnotes),
  (f) => view(f.FontTable),
];

const view = (wrapper: unknown) => (wrapper as { View?: unknown } | undefined)?.View;

/** Formatted parts by options key and part; the oldest options dropped beyond this bound. */
const kept = new Map<string, Map<number, unknown>>();
const KEYS = 64;

let installed = false;
let enabled = true;
/** The options key of the document docx is packing now (packing is synchronous). */
let current: string | null = null;
/** Parts formatted and parts reused: for the test that checks sharing happens. */
export const partStats = { formatted: 0, reused: 0 };

/** Turns sharing off (docx formats every part): for tests that compare the two. */
export function setSharedParts(on: boolean): void {
  enabled = on;
}

/**
 * Runs `pack` (docx's compile of one document) with the parts that depend only on `key`
 * formatted once per key: `key` must say everything, besides sections and metadata, that
 * the document's options hold.
 */
export function withSharedParts<T>(key: string, pack: () => T): T {
  install();
  current = enabled ? key : null;
  try {
    return pack();
  } finally {
    current = null;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const formatter = (Packer as unknown as { compiler?: { formatter?: Formatter } }).compiler?.formatter;
  if (typeof formatter?.format !== 'function') return;
  const format = formatter.format.bind(formatter);
  formatter.format = (input, context) => {
    // Only a part itself (an empty stack), not a component inside one.
    const part = current === null || context.stack.length > 0 ? -1 : PARTS.findIndex((get) => get(context.file) === input);
    if (part < 0) return format(input, context);
    let parts = kept.get(current!);
    if (!parts) {
      if (kept.size >= KEYS) kept.delete(kept.keys().next().value!);
      parts = new Map();
      kept.set(current!, parts);
    }
    if (parts.has(part)) {
      partStats.reused++;
      return parts.get(part);
    }
    const formatted = format(input, context);
    parts.set(part, formatted);
    partStats.formatted++;
    return formatted;
  };
}
