/**
 * A correction being saved when the process dies (kill -9) leaves the records as they were
 * or as corrected, never a mix, and the history still holds the version that was on disk:
 * the history is written first, the file whole (temp, then rename).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { History, versionOf } from '../../src/pipeline/history.js';
import { ROOT } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';

/** Saves forever, the goal of 法律顾问服务费 flipping between 常年 and 全年. */
const SAVER = `
import { RecordsStore } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/pipeline/records-store.js')).href)};
const store = new RecordsStore(process.argv[2]);
for (;;) {
  const cur = await store.current();
  const next = structuredClone(cur.publication);
  const p = next.units[0].projects.find((x) => x.name === '法律顾问服务费');
  p.goal = p.goal.includes('常年') ? p.goal.replace('常年', '全年') : p.goal.replace('全年', '常年');
  await store.save(cur.version, next);
  process.stdout.write('.');
}
`;

describe('a save killed midway', () => {
  it('leaves the old records or the new, whole, and the history keeps both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-save-kill-'));
    const input = join(dir, 'panyu-hrss-2025.txt');
    copyFileSync(EXAMPLE_PATH, input);
    const original = readFileSync(input);
    const corrected = Buffer.from(original.toString('utf8').replace('通过提供常年法律指导', '通过提供全年法律指导'));
    const saver = join(dir, 'saver.mjs');
    writeFileSync(saver, SAVER);
    let total = 0;
    // Delays count from the first finished save, not from the start: a loaded machine (CI
    // beside other jobs) takes longer to start Node, and a kill before any save tests nothing.
    for (const delay of [0, 110, 220, 330, 440, 550]) {
      const child = spawn(process.execPath, [saver, input], { stdio: ['ignore', 'pipe', 'pipe'] });
      let saves = 0;
      let stderr = '';
      const first = new Promise((r) => child.stdout.once('data', r));
      child.stdout.on('data', (d: Buffer) => (saves += d.length));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await Promise.race([first, new Promise((r) => child.once('exit', r))]);
      await new Promise((r) => setTimeout(r, delay));
      const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
      child.kill('SIGKILL');
      await exited;
      expect(stderr).toBe('');
      const now = readFileSync(input);
      expect(now.equals(original) || now.equals(corrected), `after ${saves} saves`).toBe(true);
      total += saves;
    }
    // The kills landed among saves, not before the first.
    expect(total).toBeGreaterThan(5);
    const versions = (await new History(input).list()).map((e) => e.version);
    const version = (bytes: Buffer) => versionOf(writeCanonical(readTextExport(bytes, input).publication, 'json'));
    expect(versions.sort()).toEqual([version(original), version(corrected)].sort());
    const kept = await new History(input).get(version(original));
    expect(Buffer.from(kept!.bytes).equals(original)).toBe(true);
  });
});
