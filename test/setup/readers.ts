/**
 * Vitest global setup: on CI every reader the tests use must be installed. A missing one
 * fails the run here, naming the Debian package, instead of turning tests into "skipped".
 */
import { READERS } from '../helpers/readers.js';

export default function checkReaders(): void {
  if (!process.env.CI) return;
  const missing = Object.values(READERS).filter((r) => !r.present());
  if (missing.length > 0) {
    throw new Error(
      `CI 上缺少读取测试输出所需的程序：${missing.map((r) => `${r.what}（Debian 软件包 ${r.debian}）`).join('；')}。` +
        `请先运行 apt-get install -y ${missing.map((r) => r.debian).join(' ')}`,
    );
  }
}
