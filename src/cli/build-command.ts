/** The `build` and `templates` commands. */
import { cp, mkdir } from 'node:fs/promises';
import { build } from '../build/build.js';
import { DEFAULT_TEMPLATES } from '../template/report.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import { FORMATS, type Format } from '../render/registry.js';

export async function buildCommand(input: string, outDir: string, formats: string, templatesDir: string | undefined): Promise<number> {
  const wanted = formats.split(',').map((f) => f.trim()).filter((f) => f !== '');
  const unknown = wanted.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || wanted.length === 0) {
    process.stderr.write(`用法错误 USAGE: 未知的输出格式 ${unknown.join(',') || '（空）'}；可用：${FORMATS.join(',')}\n`);
    return 2;
  }
  const result = await build({ input, outDir, formats: wanted as Format[], templatesDir: templatesDir ?? DEFAULT_TEMPLATES });
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (hasErrors(result.diagnostics)) {
    process.stderr.write('输入有错误，未生成任何文件。\n');
    return 1;
  }
  for (const path of result.written) process.stdout.write(`已写入 ${path}\n`);
  return 0;
}

export async function templatesCommand(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  await cp(DEFAULT_TEMPLATES, dir, { recursive: true, force: false, errorOnExist: false });
  process.stdout.write(`默认模板已复制到 ${dir}；修改后用 pubtable build --templates ${dir} 生成。\n`);
  return 0;
}
