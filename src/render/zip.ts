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
 *
 * Every part is compressed here, by jszip's own deflate with jszip's settings, and handed to
 * jszip as already compressed, which it stores as it is: the archive is the one jszip would
 * write. What that buys: a part seen before (styles, theme, settings… the same in every
 * document of a build) is compressed once per process, not once per document; on a
 * printout most of a package's parts are such parts, and starting a deflate costs more than
 * compressing them.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import JSZip from 'jszip';

/** jszip's internals: its deflate (pako, as jszip resolves it), checksum and compressed-part record. */
const fromJszip = createRequire(createRequire(import.meta.url).resolve('jszip'));
const pako = fromJszip('pako') as { deflateRaw(data: Uint8Array, options: { level: number }): Uint8Array };
const crc32 = fromJszip('./crc32') as (data: Uint8Array) => number;
const DEFLATE = (fromJszip('./compressions') as { DEFLATE: unknown }).DEFLATE;
/** jszip's record of a part already compressed (lib/compressedObject.js). */
type CompressedObject = object;
const CompressedObject = fromJszip('./compressedObject') as new (
  compressedSize: number,
  uncompressedSize: number,
  crc32: number,
  compression: unknown,
  data: Uint8Array,
) => CompressedObject;

/** The level every part is compressed at. */
const LEVEL = 6;

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
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    // jszip takes its own compressed record where its types say only bytes.
    target.file(name, bytes.length > 0 ? (compressed(bytes) as Uint8Array) : bytes, { date: stamp, createFolders: false });
  }
  return target.generateAsync({
    type: 'uint8array',
    compression: 'DEFLATE',
    compressionOptions: { level: LEVEL },
    platform: 'DOS',
  });
}

/** Compressed parts by their content's hash, the oldest dropped first beyond these bounds. */
const cache = new Map<string, { crc: number; deflated: Uint8Array; size: number }>();
const CACHE_PARTS = 256;
const CACHE_PART_BYTES = 256 * 1024;

/** `bytes` deflated as jszip deflates a part (raw, at LEVEL), as a record jszip stores as it is. */
function compressed(bytes: Uint8Array): CompressedObject {
  const key = bytes.length <= CACHE_PART_BYTES ? createHash('sha256').update(bytes).digest('base64') : null;
  let part = key === null ? undefined : cache.get(key);
  if (!part) {
    part = { crc: crc32(bytes), deflated: pako.deflateRaw(bytes, { level: LEVEL }), size: bytes.length };
    if (key !== null) {
      if (cache.size >= CACHE_PARTS) cache.delete(cache.keys().next().value!);
      cache.set(key, part);
    }
  }
  return new CompressedObject(part.deflated.length, part.size, part.crc, DEFLATE, part.deflated);
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
