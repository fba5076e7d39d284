/**
 * The OFD package's own files (GB/T 33190-2016 §7): the entry file OFD.xml with the
 * document's information, the document (Doc_0/Document.xml: page area, pages, outline,
 * attachments), its public resources (the fonts) and the attachment list.
 */
import { createHash } from 'node:crypto';
import type { Metadata } from '../../layout/types.js';
import { escapeXml } from '../xml-escape.js';
import { mm, OFD_NS, type OfdIds, type OutlinePlace } from './page-content.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const open = (element: string, attributes = '') => `${DECLARATION}<ofd:${element} xmlns:ofd="${OFD_NS}"${attributes}>`;

/**
 * OFD.xml. The DocID is a hash of the document's information and every other file: the same
 * document gets the same id, a changed one another.
 */
export function entryFile(meta: Metadata, parts: ReadonlyMap<string, string | Uint8Array>): string {
  const info = [
    element('Title', meta.title),
    meta.author ? element('Author', meta.author) : '',
    meta.subject ? element('Subject', meta.subject) : '',
    element('CreationDate', meta.created.toISOString().slice(0, 10)),
    element('Creator', 'pubtable'),
  ].join('');
  const hash = createHash('sha256').update(info);
  for (const name of [...parts.keys()].sort()) hash.update('\0').update(name).update('\0').update(parts.get(name)!);
  const id = element('DocID', hash.digest('hex').slice(0, 32));
  return `${open('OFD', ' Version="1.0" DocType="OFD"')}<ofd:DocBody><ofd:DocInfo>${id}${info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n`;
}

export interface DocumentFile {
  /** Points. */
  page: { width: number; height: number };
  pageIds: number[];
  outline: OutlinePlace[];
  hasAttachments: boolean;
  ids: OfdIds;
}

/** Doc_0/Document.xml; call it last, when every unit id has been given. */
export function documentFile(d: DocumentFile): string {
  const common =
    `<ofd:CommonData><ofd:MaxUnitID>${d.ids.max}</ofd:MaxUnitID>` +
    `<ofd:PageArea><ofd:PhysicalBox>0 0 ${mm(d.page.width)} ${mm(d.page.height)}</ofd:PhysicalBox></ofd:PageArea>` +
    `<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>`;
  const pages = d.pageIds.map((id, i) => `<ofd:Page ID="${id}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('');
  const outline = d.outline.length > 0 ? `<ofd:Outlines>${outlineElements(d.outline, undefined, d.pageIds)}</ofd:Outlines>` : '';
  const attachments = d.hasAttachments ? '<ofd:Attachments>Attachments.xml</ofd:Attachments>' : '';
  return `${open('Document')}${common}<ofd:Pages>${pages}</ofd:Pages>${outline}${attachments}</ofd:Document>\n`;
}

/** The entries under `parentId` (the top level for undefined), each opening its line's page at its top. */
function outlineElements(all: OutlinePlace[], parentId: string | undefined, pageIds: number[]): string {
  return all
    .filter((e) => e.parentId === parentId)
    .map((e) => {
      const children = e.id === undefined ? '' : outlineElements(all, e.id, pageIds);
      const goTo = `<ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="${pageIds[e.page]}" Left="0" Top="${mm(e.top)}"/></ofd:Goto></ofd:Action></ofd:Actions>`;
      return `<ofd:OutlineElem Title="${escapeXml(e.text)}" Expanded="${e.expanded === true}">${goTo}${children}</ofd:OutlineElem>`;
    })
    .join('');
}

/** Doc_0/PublicRes.xml: each font with its subset file under Doc_0/Res/. */
export function publicResFile(fonts: { id: number; fontName: string; familyName: string; bold: boolean; file: string }[]): string {
  const entries = fonts
    .map((f) => `<ofd:Font ID="${f.id}" FontName="${escapeXml(f.fontName)}" FamilyName="${escapeXml(f.familyName)}"${f.bold ? ' Bold="true"' : ''}><ofd:FontFile>${f.file}</ofd:FontFile></ofd:Font>`)
    .join('');
  return `${open('Res', ' BaseLoc="Res"')}<ofd:Fonts>${entries}</ofd:Fonts></ofd:Res>\n`;
}

/** Doc_0/Attachments.xml: each attachment with its name and file (`file`: under Doc_0/). */
export function attachmentsFile(files: { id: number; name: string; file: string; format: string; bytes: number; created: Date }[]): string {
  const entries = files
    .map(
      (f) =>
        `<ofd:Attachment ID="${f.id}" Name="${escapeXml(f.name)}" Format="${escapeXml(f.format)}" CreationDate="${f.created.toISOString().slice(0, 19)}" Size="${Math.round((f.bytes / 1024) * 1000) / 1000}">` +
        `<ofd:FileLoc>${escapeXml(f.file)}</ofd:FileLoc></ofd:Attachment>`,
    )
    .join('');
  return `${open('Attachments')}${entries}</ofd:Attachments>\n`;
}

function element(name: string, text: string): string {
  return `<ofd:${name}>${escapeXml(text)}</ofd:${name}>`;
}
