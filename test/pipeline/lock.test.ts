/**
 * The output folder's lock, in process: the concurrent and interrupt tests show two builds
 * do not interleave; these pin each rule of the lock itself — who it names, when a lock is
 * taken over (its process is gone, its text is not a lock), when it is not (another host,
 * a live process), and that releasing never deletes a lock that is no longer ours.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_NAME, lockOutput } from '../../src/pipeline/lock.js';
import { OutputError } from '../../src/pipeline/output-error.js';

let out: string;
let lockFile: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'pubtable-lock-'));
  lockFile = join(out, LOCK_NAME);
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

/** A pid that was this machine's and is no longer running. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

async function refused(): Promise<OutputError> {
  const e = await lockOutput(out).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutputError);
  return e as OutputError;
}

describe('the output lock', () => {
  it('holds this process and a token; release removes it and leaves nothing behind', async () => {
    const exitListeners = process.listenerCount('exit');
    const lock = await lockOutput(out);
    const owner = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(owner).toEqual({ pid: process.pid, host: hostname(), token: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(readdirSync(out)).toEqual([LOCK_NAME]);
    // A second Ctrl-C exits at once: the lock must go with the process.
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    await lock.release();
    expect(readdirSync(out)).toEqual([]);
    expect(process.listenerCount('exit')).toBe(exitListeners);
  });

  it('refuses a second build while held, naming the process, and leaves the lock whole', async () => {
    const lock = await lockOutput(out);
    const before = readFileSync(lockFile, 'utf8');
    const e = await refused();
    expect(e.code).toBe('OUTPUT_BUSY');
    expect(e.path).toBe(lockFile);
    expect(e.message).toBe(`输出目录正被另一个 pubtable 使用（进程 ${process.pid}）；请等它结束后再运行。若确认没有 pubtable 在运行，可删除这个锁文件`);
    expect(readFileSync(lockFile, 'utf8')).toBe(before);
    await lock.release();
  });

  it('counts a lock from another host as held (it cannot be checked) and names that host', async () => {
    writeFileSync(lockFile, JSON.stringify({ pid: deadPid(), host: 'share-server', token: 'x' }));
    const e = await refused();
    expect(e.message).toMatch(/^输出目录正被另一个 pubtable 使用（进程 \d+，主机 share-server）；/);
  });

  it('takes over the lock of a process that is gone, or text that is no lock, and then holds it', async () => {
    for (const stale of [
      JSON.stringify({ pid: deadPid(), host: hostname(), token: 'old' }),
      'not a lock',
      JSON.stringify({ pid: 'x', host: hostname() }),
      JSON.stringify({ pid: process.pid }),
      '',
    ]) {
      writeFileSync(lockFile, stale);
      const lock = await lockOutput(out);
      expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid, stale).toBe(process.pid);
      expect(readdirSync(out), stale).toEqual([LOCK_NAME]);
      await lock.release();
    }
  });

  it('does not take over a live process of this host', async () => {
    // pid 1 runs as long as the machine: alive, whatever signals we may send it.
    writeFileSync(lockFile, JSON.stringify({ pid: 1, host: hostname(), token: 'init' }));
    expect((await refused()).message).toContain('（进程 1）');
  });

  it('release leaves a lock that another build has taken meanwhile', async () => {
    const lock = await lockOutput(out);
    const theirs = JSON.stringify({ pid: 1, host: hostname(), token: 'theirs' });
    writeFileSync(lockFile, theirs);
    await lock.release();
    expect(readFileSync(lockFile, 'utf8')).toBe(theirs);
  });

  it('a folder where the lock goes is no live build: it is moved aside under a temporary name (whose cleanup skips folders), never deleted, and the lock made', async () => {
    mkdirSync(lockFile);
    writeFileSync(join(lockFile, 'keep'), 'x');
    const lock = await lockOutput(out);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    const kept = readdirSync(out, { recursive: true }).map(String).filter((p) => p.endsWith('/keep'));
    expect(kept).toEqual([expect.stringMatching(/^\.pubtable-[0-9a-f]{12}\.tmp\/keep$/)]);
    await lock.release();
  });
});
