/** Ctrl-C during a build. */

/**
 * Ctrl-C finishes the files being written, records them, and stops; a second Ctrl-C quits
 * at once. `stop` removes the handler when the build is over (the command may run again in
 * the same process, as in the tests).
 */
export function listenForInterrupt(): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => {
    process.stderr.write('\n正在中断：写完当前文件后停止（再按一次 Ctrl-C 立即退出）……\n');
    controller.abort(new Interrupted());
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, stop: () => process.off('SIGINT', onInterrupt) };
}

export class Interrupted extends Error {
  constructor() {
    super('构建已中断；已写入的文件完整可用，再次运行 build 会补齐其余文件。');
  }
}
