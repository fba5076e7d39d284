/**
 * OFD renderer (GB/T 33190-2016, the national fixed-layout format): the pages exactly as the
 * PDF writer's — the same page definition through the same pdfmake layout (../paged/), so the
 * same line and page breaks at the same places — written as an OFD package instead of
 * drawn by pdfkit: text as TextObjects with each character's place (./page-content.ts),
 * rules and fills as PathObjects, the fonts as subsets with their own cmap
 * (./font-subset.ts), the outline, and the layout's attachments (the records) as the
 * document's attachments (./package.ts). The bytes are reproducible: a fixed date on every
 * zip entry and a DocID hashed from the content.
 */
import { extname } from 'node:path';
import { pageDefinition } from '../paged/definition.js';
import { layOutPages } from '../paged/pages.js';
import type { Renderer } from '../renderer.js';
import { zipParts } from '../zip.js';
import { subsetFont } from './font-subset.js';
import { attachmentsFile, documentFile, entryFile, publicResFile } from './package.js';
import { OfdIds, pageContent, type OutlinePlace } from './page-content.js';

export const renderOfd: Renderer = async (doc) => {
  const definition = pageDefinition(doc, 'OFD');
  const pages = layOutPages(definition);
  const ids = new OfdIds();
  const pageIds = pages.map(() => ids.next());
  const outline: OutlinePlace[] = [];
  const parts = new Map<string, string | Uint8Array>();
  pages.forEach((page, i) => parts.set(`Doc_0/Pages/Page_${i}/Content.xml`, pageContent(page, i, ids, outline)));

  const fonts = [...ids.fonts].map(([face, use]) => {
    const file = `font_${use.id}.ttf`;
    parts.set(`Doc_0/Res/${file}`, subsetFont(face, use.codePoints));
    return { id: use.id, fontName: face.postscriptName, familyName: face.familyName, bold: use.bold, file };
  });
  parts.set('Doc_0/PublicRes.xml', publicResFile(fonts));

  const attachments = (doc.attachments ?? []).map((a) => {
    const id = ids.next();
    const bytes = new TextEncoder().encode(a.text);
    // The package's own file name: the attachment's name may hold any character; readers go by FileLoc.
    const file = `Attachs/attachment_${id}${extname(a.name)}`;
    parts.set(`Doc_0/${file}`, bytes);
    return { id, name: a.name, file, format: extname(a.name).slice(1), bytes: bytes.length, created: doc.meta.created };
  });
  if (attachments.length > 0) parts.set('Doc_0/Attachments.xml', attachmentsFile(attachments));

  parts.set('Doc_0/Document.xml', documentFile({ page: definition.page, pageIds, outline, hasAttachments: attachments.length > 0, ids }));
  parts.set('OFD.xml', entryFile(doc.meta, parts));
  const bytes = await zipParts(parts, doc.meta.created);
  return { bytes, warnings: definition.builder.warnings.items };
};
