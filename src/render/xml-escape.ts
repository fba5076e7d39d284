/**
 * Text for the XML parts writers assemble themselves (DOCX, OFD): markup characters as
 * entities, and the control characters XML 1.0 cannot hold dropped (the layout tree's text
 * has none: the readers refuse them; this keeps a stray one from making a file unreadable).
 */
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => XML_ESCAPES[c] ?? '');
}
