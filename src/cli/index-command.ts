/** `pubtable index <out>`: the portal package again, from the departments already built there (by shards, say). */
import { assemble } from '../bureau/run.js';
import { readSummaries } from '../bureau/department-record.js';

export async function indexCommand(out: string, templatesDir: string, title: string | undefined): Promise<number> {
  const records = await readSummaries(out);
  if (records.length === 0) {
    process.stderr.write(`${out}: 错误 NO_DEPARTMENTS: 输出目录中没有已生成的单位（先运行 pubtable build <目录> --out ${out}）\n`);
    return 2;
  }
  const r = await assemble(out, records, { templatesDir, title });
  const failed = records.filter((x) => x.status === 'failed').length;
  process.stdout.write(`单位 ${records.length} 个（未生成 ${failed} 个）；汇总：写入 ${r.written.length} 个文件，未变 ${r.unchanged.length} 个（输出目录 ${out}）\n`);
  return failed > 0 ? 1 : 0;
}
