/**
 * pdfkit's output gathered as text and turned into bytes in large pieces.
 *
 * pdfkit makes a Buffer of every line it writes: each drawing operator into a page's
 * content stream, each line of each object into the file. A large table is millions of
 * them, each a small allocation for the garbage collector, and copied again when they are
 * joined. This keeps the lines as strings and makes one Buffer of many (a content stream's
 * text when the stream ends or bytes come between; the file's every 64 KB), with the same
 * bytes (latin1, a line feed after each line, as pdfkit writes them) and the same lengths
 * and offsets counted as pdfkit counts them. About a sixth less CPU for a 1,000-project PDF.
 */
import { pdfkitDocumentClass } from '../paged/pdfkit.js';

/** A PDF object with a stream (pdfkit's PDFReference): the fields its `write` keeps. */
interface StreamObject {
  buffer: Uint8Array[];
  uncompressedLength: number;
  compress: boolean;
  data: { Length?: number; Filter?: string };
  write(chunk: unknown): void;
  finalize(): void;
  [PENDING]?: string[];
}

/** pdfkit's document: the file's bytes go out through `_write`, as a readable stream's `push`. */
interface FileDocument {
  _offset: number;
  _write(data: unknown): void;
  push(chunk: Uint8Array | null): boolean;
  ref(): StreamObject;
  [PENDING]?: { lines: string[]; length: number };
}

const PENDING = Symbol('pending lines');
/** Characters (latin1: bytes) of the file gathered before they are pushed out. */
const FILE_PIECE = 64 * 1024;

let installed = false;
let enabled = true;
/** Buffers made of gathered lines: for the test that checks batching is in use. */
export const batchStats = { pieces: 0 };

/** Turns batching off (pdfkit writes a Buffer per line): for tests that compare the two. */
export function setBatchedWrites(on: boolean): void {
  enabled = on;
}

/** Patches pdfkit's document and stream objects (once per process). */
export function installBatchedWrites(): void {
  if (installed) return;
  installed = true;
  const PDFDocument = pdfkitDocumentClass<{ new (options: object): FileDocument; prototype: FileDocument }>();
  const objectProto = Object.getPrototypeOf(new PDFDocument({ autoFirstPage: false }).ref()) as StreamObject;
  batchStreams(objectProto);
  batchFile(PDFDocument.prototype);
}

function batchStreams(proto: StreamObject): void {
  const { write, finalize } = proto;
  if (typeof write !== 'function' || typeof finalize !== 'function') return;
  proto.write = function (this: StreamObject, chunk: unknown): void {
    if (!enabled || chunk instanceof Uint8Array) {
      flushStream(this);
      return write.call(this, chunk);
    }
    // pdfkit's write, but the line kept as text: one latin1 byte per UTF-16 unit.
    const line = (chunk as string) + '\n';
    (this[PENDING] ??= []).push(line);
    this.uncompressedLength += line.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += line.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function (this: StreamObject): void {
    flushStream(this);
    finalize.call(this);
  };
}

function flushStream(object: StreamObject): void {
  const lines = object[PENDING];
  if (lines === undefined || lines.length === 0) return;
  object.buffer.push(Buffer.from(lines.join(''), 'latin1'));
  object[PENDING] = [];
  batchStats.pieces++;
}

function batchFile(proto: FileDocument): void {
  const { _write: write, push } = proto;
  if (typeof write !== 'function' || typeof push !== 'function') return;
  proto._write = function (this: FileDocument, data: unknown): void {
    if (!enabled || Buffer.isBuffer(data)) {
      flushFile(this, push);
      return write.call(this, data);
    }
    const line = (data as string) + '\n';
    const pending = (this[PENDING] ??= { lines: [], length: 0 });
    pending.lines.push(line);
    pending.length += line.length;
    // Offsets (the cross-reference table's) count the bytes as written, gathered or not.
    this._offset += line.length;
    if (pending.length >= FILE_PIECE) flushFile(this, push);
  };
  // The end of the file (push(null)) comes after its last lines.
  proto.push = function (this: FileDocument, chunk: Uint8Array | null): boolean {
    if (chunk === null) flushFile(this, push);
    return push.call(this, chunk);
  };
}

function flushFile(doc: FileDocument, push: FileDocument['push']): void {
  const pending = doc[PENDING];
  if (pending === undefined || pending.lines.length === 0) return;
  push.call(doc, Buffer.from(pending.lines.join(''), 'latin1'));
  doc[PENDING] = { lines: [], length: 0 };
  batchStats.pieces++;
}
