/**
 * The workbench's refresh after a correction: from the moment a changed input is saved on
 * disk to the moment the page has the updated preview. Runs `pubtable serve` as a user
 * does (a child process, already started and warm, as it is while someone works), listens
 * to its events as the page does, saves the file, and times until the new preview has
 * been fetched whole. Alternates two versions so that every save is a change.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';

function get(url: URL, path: string, onData?: (chunk: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { Authorization: `token ${url.searchParams.get('token')}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
        onData?.(c);
      });
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Seconds from each save to the updated preview, `runs` times. */
export async function saveToPreview(cli: string, input: string, runs: number, edit: (text: string) => string): Promise<number[]> {
  const original = readFileSync(input, 'utf8');
  const corrected = edit(original);
  // Its stderr (the stop message) would interleave with the bench's own lines.
  const child = spawn(process.execPath, [cli, 'serve', input, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = new URL(
      await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\S+)\n/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error('pubtable serve exited')));
      }),
    );
    let updated: (() => void) | null = null;
    void get(url, '/events', (chunk) => {
      if (chunk.includes('event: update')) updated?.();
    }).catch(() => {});
    // The page's first preview, as after opening it.
    await get(url, '/preview/publication');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A save the server never reports would hang the bench: give up after 60 s.
      const next = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no update from pubtable serve within 60 s')), 60_000);
        updated = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const t0 = process.hrtime.bigint();
      writeFileSync(input, i % 2 === 0 ? corrected : original);
      await next;
      await get(url, '/preview/publication');
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return times;
  } finally {
    child.kill('SIGINT');
    writeFileSync(input, original);
  }
}
