/**
 * Makes a zip-based document (.xlsx, .docx) byte-reproducible. The Office libraries stamp
 * every zip entry with the current time; this repacks the archive with one fixed date,
 * a fixed entry order and fixed compression, so the same input gives the same bytes.
 * While repacking, it can rewrite text entries the library offers no option for.
 */
import JSZip from 'jszip';

/** Zip (DOS) timestamps cannot express anything before 1980. */
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/** OOXML readers conventionally expect the content-type map first; the rest go by name. */
const FIRST = '[Content_Types].xml';

/** Rewrites of text (UTF-8 XML) entries, by entry name. */
export type ZipEdits = Readonly<Record<string, (text: string) => string>>;

export async function normalizeZip(bytes: Uint8Array, date: Date, edits: ZipEdits = {}): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(bytes);
  const stamp = new Date(Math.max(date.getTime(), DOS_EPOCH));
  const names = Object.keys(source.files)
    .filter((name) => !source.files[name]?.dir)
    // Code-unit order, not localeCompare: the same on every machine and locale.
    .sort((a, b) => (a === FIRST ? -1 : b === FIRST ? 1 : a < b ? -1 : a > b ? 1 : 0));

  const target = new JSZip();
  for (const name of names) {
    const file = source.files[name]!;
    const edit = Object.hasOwn(edits, name) ? edits[name] : undefined;
    const data = edit ? edit(await file.async('string')) : await file.async('uint8array');
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
