/**
 * The `pubtable` command line, runnable in-process: parse the arguments, run the command,
 * and turn every failure into one Chinese line on stderr and an exit code. It never
 * throws and never prints a stack trace. Exit codes: 0 fine, 1 the input has errors,
 * 2 usage error, a file or template that cannot be opened or recognised, or an output that
 * cannot be written (OutputError), 3 an internal failure (a bug in pubtable), 130 interrupted.
 */
import yargs from 'yargs';
import { InputError, formatSource } from '../model/diagnostic.js';
import { LayoutError } from '../layout/layout-error.js';
import { PDF_STANDARDS } from '../layout/types.js';
import { OutputError } from '../pipeline/output-error.js';
import { stat } from 'node:fs/promises';
import { parseShard, shardFromEnv, ShardError } from '../bureau/shard.js';
import { RulesFileError } from '../review/rules-file.js';
import { DEFAULT_TEMPLATES } from '../template/report.js';
import type { BuildArgs } from './build.js';
import { checkedFormats, FormatsError } from './formats.js';
import { Interrupted } from './interrupt.js';
import { environmentProblem } from './environment.js';

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await parse(argv);
  } catch (e) {
    const { code, line } = describeFailure(e);
    process.stderr.write(line);
    return code;
  }
}

async function parse(argv: string[]): Promise<number> {
  const problem = environmentProblem(process.env);
  if (problem !== null) throw new UsageError(problem);
  let exit = 0;
  // Each command's module is loaded when that command runs: a process loads only what it uses
  // (loading every command's modules took about a tenth of a second of every start).
  await yargs(argv)
    .scriptName('pubtable')
    // yargs' own words (Options:, Show help, its error messages) in Chinese too.
    .locale('zh_CN')
    // --help and --version print and return here; the caller decides how the process ends.
    .exitProcess(false)
    .usage('$0 <命令> [参数]\n\n把项目支出绩效目标表的记录生成 PDF、Word 和 Excel 文件。')
    .command(
      'validate <input>',
      '读取并检查记录，输出汇总和问题清单',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true, describe: '文本导出 (.txt)、工作簿 (.xlsx) 或 JSON/YAML' })
          .option('json', { type: 'boolean', default: false, describe: '在标准输出写一个 JSON 对象' }),
      async (a) => {
        exit = await (await import('./validate.js')).validateCommand(a.input, a.json);
      },
    )
    .command(
      'convert <input>',
      '把记录转换为规范的 JSON 或 YAML（模式见 schema/pubtable.schema.json）',
      (y) =>
        y
          .positional('input', { type: 'string', demandOption: true })
          .option('to', { choices: ['json', 'yaml'] as const, demandOption: true, describe: '目标格式' })
          .option('out', { type: 'string', describe: '输出文件（默认写到标准输出）' }),
      async (a) => {
        exit = await (await import('./convert.js')).convertCommand(a.input, a.to, a.out);
      },
    )
    .command(
      'verify <file>',
      '核对 pubtable 生成的 PDF：页面所示是否与其内附的记录完全一致（发布后是否被改动）',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'pubtable 生成的 PDF（绩效目标表或项目表）' })
          .option('templates', { type: 'string', describe: '生成该 PDF 时所用的模板目录（默认：内置模板）' })
          .option('json', { type: 'boolean', default: false, describe: '以 JSON 输出' }),
      async (a) => {
        exit = await (await import('./verify.js')).verifyCommand(a.file, a.templates ?? DEFAULT_TEMPLATES, a.json);
      },
    )
    .command(
      'build <inputs..>',
      '检查记录并生成 PDF、Word 和 Excel 文件（输入有错误时不生成）；给出目录或多个文件时，每个文件是一个单位的表，另生成汇总',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: '一个单位的记录文件；或多个文件、含有各单位记录文件的目录' })
          .option('out', { type: 'string', default: 'out', describe: '输出目录' })
          .option('formats', { type: 'string', default: 'pdf,docx,xlsx', describe: '输出格式，逗号分隔：pdf、docx、xlsx、html、ofd' })
          .option('templates', { type: 'string', describe: '模板目录（用 pubtable templates 复制默认模板后修改）' })
          .option('projects', { type: 'boolean', default: false, describe: '同时为每个项目生成一份项目表（projects/NN-项目名称.*）' })
          .option('project', { type: 'array', string: true, describe: '只生成这些项目的项目表（名称或序号，可重复；只用于一个单位）' })
          .option('combined', { type: 'boolean', default: false, describe: '另生成一份合订 PDF，每个项目从新页开始' })
          .option('force', { type: 'boolean', default: false, describe: '全部重新生成，即使输入未变' })
          .option('keep-stale', { type: 'boolean', default: false, describe: '保留（只列出）已不存在的项目的文件，而不删除' })
          .option('pdf-standard', { choices: PDF_STANDARDS, describe: 'PDF 的归档标准：a-3b（PDF/A-3b，内附记录；默认，样式表 pdf.standard 可另定）、a-2b（PDF/A-2b，不附记录）、none（普通 PDF，内附记录）' })
          .option('rules', { type: 'string', describe: '多个单位：审核规则文件（默认：输入目录中的 pubtable.rules.json）' })
          .option('title', { type: 'string', describe: '多个单位：汇总的标题' })
          .option('shard', { type: 'string', describe: '多个单位：只生成第 i 片（共 n 片）的单位，如 1/4；之后用 pubtable index 汇总' })
          .option('shard-from-env', { type: 'boolean', default: false, describe: '多个单位：分片取自 JOB_COMPLETION_INDEX 和 PUBTABLE_SHARD_COUNT（Kubernetes Indexed Job）' }),
      async (a) => {
        exit = await buildEntry(a);
      },
    )
    .command(
      'review <inputs..>',
      '审核绩效目标的质量（可衡量、指标覆盖产出/效益/满意度、重复等），列出审核意见',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: '记录文件或含有记录文件的目录' })
          .option('json', { type: 'boolean', default: false, describe: '以 JSON 输出' })
          .option('rules', { type: 'string', describe: '审核规则文件（默认：输入目录中的 pubtable.rules.json）' }),
      async (a) => {
        exit = await (await import('./review.js')).reviewCommand(a.inputs, a.json, a.rules);
      },
    )
    .command(
      'index <out>',
      '由输出目录中已生成的各单位（如各分片的结果）重新生成汇总：index.html、汇总表、审核意见、开放数据和全部单位 PDF',
      (y) =>
        y
          .positional('out', { type: 'string', demandOption: true, describe: '多个单位的输出目录' })
          .option('templates', { type: 'string', describe: '模板目录' })
          .option('title', { type: 'string', describe: '汇总的标题' }),
      async (a) => {
        exit = await (await import('./index-command.js')).indexCommand(a.out, a.templates ?? DEFAULT_TEMPLATES, a.title);
      },
    )
    .command(
      'diff <old> <new>',
      '列出两个版本的记录之间的差别（项目、金额、绩效目标、指标）',
      (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: '原版本' })
          .positional('new', { type: 'string', demandOption: true, describe: '新版本' })
          .option('json', { type: 'boolean', default: false, describe: '以 JSON 输出' })
          .option('out', { type: 'string', describe: '另把更正说明写成文件（.pdf、.docx、.xlsx、.html 或 .ofd）' })
          .option('templates', { type: 'string', describe: '模板目录' }),
      async (a) => {
        exit = await (await import('./diff.js')).diffCommand(a.old, a.new, a.json, a.out, a.templates);
      },
    )
    .command(
      'serve [input]',
      '启动本机工作台：在浏览器中检查、预览和下载（Ctrl-C 停止）',
      (y) =>
        y
          .positional('input', { type: 'string', default: '.', describe: '输入文件，或含有输入文件的目录' })
          .option('port', { type: 'number', default: 8600, describe: '端口（0：任选一个空闲端口）' })
          .option('host', { type: 'string', default: '127.0.0.1', describe: '监听地址（默认只接受本机连接）' })
          .option('open', { type: 'boolean', default: false, describe: '启动后用默认浏览器打开' })
          .option('out', { type: 'string', default: 'out', describe: '“发布”写入的输出目录' })
          .option('templates', { type: 'string', describe: '模板目录' }),
      async (a) => {
        if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UsageError(`端口必须是 0 到 65535 之间的整数（给出的是 ${a.port}）`);
        exit = await (await import('./serve.js')).serveCommand({ input: a.input, port: a.port, host: a.host, open: a.open, templates: a.templates, out: a.out });
      },
    )
    .command(
      'templates <dir>',
      '把默认模板和样式表复制到一个目录，供修改',
      (y) => y.positional('dir', { type: 'string', demandOption: true }),
      async (a) => {
        exit = await (await import('./templates.js')).templatesCommand(a.dir);
      },
    )
    .demandCommand(1, '请给出一个命令')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg);
    })
    .parseAsync();
  return exit;
}

