/**
 * What a folder holds, for the output-folder tests: every entry under it, never following
 * a link, as `file <sha256>`, `link → <target>` or `dir`. Two trees are equal when the
 * same names hold the same bytes; a test compares out/ and the folders beside it before
 * and after a build to show exactly what the build changed (and that nothing outside did).
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build, type BuildOptions } from '../../src/pipeline/build.js';
import { MANIFEST_NAME } from '../../src/pipeline/manifest.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { DISTINCT_PROJECTS, writeDistinct } from '../fixtures/distinct-publication.js';

export type Tree = Record<string, string>;

/** Every entry under `dir` (relative, `/`-separated), links not followed. */
export function tree(dir: string, { manifest = true } = {}): Tree {
  const t: Tree = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p);
      const s = lstatSync(p);
      if (s.isSymbolicLink()) t[rel] = `link → ${readlinkSync(p)}`;
      else if (s.isDirectory()) {
        t[rel] = 'dir';
        walk(p);
      } else if (manifest || name !== MANIFEST_NAME) t[rel] = `file ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return t;
}

export const FORMATS = ['pdf', 'docx', 'xlsx'] as const;
export const printout = (i: number, f: string) => `projects/${String(i + 1).padStart(2, '0')}-${DISTINCT_PROJECTS[i]!.name}.${f}`;
/** The files of the distinct publication named `name`, with or without printouts. */
export function filesOf(name: string, projects: boolean): string[] {
  return [...FORMATS.map((f) => `${name}.${f}`), ...(projects ? DISTINCT_PROJECTS.flatMap((_, i) => FORMATS.map((f) => printout(i, f))) : [])];
}

export interface Sandbox {
  /** Holds everything below; readable by every user (the tests that run as nobody). */
  root: string;
  input: string;
  out: string;
  /** A folder beside out/ with files a build must never touch. */
  outside: string;
  opts: (over?: Partial<BuildOptions>) => BuildOptions;
}

/** A fresh sandbox: the distinct publication as `<name>.txt`, an empty outside/ with one file, no out/ yet. */
export function sandbox(name = 'distinct', text?: string): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'pubtable-outdir-'));
  chmodSync(root, 0o755);
  const input = writeDistinct(root, `${name}.txt`, text);
  const outside = join(root, 'outside');
  mkdirSync(outside);
  cpSync(input, join(outside, 'important.txt'));
  const out = join(root, 'out');
  return {
    root,
    input,
    out,
    outside,
    opts: (over = {}) => ({ input, outDir: out, formats: [...FORMATS], templatesDir: DEFAULT_TEMPLATES, ...over }),
  };
}

const references = new Map<string, Tree>();

/**
 * What out/ holds after a clean build of the distinct publication under `name` (the
 * manifest's presence but not its bytes, which hold modification times).
 */
export async function reference(name: string, projects: boolean): Promise<Tree> {
  const key = `${name}/${projects}`;
  if (!references.has(key)) {
    const s = sandbox(name);
    await build(s.opts({ projects }));
    references.set(key, { ...tree(s.out, { manifest: false }), [MANIFEST_NAME]: 'manifest' });
  }
  return references.get(key)!;
}

/** out/ as `reference` shows it: the manifest reduced to its presence. */
export function outTree(out: string): Tree {
  const t = tree(out, { manifest: false });
  return lstatSync(join(out, MANIFEST_NAME), { throwIfNoEntry: false })?.isFile() ? { ...t, [MANIFEST_NAME]: 'manifest' } : t;
}

/** The manifest's recorded outputs. */
export function manifestOf(out: string): Record<string, { publication: string; sha256: string }> {
  return (JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as { outputs: Record<string, { publication: string; sha256: string }> }).outputs;
}

/**
 * A copy of the default templates whose project.hbs fails at project 2 only (职业培训经费,
 * the one with a fourth indicator): the error comes after other files have been made.
 */
export function brokenAtProject2(root: string): string {
  const templates = join(root, 'templates');
  cpSync(DEFAULT_TEMPLATES, templates, { recursive: true });
  const file = join(templates, 'project.hbs');
  const text = readFileSync(file, 'utf8');
  const broken = text.replace('<cell style="label" scope="row">绩效目标</cell>', '<cell style="label" scope="row">绩效目标{{#with (lookup project.indicators 3)}}{{titel}}{{/with}}</cell>');
  if (broken === text) throw new Error('project.hbs changed: the planted error did not apply');
  writeFileSync(file, broken);
  return templates;
}
