/**
 * The reproducible zip of the Office writers (src/render/zip.ts) compresses each part itself
 * and keeps what it compressed for parts seen again: the archive must still be, byte for byte,
 * the one jszip writes from the same parts, whether a part is new, seen before, too large to
 * keep, empty, bytes or text with characters beyond ASCII.
 */
import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { zipParts } from '../../src/render/zip.js';

const DATE = new Date('2025-01-01T00:00:00Z');

/** The archive jszip writes itself from `parts`, in zipParts' order and settings. */
async function byJszip(parts: Map<string, string | Uint8Array>, names: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const name of names) zip.file(name, parts.get(name)!, { date: DATE, createFolders: false });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('zipParts', () => {
  const styles = '<?xml version="1.0"?><styles>' + '<style name="正文" size="12"/>'.repeat(200) + '</styles>';
  const big = 'x'.repeat(10) + Array.from({ length: 40_000 }, (_, i) => `<row r="${i}">第${i}行</row>`).join('');
  const parts = (document: string) =>
    new Map<string, string | Uint8Array>([
      ['[Content_Types].xml', '<Types/>'],
      ['word/document.xml', document],
      ['word/styles.xml', styles],
      ['word/media/图片.bin', new Uint8Array(randomBytes(5000))],
      ['word/big.xml', big],
      ['word/empty.xml', ''],
      ['docProps/core.xml', new Uint8Array(0)],
    ]);
  const order = ['[Content_Types].xml', 'docProps/core.xml', 'word/big.xml', 'word/document.xml', 'word/empty.xml', 'word/media/图片.bin', 'word/styles.xml'];

  it('writes the archive jszip writes, for new parts and for parts it has compressed before', async () => {
    for (const document of ['<doc>一</doc>', '<doc>二，另一份文件</doc>', '<doc>一</doc>']) {
      const p = parts(document);
      expect(same(await zipParts(p, DATE), await byJszip(p, order)), document).toBe(true);
    }
  });

  it('a part seen before is not mistaken for another of the same length', async () => {
    const a = await JSZip.loadAsync(await zipParts(new Map([['a.xml', '<a>甲</a>']]), DATE));
    const b = await JSZip.loadAsync(await zipParts(new Map([['a.xml', '<a>乙</a>']]), DATE));
    expect(await a.file('a.xml')!.async('string')).toBe('<a>甲</a>');
    expect(await b.file('a.xml')!.async('string')).toBe('<a>乙</a>');
  });

  it('edits apply to the text before it is compressed', async () => {
    const p = parts('<doc/>');
    const edited = await JSZip.loadAsync(await zipParts(p, DATE, { 'word/styles.xml': (t) => t.replace('正文', '标题') }));
    expect(await edited.file('word/styles.xml')!.async('string')).toBe(styles.replace('正文', '标题'));
  });
});
