/**
 * The page's own files, read into memory when the server starts: the HTML and CSS from
 * web/, the scripts compiled from web/*.ts into dist/web/web/ and, beside them, the model's
 * money rules and validate's row rule the page shares (dist/web/src/…; `npm run build`).
 * Requests are answered from this table by exact name; no part of a URL reaches the file system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, from src/server (tests) or dist/server alike. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  type: string;
  bytes: Uint8Array;
}

/** `/` and `/assets/<name>` → the file. */
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (url: string, file: string) => assets.set(url, { type: TYPES[extname(file)]!, bytes: readFileSync(file) });
  add('/', join(ROOT, 'web', 'index.html'));
  for (const name of readdirSync(join(ROOT, 'web'))) if (['.css', '.svg'].includes(extname(name))) add(`/assets/${name}`, join(ROOT, 'web', name));
  let scripts: string[];
  try {
    scripts = readdirSync(join(ROOT, 'dist', 'web'), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.js'));
  } catch {
    throw new Error('工作台的页面脚本尚未编译（dist/web/），请先运行 npm run build');
  }
  for (const name of scripts) add(`/assets/${name.split(sep).join('/')}`, join(ROOT, 'dist', 'web', name));
  return assets;
}
