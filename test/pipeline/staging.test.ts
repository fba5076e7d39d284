/**
 * The staging folder and its journal, in process. The interrupt and save-kill tests kill
 * real builds; these pin what the next build may take over from a killed one — only whole
 * records of paths pubtable writes, only bytes that still hash as recorded, only files
 * really inside the staging folder — and that a commit stopped half-way says how far it got.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/pipeline/manifest.js';
import { OutputError } from '../../src/pipeline/output-error.js';
import { leftoverStaging, realFolder, removeFolders, Staging } from '../../src/pipeline/staging.js';

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'pubtable-staging-test-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const INPUTS = 'b'.repeat(64);
const PDF = new TextEncoder().encode('%PDF publication');
const PRINTOUT = new TextEncoder().encode('%PDF printout');

/** A build killed after staging two files: its folder is left with its journal. */
async function killedBuild(): Promise<Staging> {
  const s = await Staging.create(out);
  await s.write('2025.pdf', PDF, '2025', INPUTS);
  await s.write('projects/01-购置经费.pdf', PRINTOUT, '2025', INPUTS);
  return s;
}

describe('staging a build', () => {
  it('stages under final names in a private folder, moves them on commit, and leaves nothing behind', async () => {
    const s = await killedBuild();
    expect(s.dir.startsWith(join(out, '.pubtable-staging-'))).toBe(true);
    expect(readdirSync(out)).toEqual([s.dir.slice(out.length + 1)]);
    expect(readFileSync(join(s.dir, '.journal'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { path: '2025.pdf', publication: '2025', inputs: INPUTS, sha256: sha256(PDF) },
      { path: 'projects/01-购置经费.pdf', publication: '2025', inputs: INPUTS, sha256: sha256(PRINTOUT) },
    ]);
    expect(s.files.map((f) => [f.path, f.entry.size])).toEqual([['2025.pdf', PDF.length], ['projects/01-购置经费.pdf', PRINTOUT.length]]);
    const { moved, failure } = await s.commit();
    expect(failure).toBeNull();
    expect(moved.map((f) => f.path)).toEqual(['2025.pdf', 'projects/01-购置经费.pdf']);
    await s.discard();
    expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(['2025.pdf', 'projects', 'projects/01-购置经费.pdf']);
    expect(readFileSync(join(out, 'projects/01-购置经费.pdf'))).toEqual(Buffer.from(PRINTOUT));
  });

  it('a rename that fails stops the commit: the error names its file, and moved lists exactly the files now in place', async () => {
    const s = await Staging.create(out);
    const names = ['a.pdf', 'b.pdf', 'c.pdf', 'projects/01-x.pdf', 'projects/02-y.pdf'];
    for (const n of names) await s.write(n, PDF, '2025', INPUTS);
    // A folder holding a file where b.pdf goes: renaming onto it fails.
    mkdirSync(join(out, 'b.pdf'));
    writeFileSync(join(out, 'b.pdf', 'keep'), 'the user’s');
    const { moved, failure } = await s.commit();
    expect((failure as OutputError).path).toBe(join(out, 'b.pdf'));
    expect(moved.map((f) => f.path)).not.toContain('b.pdf');
    for (const n of names) expect(existsSync(join(out, n)) && statSync(join(out, n)).isFile(), n).toBe(moved.some((f) => f.path === n));
    expect(readFileSync(join(out, 'b.pdf', 'keep'), 'utf8')).toBe('the user’s');
    await s.discard();
  });

  it('with more files than renames in flight, a failure early on leaves every file either moved and listed, or staged', async () => {
    const s = await Staging.create(out);
    const names = Array.from({ length: 80 }, (_, i) => `projects/${String(i).padStart(2, '0')}-x.pdf`);
    for (const n of names) await s.write(n, PDF, '2025', INPUTS);
    mkdirSync(join(out, 'projects', '00-x.pdf'), { recursive: true });
    writeFileSync(join(out, 'projects', '00-x.pdf', 'keep'), 'the user’s');
    const { moved, failure } = await s.commit();
    expect((failure as OutputError).path).toBe(join(out, 'projects', '00-x.pdf'));
    const listed = new Set(moved.map((f) => f.path));
    for (const n of names.slice(1)) expect(existsSync(join(out, n)), n).toBe(listed.has(n));
    expect(listed.has('projects/00-x.pdf')).toBe(false);
    await s.discard();
  });

  it('a commit stopped by a file where a folder goes names it and moves nothing (folders are checked first)', async () => {
    const s = await killedBuild();
    writeFileSync(join(out, 'projects'), 'a file of the user');
    const { moved, failure } = await s.commit();
    expect(moved).toEqual([]);
    expect(existsSync(join(out, '2025.pdf'))).toBe(false);
    expect(failure).toBeInstanceOf(OutputError);
    expect((failure as OutputError).code).toBe('OUTPUT_NOT_A_FOLDER');
    expect((failure as OutputError).path).toBe(join(out, 'projects'));
    expect(readFileSync(join(out, 'projects'), 'utf8')).toBe('a file of the user');
    await s.discard();
  });
});

describe('what a killed build left', () => {
  it('its staged files, with their recorded hashes and their present size and time', async () => {
    const s = await killedBuild();
    const found = await leftoverStaging(out);
    expect(found.dirs).toEqual([s.dir]);
    expect([...found.staged.keys()]).toEqual(['2025.pdf', 'projects/01-购置经费.pdf']);
    const pdf = found.staged.get('2025.pdf')!;
    const st = statSync(join(s.dir, '2025.pdf'));
    expect(pdf).toEqual({ file: join(s.dir, '2025.pdf'), entry: { publication: '2025', inputs: INPUTS, sha256: sha256(PDF), size: st.size, mtimeMs: st.mtimeMs } });
    expect(found.placed.size).toBe(0);
    await removeFolders(found.dirs);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a file already moved into place is the killed build’s only if its bytes are the ones recorded', async () => {
    const s = await killedBuild();
    renameSync(join(s.dir, '2025.pdf'), join(out, '2025.pdf'));
    renameSync(join(s.dir, 'projects/01-购置经费.pdf'), join(out, '01.pdf'));
    mkdirSync(join(out, 'projects'));
    writeFileSync(join(out, 'projects/01-购置经费.pdf'), 'changed by someone');
    const found = await leftoverStaging(out);
    expect(found.staged.size).toBe(0);
    const st = statSync(join(out, '2025.pdf'));
    expect(Object.fromEntries(found.placed)).toEqual({ '2025.pdf': { publication: '2025', inputs: INPUTS, sha256: sha256(PDF), size: st.size, mtimeMs: st.mtimeMs } });
  });

  it('ignores torn, malformed and foreign records, and folders that are not staging folders', async () => {
    const s = await Staging.create(out);
    await s.write('2025.pdf', PDF, '2025', INPUTS);
    writeFileSync(join(s.dir, 'x.pdf'), PDF);
    writeFileSync(join(s.dir, '2024.pdf'), PDF);
    const record = (o: object) => appendFileSync(join(s.dir, '.journal'), JSON.stringify(o) + '\n');
    const good = { publication: '2025', inputs: INPUTS, sha256: sha256(PDF) };
    record({ ...good, path: '../x.pdf' });
    record({ ...good, path: '2024.pdf' }); // another publication's name
    record({ ...good, path: 'x.pdf', inputs: 'B'.repeat(64) });
    record({ ...good, path: 'x.pdf', sha256: 'b'.repeat(63) });
    record({ ...good, path: 'x.pdf', publication: 1 });
    appendFileSync(join(s.dir, '.journal'), 'null\n[]\n{"path":"x.pdf","publ');
    mkdirSync(join(out, '.pubtable-staging-abc'));
    mkdirSync(join(out, '.pubtable-staging-abcdefg'));
    mkdirSync(join(out, 'x.pubtable-staging-abcdef'));
    const found = await leftoverStaging(out);
    expect(found.dirs).toEqual([s.dir]);
    expect([...found.staged.keys()]).toEqual(['2025.pdf']);
  });

  it('never takes a file through a link in place of the staging folder’s projects/', async () => {
    const s = await killedBuild();
    const elsewhere = mkdtempSync(join(tmpdir(), 'pubtable-elsewhere-'));
    renameSync(join(s.dir, 'projects'), join(elsewhere, 'projects'));
    symlinkSync(join(elsewhere, 'projects'), join(s.dir, 'projects'));
    const found = await leftoverStaging(out);
    expect([...found.staged.keys()]).toEqual(['2025.pdf']);
    rmSync(elsewhere, { recursive: true });
  });

  it('a new build adopts a staged file: moved into its own folder, recorded, committed', async () => {
    await killedBuild();
    const found = await leftoverStaging(out);
    const next = await Staging.create(out);
    const { file, entry } = found.staged.get('projects/01-购置经费.pdf')!;
    await next.adopt(file, 'projects/01-购置经费.pdf', entry);
    expect(readFileSync(join(next.dir, '.journal'), 'utf8')).toBe(
      JSON.stringify({ path: 'projects/01-购置经费.pdf', publication: '2025', inputs: INPUTS, sha256: sha256(PRINTOUT) }) + '\n',
    );
    await removeFolders(found.dirs);
    expect((await next.commit()).failure).toBeNull();
    await next.discard();
    expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual(['projects', 'projects/01-购置经费.pdf']);
  });
});

describe('a real folder', () => {
  it('is made when asked, and a link or a file in its place is refused by name', async () => {
    const dir = join(out, 'projects');
    await realFolder(dir);
    expect(readdirSync(out)).toEqual([]);
    await realFolder(dir, true);
    expect(statSync(dir).isDirectory()).toBe(true);
    await realFolder(dir, true);

    const link = join(out, 'link');
    symlinkSync(dir, link);
    await expect(realFolder(link, true)).rejects.toMatchObject({ code: 'OUTPUT_SYMLINK', path: link });
    const file = join(out, 'file');
    writeFileSync(file, '');
    await expect(realFolder(file)).rejects.toMatchObject({ code: 'OUTPUT_NOT_A_FOLDER', path: file, message: '这里应是一个目录，却是一个文件' });
  });
});
