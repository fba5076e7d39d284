/**
 * Zips Office documents (.xlsx, .docx) byte-reproducibly: one fixed date on every entry,
 * a fixed entry order and fixed compression, so the same input gives the same bytes. The
 * Office libraries stamp every zip entry with the current time.
 *
 * - `zipParts`: a package's parts (XML as text) → the archive. For a library that can
 *   hand over its parts unzipped: each part is compressed once, here.
 * - `normalizeZip`: an archive a library zipped itself → the same archive, repacked. It
 *   reads much faster when the library stored its entries uncompressed.
 *
 * Either can rewrite text entries the library offers no option for.
 */
import JSZip from 'jszip';

/** Zip (DOS) timestamps cannot express anything before 1980. */
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/** OOXML readers conventionally expect the content-type map first; the rest go by name. */
const FIRST = '[Content_Types].xml';

/** Rewrites of text (UTF-8 XML) entries, by entry name. */
export type ZipEdits = Readonly<Record<string, (text: string) => string>>;

/** A package's parts by path: text (written as UTF-8) or bytes. */
export type ZipParts = ReadonlyMap<string, string | Uint8Array>;

export async function zipParts(parts: ZipParts, date: Date, edits: ZipEdits = {}): Promise<Uint8Array> {
  const stamp = new Date(Math.max(date.getTime(), DOS_EPOCH));
  // Code-unit order, not localeCompare: the same on every machine and locale.
  const names = [...parts.keys()].sort((a, b) => (a === FIRST ? -1 : b === FIRST ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const target = new JSZip();
  for (const name of names) {
    let data = parts.get(name)!;
    const edit = Object.hasOwn(edits, name) ? edits[name] : undefined;
    if (edit) data = edit(typeof data === 'string' ? data : new TextDecoder('utf-8', { ignoreBOM: true }).decode(data));
    // Text is zipped as its UTF-8 bytes: the same archive as from those bytes.
    // No folder entries: they would carry no date of ours and readers do not need them.
    target.file(name, data, { date: stamp, createFolders: false });
  }
  return target.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
    platform: 'DOS',
  });
}

export async function normalizeZip(bytes: Uint8Array, date: Date, edits: ZipEdits = {}): Promise<Uint8Array> {
  return zipParts(await unzipParts(bytes), date, edits);
}

/** The files of an archive by path (folders left out), as bytes. */
export async function unzipParts(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const source = await JSZip.loadAsync(bytes);
  const parts = new Map<string, Uint8Array>();
  for (const [name, file] of Object.entries(source.files)) {
    if (!file.dir) parts.set(name, await file.async('uint8array'));
  }
  return parts;
}
