/**
 * One build at a time per output folder (README "What pubtable writes and deletes"): a
 * second build is refused with `输出目录正被另一个 pubtable 使用` (exit 2) while the first
 * holds `<out>/.pubtable.lock`; a lock whose process is gone is taken over; two builds
 * started together never break each other's files.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { LOCK_NAME } from '../../src/pipeline/lock.js';
import { CLI, pubtableInProcess, ROOT, type Run } from '../helpers/cli.js';
import { brokenAtProject2, outTree, reference, sandbox, tree, type Sandbox } from '../helpers/out-folder.js';

process.env.PUBTABLE_WORKERS ??= '0';

const BUSY = '错误 OUTPUT_BUSY: 输出目录正被另一个 pubtable 使用';

function lockOf(pid: number): string {
  return JSON.stringify({ pid, host: hostname(), token: 'feedfacefeedface' }) + '\n';
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('the lock', () => {
  it('held by a live process: exit 2 with the busy message, out/ unchanged', async () => {
    const s = sandbox();
    await build(s.opts());
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(s.out, LOCK_NAME), lockOf(holder.pid!));
      const before = tree(s.root);
      const r = await pubtableInProcess(['build', s.input, '--out', s.out, '--force']);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`${join(s.out, LOCK_NAME)}: ${BUSY}（进程 ${holder.pid}）；请等它结束后再运行。若确认没有 pubtable 在运行，可删除这个锁文件\n`);
      expect(tree(s.root)).toEqual(before);
    } finally {
      holder.kill();
    }
  });

  it('left by a process that is gone (kill -9), or garbage: taken over, and released at the end', async () => {
    for (const text of [lockOf(deadPid()), 'not a lock']) {
      const s = sandbox();
      mkdirSync(s.out);
      writeFileSync(join(s.out, LOCK_NAME), text);
      const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
      expect(r.status, r.stderr).toBe(0);
      expect(outTree(s.out)).toEqual(await reference('distinct', false));
    }
  });

  it('from another host (a shared drive): cannot be checked, so counts as held', async () => {
    const s = sandbox();
    mkdirSync(s.out);
    writeFileSync(join(s.out, LOCK_NAME), JSON.stringify({ pid: deadPid(), host: 'other-host', token: 'x' }));
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${BUSY}（进程 `);
    expect(r.stderr).toContain('主机 other-host');
  });

  it('released after a failed build', async () => {
    const s = sandbox();
    await build(s.opts());
    const r = await pubtableInProcess(['build', s.input, '--out', s.out, '--projects', '--templates', brokenAtProject2(s.root)]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('TEMPLATE_ERROR');
    expect(existsSync(join(s.out, LOCK_NAME))).toBe(false);
  });
});

function run(child: ChildProcess): Promise<Run> {
  let [stdout, stderr] = ['', ''];
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr })));
}

/** Each build ended well or was refused as busy; out/ holds exactly what one clean build makes. */
async function expectOneClean(runs: Run[], out: string): Promise<void> {
  for (const r of runs) {
    expect([0, 2], r.stderr).toContain(r.status);
    if (r.status === 2) expect(r.stderr).toContain(BUSY);
  }
  expect(runs.some((r) => r.status === 0)).toBe(true);
  expect(outTree(out)).toEqual(await reference('distinct', true));
}

describe('two builds into one folder at once', () => {
  const env = { ...process.env, PUBTABLE_WORKERS: '0' };
  const start = (s: Sandbox) => spawn(process.execPath, [CLI, 'build', s.input, '--out', s.out, '--projects'], { cwd: ROOT, env });

  it('started together: one builds, the other builds after it or is refused; never a broken file or exit 3', async () => {
    const s = sandbox();
    await expectOneClean(await Promise.all([run(start(s)), run(start(s))]), s.out);
  });

  it('the second started while the first writes: refused, the first unharmed', async () => {
    const s = sandbox();
    const first = start(s);
    // Start the second once the first has made a file: most of the first's are still to come.
    const second = new Promise<Run>((resolve) => {
      const onData = (d: Buffer) => {
        if (!d.toString().includes('写入')) return;
        first.stderr.off('data', onData);
        resolve(run(start(s)));
      };
      first.stderr.on('data', onData);
    });
    const [a, b] = await Promise.all([run(first), second]);
    expect(a.status, a.stderr).toBe(0);
    await expectOneClean([a, b], s.out);
  });
});
