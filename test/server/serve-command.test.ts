/**
 * `pubtable serve` as a user starts it: one line on stdout with the address, a page at that
 * address, and a clean stop on Ctrl-C (exit 0, its private folder gone).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { request } from '../helpers/http.js';

const privateFolders = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('pubtable-serve-')));

describe('pubtable serve', () => {
  it('prints exactly one line, serves the page there, and stops cleanly on Ctrl-C', async () => {
    const before = privateFolders();
    const child = spawn(process.execPath, [CLI, 'serve', EXAMPLE_PATH, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const m = /^pubtable 工作台：(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const page = await request(url, new URL(url).pathname + new URL(url).search);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>pubtable 工作台</title>');
    const mine = [...privateFolders()].filter((n) => !before.has(n));
    expect(mine).toHaveLength(1);

    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(stderr).toBe('工作台已停止。\n');
    expect(existsSync(`${tmpdir()}/${mine[0]}`)).toBe(false);
  });

  it('an input that does not exist: exit 2, one Chinese line', async () => {
    const r = await pubtableInProcess(['serve', '/nonexistent/records.txt', '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('/nonexistent/records.txt: 错误 FILE_UNREADABLE: 无法打开输入：文件或目录不存在\n');
  });

  it('a port that is taken or out of range: exit 2, said in Chinese', async () => {
    const r = await pubtableInProcess(['serve', EXAMPLE_PATH, '--port', '70000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^用法错误 USAGE: 端口必须是 0 到 65535 之间的整数/);
  });
});

describe('pubtable serve on a port already taken', () => {
  it('exit 2 and a Chinese line naming the port', async () => {
    const { createServer } = await import('node:net');
    const other = createServer();
    const port = await new Promise<number>((r) => other.listen(0, '127.0.0.1', () => r((other.address() as { port: number }).port)));
    try {
      const before = privateFolders();
      const r = await pubtableInProcess(['serve', EXAMPLE_PATH, '--port', String(port)]);
      expect([...privateFolders()].filter((n) => !before.has(n))).toEqual([]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`用法错误 USAGE: 端口 ${port}（127.0.0.1）已被占用；请用 --port 换一个端口，或 --port 0 任选一个空闲端口\n`);
    } finally {
      other.close();
    }
  });
});
