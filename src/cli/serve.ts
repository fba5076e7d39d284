/**
 * `pubtable serve [input|folder]`: starts the workbench and prints its address, one line
 * on stdout, as Jupyter does; runs until Ctrl-C (or SIGTERM), then stops cleanly.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InputError } from '../model/diagnostic.js';
import { startServer } from '../server/server.js';
import { DEFAULT_TEMPLATES } from '../template/report.js';

export interface ServeArgs {
  input: string;
  port: number;
  host: string;
  open: boolean;
  templates?: string;
  out: string;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export async function serveCommand(a: ServeArgs): Promise<number> {
  if (!existsSync(a.input)) throw new InputError('FILE_UNREADABLE', '无法打开输入：文件或目录不存在', { file: a.input });
  if (!LOOPBACK.includes(a.host)) {
    process.stderr.write(`警告：工作台将在 ${a.host} 上接受其他计算机的连接；任何拿到地址（含令牌）的人都能查看和下载这些记录。\n`);
  }
  let served;
  try {
    served = await startServer({ target: a.input, host: a.host, port: a.port, templatesDir: a.templates ?? DEFAULT_TEMPLATES, outDir: a.out });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw e;
    const why = code === 'EADDRINUSE' ? '已被占用' : code === 'EACCES' ? '没有权限使用' : '不是本机的地址';
    process.stderr.write(`用法错误 USAGE: 端口 ${a.port}（${a.host}）${why}；请用 --port 换一个端口，或 --port 0 任选一个空闲端口\n`);
    return 2;
  }
  process.stdout.write(`pubtable 工作台：${served.url}\n`);
  if (a.open) openBrowser(served.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await served.close();
  process.stderr.write('工作台已停止。\n');
  return 0;
}

/** The system's default browser; if there is none, the printed address still works. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`无法自动打开浏览器，请手动打开上面的地址。\n`));
  child.unref();
}
