/**
 * OFD from the command line: `build --formats ofd` for the publication and printouts (each
 * page for page the PDF's, its records attached: the publication's, or a printout's excerpt),
 * the same bytes on every build, `diff --out 更正说明.ofd`, and an OFD as input —
 * validate/convert/build read its records back exactly — with a located message and exit 2
 * for an OFD that is not one, has no records, names a file it lacks, or unpacks to gigabytes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAny } from '../../src/ingest/index.js';
import { parsePdf } from '../../src/ingest/pdf/objects.js';
import { pageLines } from '../../src/ingest/pdf/page-text.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { readOfd } from '../helpers/ofd-read-back.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-ofd-cli-'));
const out = join(dir, 'out');
const ofd = join(out, 'panyu-hrss-2025.ofd');
const printout = join(out, 'projects', '02-享受国务院特殊津贴人员医疗补贴.ofd');

beforeAll(async () => {
  const r = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', out, '--formats', 'ofd,pdf', '--project', '2', '--project', '5']);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

const texts = async (file: string) => (await readOfd(readFileSync(file))).pages.map((p) => p.texts.map((t) => t.text));
const pdfTexts = (file: string) => pageLines(parsePdf(readFileSync(file))).map((p) => p.map((l) => l.text));

describe('pubtable build --formats ofd', () => {
  it('writes the publication and each printout as OFD, page for page with the same lines as its PDF', async () => {
    for (const file of [ofd, printout, join(out, 'projects', '05-机关事业单位工作人员招考经费.ofd')]) {
      expect(await texts(file), file).toEqual(pdfTexts(file.replace(/\.ofd$/, '.pdf')));
    }
    expect((await texts(ofd)).length).toBe(9);
  });

  it('attaches to each file the records it shows: the publication, or the printout’s one project', async () => {
    const table = await readAny(readFileSync(ofd), ofd);
    expect(table.publication.units.flatMap((u) => u.projects)).toHaveLength(23);
    const one = await readAny(readFileSync(printout), printout);
    expect(one.publication.units.flatMap((u) => u.projects.map((p) => p.name))).toEqual(['享受国务院特殊津贴人员医疗补贴']);
    expect(one.publication.total.total).toBe(288n);
  });

  it('writes the same bytes on every build, and leaves an unchanged OFD alone', async () => {
    const again = join(dir, 'again');
    const r = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', again, '--formats', 'ofd', '--project', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(again, 'panyu-hrss-2025.ofd'))).toEqual(readFileSync(ofd));
    expect(readFileSync(join(again, 'projects', '02-享受国务院特殊津贴人员医疗补贴.ofd'))).toEqual(readFileSync(printout));
    const third = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', again, '--formats', 'ofd', '--project', '2']);
    expect(third.stdout + third.stderr).toContain('所有 2 个文件都是最新的，未写入任何文件');
  });
});

describe('an OFD as input', () => {
  it('validate reads its records, naming their lines as records inside the OFD', async () => {
    const r = await pubtableInProcess(['validate', ofd]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/panyu-hrss-2025\.ofd（内附记录）:\d+: 警告 INDICATOR_LEVEL_MISMATCH/);
  });

  it('convert gives what the text export gives, byte for byte; build of it gives the same OFD', async () => {
    const [fromOfd, fromText] = await Promise.all([pubtableInProcess(['convert', ofd, '--to', 'json']), pubtableInProcess(['convert', EXAMPLE_PATH, '--to', 'json'])]);
    expect(fromOfd.status, fromOfd.stderr).toBe(0);
    expect(fromOfd.stdout).toBe(fromText.stdout);
    const rebuilt = join(dir, 'rebuilt');
    const r = await pubtableInProcess(['build', ofd, '--out', rebuilt, '--formats', 'ofd']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(rebuilt, 'panyu-hrss-2025.ofd'))).toEqual(readFileSync(ofd));
  });

  it('diff --out writes the 更正说明 as OFD, holding the change', async () => {
    const changed = join(dir, 'changed.txt');
    writeFileSync(changed, readFileSync(EXAMPLE_PATH, 'utf8').replace('规范事业单位公开招聘人员工作', '规范事业单位内部招聘人员工作'));
    const target = join(dir, '更正说明.ofd');
    const r = await pubtableInProcess(['diff', EXAMPLE_PATH, changed, '--out', target]);
    expect(r.status, r.stderr).toBe(0);
    const text = (await texts(target)).flat().join('').replace(/\s+/g, '');
    expect(text).toContain('事业单位人员招聘工作经费');
    expect(text).toContain('〖公开〗');
    expect(text).toContain('〖内部〗');
  });

  async function edited(edit: (zip: JSZip) => void | Promise<void>): Promise<string> {
    const zip = await JSZip.loadAsync(readFileSync(ofd));
    await edit(zip);
    const file = join(dir, `edited-${Math.random().toString(36).slice(2)}.ofd`);
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    return file;
  }

  it.each([
    ['not a ZIP', async () => (writeFileSync(join(dir, 'junk.ofd'), '这不是 OFD'), join(dir, 'junk.ofd')), 'OFD_NOT_PUBTABLE: 这不是可读取的 OFD 文件（不是 ZIP 包），无法读出其中的记录'],
    ['no OFD.xml', () => edited((z) => void z.remove('OFD.xml')), 'OFD_NOT_PUBTABLE: 这不是可读取的 OFD 文件（缺少 OFD.xml），无法读出其中的记录'],
    [
      'no attachments',
      () => edited(async (z) => void z.file('Doc_0/Document.xml', (await z.file('Doc_0/Document.xml')!.async('string')).replace(/<ofd:Attachments>.*<\/ofd:Attachments>/, ''))),
      'OFD_NO_RECORDS: OFD 中没有内附的记录（.pubtable.json）：只有 pubtable 生成的 OFD 带有记录',
    ],
    ['the records’ file missing', () => edited((z) => void z.remove(Object.keys(z.files).find((n) => n.includes('Attachs/'))!)), 'OFD_NOT_PUBTABLE: 这不是可读取的 OFD 文件（附件“panyu-hrss-2025.pubtable.json”的文件不在包中），无法读出其中的记录'],
    ['malformed XML', () => edited((z) => void z.file('OFD.xml', '<ofd:OFD><unclosed></ofd:OFD>')), /^OFD_NOT_PUBTABLE: 这不是可读取的 OFD 文件（OFD\.xml 不是合式的 XML：/],
  ])('refuses an OFD with %s: a located message, exit 2', async (_, make, message) => {
    const file = await make();
    const r = await pubtableInProcess(['validate', file]);
    expect(r.status).toBe(2);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line.startsWith(`${file}: 错误 `)).toBe(true);
    expect(line.slice(`${file}: 错误 `.length)).toMatch(typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an OFD that unpacks to more than it declares (a ZIP bomb) before unpacking it', async () => {
    const zip = await JSZip.loadAsync(readFileSync(ofd));
    zip.file('Doc_0/Res/big.bin', Buffer.alloc(8 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const name = Buffer.from('Doc_0/Res/big.bin');
    for (let i = 0; i + 46 + name.length < bytes.length; i++) {
      if (bytes.readUInt32LE(i) === 0x02014b50 && bytes.subarray(i + 46, i + 46 + name.length).equals(name)) bytes.writeUInt32LE(1000, i + 24);
    }
    const file = join(dir, 'bomb.ofd');
    writeFileSync(file, bytes);
    const r = await pubtableInProcess(['validate', file]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`${file}: 错误 OFD_TOO_LARGE: 无法读取 OFD 文件：某个部件解压后比它声明的大，可能是损坏或恶意构造的文件`);
  });
});
