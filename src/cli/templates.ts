/** `pubtable templates <dir>`: a copy of the default templates and style sheet to edit. */
import { cp, mkdir } from 'node:fs/promises';
import { onPath } from '../pipeline/output-error.js';
import { DEFAULT_TEMPLATES } from '../template/report.js';

export async function templatesCommand(dir: string): Promise<number> {
  // A file in the way, a read-only folder: exit 2 naming the path (cli/main.ts), not a crash.
  await onPath(dir, async () => {
    await mkdir(dir, { recursive: true });
    await cp(DEFAULT_TEMPLATES, dir, { recursive: true, force: false, errorOnExist: false });
  });
  process.stdout.write(`默认模板已复制到 ${dir}；修改后用 pubtable build --templates ${dir} 生成。\n`);
  return 0;
}