class UsageError extends Error {}

type BuildEntryArgs = Omit<BuildArgs, 'input'> & { inputs: string[]; rules?: string; title?: string; shard?: string; shardFromEnv: boolean };

/** One department's file: a build as always; a folder, several files or a shard: a bureau's run. */
async function buildEntry(a: BuildEntryArgs): Promise<number> {
  const bureau = a.inputs.length > 1 || a.shard !== undefined || a.shardFromEnv || a.rules !== undefined || a.title !== undefined || (await isFolder(a.inputs[0]!));
  if (!bureau) return (await import('./build.js')).buildCommand({ ...a, input: a.inputs[0]! });
  if (a.project !== undefined) throw new UsageError('--project 只能用于一个单位的表');
  if (a.shard !== undefined && a.shardFromEnv) throw new UsageError('--shard 和 --shard-from-env 只能用一个');
  const formats = checkedFormats(a.formats);
  let shard = null;
  try {
    shard = a.shard !== undefined ? parseShard(a.shard) : a.shardFromEnv ? shardFromEnv(process.env) : null;
  } catch (e) {
    if (e instanceof ShardError) throw new UsageError(e.message);
    throw e;
  }
  const templatesDir = a.templates ?? DEFAULT_TEMPLATES;
  return (await import('./build-departments.js')).buildDepartmentsCommand({ ...a, formats, templatesDir, projects: a.projects || a.combined, shard });
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/** The exit code and the message for a command that failed. */
export function describeFailure(e: unknown): { code: number; line: string } {
  if (e instanceof UsageError || e instanceof FormatsError) {
    return { code: 2, line: `用法错误 USAGE: ${e.message}\n请运行 pubtable --help 查看用法。\n` };
  }
  if (e instanceof InputError) return { code: 2, line: `${formatSource(e.source)}: 错误 ${e.code}: ${e.message}\n` };
  if (e instanceof RulesFileError) return { code: 2, line: `${formatSource(e)}: 错误 ${e.code}: ${e.message}\n` };
  if (e instanceof Interrupted) return { code: 130, line: `INTERRUPTED: ${e.message}\n` };
  if (e instanceof LayoutError) {
    const where = e.line !== undefined ? `${e.file}:${e.line}` : e.file;
    return { code: 2, line: `${where}: 错误 ${e.code}: ${e.message}\n` };
  }
  // The output folder or disk: the user's to fix (a read-only folder, a full disk, a long name).
  if (e instanceof OutputError) return { code: 2, line: `${e.path}: 错误 ${e.code}: ${e.message}\n` };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 3, line: `内部错误 INTERNAL_ERROR: ${message}\n请把输入文件和这条信息报告给 pubtable 的维护者。\n` };
}
