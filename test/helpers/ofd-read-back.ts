/**
 * An OFD package read back as a reader would: unzipped, every XML file parsed (saxes, which
 * refuses anything not well-formed), the entry file followed to the document, its pages,
 * fonts, outline and attachments, every location (ST_Loc) resolved against the file that
 * names it. Throws when a referenced file is missing.
 */
import { posix } from 'node:path';
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';

export interface XmlNode {
  /** Qualified name as written (`ofd:Page`). */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export interface OfdText {
  text: string;
  font: string;
  /** Millimetres: the object's boundary, and the first character's baseline point in it. */
  boundary: number[];
  x: number;
  y: number;
  size: number;
  weight: string | undefined;
  /** Each character's advance, expanded from `g N v` runs (one fewer than the characters). */
  deltaX: number[];
}

export interface OfdPackage {
  files: Map<string, Uint8Array>;
  xml: Map<string, XmlNode>;
  documentPath: string;
  document: XmlNode;
  /** Millimetres. */
  pageBox: number[];
  pages: { id: string; path: string; texts: OfdText[]; paths: XmlNode[] }[];
  fonts: { id: string; fontName: string; familyName: string; bold: boolean; path: string }[];
  outline: { title: string; pageIndex: number; top: number; expanded: string | undefined; children: OfdPackage['outline'] }[];
  attachments: { name: string; format: string; path: string; text: string }[];
  /** Every ID attribute in the package, with the file it is in. */
  ids: { id: string; file: string }[];
}

export function parseXml(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on('opentag', (t) => {
    const node: XmlNode = { name: t.name, attributes: t.attributes as Record<string, string>, children: [], text: '' };
    if (stack.length > 0) stack.at(-1)!.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length > 0) stack.at(-1)!.text += t;
  });
  parser.on('closetag', () => stack.pop());
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return root;
}

export const child = (n: XmlNode, name: string): XmlNode | undefined => n.children.find((c) => c.name === name);
export const all = (n: XmlNode, name: string): XmlNode[] => [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))];

const numbers = (s: string | undefined) => (s ?? '').trim().split(/\s+/).filter(Boolean).map(Number);

/** DeltaX as GB/T 33190 writes it: numbers, and `g N v` for N times v. */
export function expandDeltaX(s: string | undefined): number[] {
  const tokens = (s ?? '').trim().split(/\s+/).filter(Boolean);
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'g') {
      out.push(...Array<number>(Number(tokens[i + 1])).fill(Number(tokens[i + 2])));
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out;
}

export async function readOfd(bytes: Uint8Array): Promise<OfdPackage> {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Uint8Array>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) files.set(name, await f.async('uint8array'));
  const xml = new Map<string, XmlNode>();
  const ids: OfdPackage['ids'] = [];
  const load = (path: string): XmlNode => {
    const bytesOf = files.get(path);
    if (!bytesOf) throw new Error(`missing ${path}`);
    const node = parseXml(new TextDecoder().decode(bytesOf));
    xml.set(path, node);
    for (const n of walk(node)) if (n.attributes.ID !== undefined) ids.push({ id: n.attributes.ID, file: path });
    return node;
  };
  const resolve = (from: string, loc: string) => (loc.startsWith('/') ? loc.slice(1) : posix.join(posix.dirname(from), loc));

  const entry = load('OFD.xml');
  const documentPath = resolve('OFD.xml', all(entry, 'ofd:DocRoot')[0]!.text);
  const document = load(documentPath);
  const common = child(document, 'ofd:CommonData')!;
  const pageBox = numbers(all(common, 'ofd:PhysicalBox')[0]?.text);

  const resPath = resolve(documentPath, child(common, 'ofd:PublicRes')!.text);
  const res = load(resPath);
  const base = res.attributes.BaseLoc ? resolve(resPath, res.attributes.BaseLoc) + '/' : posix.dirname(resPath) + '/';
  const fonts = all(res, 'ofd:Font').map((f) => {
    const path = posix.join(base, child(f, 'ofd:FontFile')!.text);
    if (!files.has(path)) throw new Error(`missing font file ${path}`);
    return { id: f.attributes.ID!, fontName: f.attributes.FontName!, familyName: f.attributes.FamilyName!, bold: f.attributes.Bold === 'true', path };
  });

  const pageNodes = all(child(document, 'ofd:Pages')!, 'ofd:Page');
  const pages = pageNodes.map((p) => {
    const path = resolve(documentPath, p.attributes.BaseLoc!);
    const content = load(path);
    const texts = all(content, 'ofd:TextObject').map((t): OfdText => {
      const code = child(t, 'ofd:TextCode')!;
      return {
        text: code.text,
        font: t.attributes.Font!,
        boundary: numbers(t.attributes.Boundary),
        x: Number(code.attributes.X),
        y: Number(code.attributes.Y),
        size: Number(t.attributes.Size),
        weight: t.attributes.Weight,
        deltaX: expandDeltaX(code.attributes.DeltaX),
      };
    });
    return { id: p.attributes.ID!, path, texts, paths: all(content, 'ofd:PathObject') };
  });

  const pageIndex = new Map(pages.map((p, i) => [p.id, i]));
  const outlineOf = (n: XmlNode): OfdPackage['outline'] =>
    n.children
      .filter((c) => c.name === 'ofd:OutlineElem')
      .map((e) => {
        const dest = all(e, 'ofd:Dest')[0]!;
        return { title: e.attributes.Title!, pageIndex: pageIndex.get(dest.attributes.PageID!) ?? -1, top: Number(dest.attributes.Top), expanded: e.attributes.Expanded, children: outlineOf(e) };
      });
  const outlines = child(document, 'ofd:Outlines');

  const attachmentsLoc = child(document, 'ofd:Attachments');
  const attachments: OfdPackage['attachments'] = [];
  if (attachmentsLoc) {
    const listPath = resolve(documentPath, attachmentsLoc.text);
    for (const a of all(load(listPath), 'ofd:Attachment')) {
      const path = resolve(listPath, child(a, 'ofd:FileLoc')!.text);
      const data = files.get(path);
      if (!data) throw new Error(`missing attachment ${path}`);
      attachments.push({ name: a.attributes.Name!, format: a.attributes.Format!, path, text: new TextDecoder().decode(data) });
    }
  }
  return { files, xml, documentPath, document, pageBox, pages, fonts, outline: outlines ? outlineOf(outlines) : [], attachments, ids };
}

function walk(n: XmlNode): XmlNode[] {
  return [n, ...n.children.flatMap(walk)];
}
