/**
 * A font file an OFD can carry: the glyphs a document uses, as a standalone TrueType font.
 *
 * An OFD names its text by characters (TextCode), so a reader finds each glyph through the
 * font's own cmap — unlike a PDF, which addresses glyphs by id and needs none. fontkit's
 * subsetter writes only the tables a PDF needs (head, hhea, loca, maxp, cvt, prep, glyf,
 * hmtx, fpgm); this adds the four a standalone font must have: a cmap for the characters
 * kept, and the face's name, OS/2 and post (glyph names dropped: version 3) tables.
 */
import type { FontkitFace } from '../paged/pages.js';

/** The part of a fontkit face (the one pdfkit opened) this file uses. */
type SubsettableFace = Pick<FontkitFace, 'glyphForCodePoint' | 'createSubset' | 'directory' | 'stream'>;

/** The face with only the glyphs of `codePoints` (and what composite glyphs need), with a cmap for them. */
export function subsetFont(face: SubsettableFace, codePoints: Iterable<number>): Uint8Array {
  const subset = face.createSubset();
  const map = new Map<number, number>();
  // Ascending code points: runs of characters get runs of glyph ids (fewer cmap segments).
  for (const cp of [...new Set(codePoints)].sort((a, b) => a - b)) {
    const id = face.glyphForCodePoint(cp).id;
    if (id !== 0) map.set(cp, subset.includeGlyph(id));
  }
  const tables = readTables(subset.encode());
  tables.set('cmap', cmapTable(map));
  for (const tag of ['name', 'OS/2']) {
    const raw = originalTable(face, tag);
    if (raw) tables.set(tag, raw);
  }
  const post = originalTable(face, 'post');
  if (post && post.length >= 32) {
    const v3 = post.slice(0, 32);
    new DataView(v3.buffer, v3.byteOffset).setUint32(0, 0x00030000);
    tables.set('post', v3);
  }
  return writeFont(tables);
}

function originalTable(face: SubsettableFace, tag: string): Uint8Array | undefined {
  const entry = face.directory.tables[tag];
  return entry ? face.stream.buffer.slice(entry.offset, entry.offset + entry.length) : undefined;
}

/** The tables of an sfnt file by tag. */
function readTables(font: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0, n = view.getUint16(4); i < n; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(...font.subarray(at, at + 4));
    tables.set(tag, font.slice(view.getUint32(at + 8), view.getUint32(at + 8) + view.getUint32(at + 12)));
  }
  return tables;
}

/** cmap: format 4 for the BMP (platform 3, encoding 1), plus format 12 (3, 10) when a character lies beyond it. */
function cmapTable(map: Map<number, number>): Uint8Array {
  const pairs = [...map].sort((a, b) => a[0] - b[0]);
  const subtables = [{ encoding: 1, bytes: format4(pairs.filter(([cp]) => cp <= 0xffff)) }];
  if (pairs.some(([cp]) => cp > 0xffff)) subtables.push({ encoding: 10, bytes: format12(pairs) });
  const header = new Bytes(4 + 8 * subtables.length);
  header.u16(0).u16(subtables.length);
  let offset = header.length;
  for (const s of subtables) {
    header.u16(3).u16(s.encoding).u32(offset);
    offset += s.bytes.length;
  }
  return concat([header.bytes, ...subtables.map((s) => s.bytes)]);
}

/** Runs of consecutive characters with consecutive glyphs, as [first char, last char, first glyph]. */
function runs(pairs: [number, number][]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const [cp, gid] of pairs) {
    const last = out.at(-1);
    if (last && cp === last[1] + 1 && gid === last[2] + (cp - last[0])) last[1] = cp;
    else out.push([cp, cp, gid]);
  }
  return out;
}

function format4(pairs: [number, number][]): Uint8Array {
  const segments = [...runs(pairs), [0xffff, 0xffff, 0] as [number, number, number]];
  const n = segments.length;
  const b = new Bytes(16 + 8 * n);
  const search = 2 * 2 ** Math.floor(Math.log2(n));
  b.u16(4).u16(b.length).u16(0).u16(2 * n).u16(search).u16(Math.log2(search / 2)).u16(2 * n - search);
  for (const [, end] of segments) b.u16(end);
  b.u16(0);
  for (const [start] of segments) b.u16(start);
  // idDelta maps a run's characters onto its glyphs (modulo 65536); the last segment maps 0xFFFF to glyph 0.
  for (const [start, , gid] of segments) b.u16(start === 0xffff ? 1 : (gid - start + 0x10000) % 0x10000);
  for (let i = 0; i < n; i++) b.u16(0);
  return b.bytes;
}

function format12(pairs: [number, number][]): Uint8Array {
  const groups = runs(pairs);
  const b = new Bytes(16 + 12 * groups.length);
  b.u16(12).u16(0).u32(b.length).u32(0).u32(groups.length);
  for (const [start, end, gid] of groups) b.u32(start).u32(end).u32(gid);
  return b.bytes;
}

/** An sfnt file of the tables, in tag order, with checksums and head's checkSumAdjustment. */
function writeFont(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const search = 16 * 2 ** Math.floor(Math.log2(n));
  const header = new Bytes(12 + 16 * n);
  header.u32(0x00010000).u16(n).u16(search).u16(Math.log2(search / 16)).u16(16 * n - search);
  const parts: Uint8Array[] = [];
  let offset = header.length;
  for (const tag of tags) {
    const data = tables.get(tag)!;
    if (tag === 'head') new DataView(data.buffer, data.byteOffset).setUint32(8, 0);
    header.tag(tag).u32(checksum(data)).u32(offset).u32(data.length);
    const padded = new Uint8Array((data.length + 3) & ~3);
    padded.set(data);
    parts.push(padded);
    offset += padded.length;
  }
  const font = concat([header.bytes, ...parts]);
  const head = tags.indexOf('head');
  if (head >= 0) {
    const at = new DataView(header.bytes.buffer).getUint32(12 + 16 * head + 8);
    new DataView(font.buffer).setUint32(at + 8, (0xb1b0afba - checksum(font)) >>> 0);
  }
  return font;
}

function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum = (sum + (((data[i]! << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0)) >>> 0)) >>> 0;
  }
  return sum;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A big-endian writer of a fixed-size buffer. */
class Bytes {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;
  constructor(readonly length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v >>> 0);
    this.at += 4;
    return this;
  }
  tag(t: string): this {
    for (let i = 0; i < 4; i++) this.bytes[this.at + i] = t.charCodeAt(i);
    this.at += 4;
    return this;
  }
}
