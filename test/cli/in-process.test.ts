/**
 * What the command line prints, run in this process (src/cli/main.ts through
 * helpers/cli.ts pubtableInProcess), where a mutation run can see the code run: the
 * environment check, `validate`'s summary for people, and `diff`'s list of changes — plain,
 * painted on a terminal, as JSON, and its refusals. test/cli/validate.test.ts and
 * test/diff/diff.test.ts run the same commands as a user does, in a child process.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { environmentProblem } from '../../src/cli/environment.js';
import { serveCommand, type ServeArgs } from '../../src/cli/serve.js';
import { summaryText } from '../../src/cli/summary.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { writeDistinct } from '../fixtures/distinct-publication.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH, exampleText } from '../helpers/example.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-cli-in-process-'));
/** The example with `edit` applied, as a file. */
function variant(name: string, edit: (text: string) => string): string {
  const file = join(dir, name);
  const text = exampleText();
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(file, edited);
  return file;
}

describe('the environment', () => {
  it.each([
    [{}, null],
    [{ PUBTABLE_WORKERS: '0', SOURCE_DATE_EPOCH: '0' }, null],
    [{ PUBTABLE_WORKERS: '256', SOURCE_DATE_EPOCH: '253402300799' }, null],
    [{ PUBTABLE_WORKERS: '257' }, '环境变量 PUBTABLE_WORKERS=“257”无效：应为 0 到 256 的整数（0 表示只用一个线程）'],
    [{ PUBTABLE_WORKERS: 'x4' }, '环境变量 PUBTABLE_WORKERS=“x4”无效：应为 0 到 256 的整数（0 表示只用一个线程）'],
    [{ PUBTABLE_WORKERS: '4x' }, '环境变量 PUBTABLE_WORKERS=“4x”无效：应为 0 到 256 的整数（0 表示只用一个线程）'],
    [{ PUBTABLE_WORKERS: '' }, '环境变量 PUBTABLE_WORKERS=“”无效：应为 0 到 256 的整数（0 表示只用一个线程）'],
    [{ SOURCE_DATE_EPOCH: '253402300800' }, '环境变量 SOURCE_DATE_EPOCH=“253402300800”无效：应为 1970 年以来的秒数（不晚于 9999 年）'],
    [{ SOURCE_DATE_EPOCH: '-1' }, '环境变量 SOURCE_DATE_EPOCH=“-1”无效：应为 1970 年以来的秒数（不晚于 9999 年）'],
    [{ SOURCE_DATE_EPOCH: '1e9' }, '环境变量 SOURCE_DATE_EPOCH=“1e9”无效：应为 1970 年以来的秒数（不晚于 9999 年）'],
    [{ SOURCE_DATE_EPOCH: '7x' }, '环境变量 SOURCE_DATE_EPOCH=“7x”无效：应为 1970 年以来的秒数（不晚于 9999 年）'],
  ])('%j: %s', (env, problem) => expect(environmentProblem(env)).toBe(problem));
});

describe('validate, for people', () => {
  it('sums the table up in four lines, then each message', async () => {
    const r = await pubtableInProcess(['validate', EXAMPLE_PATH]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '广州市番禺区人力资源和社会保障局（本级）2025年项目支出绩效目标表（含转移支付项目）',
      '资金使用单位 1 个，项目 23 个，绩效指标 148 条',
      '合计 3,105.64 万元（财政拨款 3,105.64，财政专户拨款 0.00，其他资金 0.00）',
      '错误 0 条，警告 15 条',
    ]);
    expect(lines.slice(4, -1)).toHaveLength(15);
    expect(lines.at(-1)).toBe('');
  });

  it('counts errors and warnings apart, and says when there is no title', () => {
    const { publication, diagnostics } = readTextExport(Buffer.from(exampleText().replace('483.50\t483.50', '483.50\t48x.50')), 'x.txt');
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    expect(errors).toBeGreaterThan(0);
    const text = summaryText({ ...publication, title: '' }, diagnostics);
    expect(text.split('\n')[0]).toBe('（无标题）');
    expect(text.split('\n')[3]).toBe(`错误 ${errors} 条，警告 ${diagnostics.length - errors} 条`);
  });
});

describe('diff, as people read it', () => {
  const zone = { ...process.env };
  const tty = process.stdout.isTTY;
  afterEach(() => {
    process.env = { ...zone };
    Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true });
  });

  it('says when nothing changed', async () => {
    const r = await pubtableInProcess(['diff', EXAMPLE_PATH, EXAMPLE_PATH]);
    expect([r.status, r.stdout]).toEqual([0, '两个版本的记录没有差别。\n']);
  });

  it('lists each change at its line: a field with what it was and is (the changed characters in 〖〗), a project removed on one line', async () => {
    const goal = variant('goal.txt', (t) => t.replace('规范事业单位公开招聘人员工作', '规范事业单位内部招聘人员工作').replace(/^欠薪应急周转金.*\n/m, ''));
    const r = await pubtableInProcess(['diff', EXAMPLE_PATH, goal]);
    expect(r.status).toBe(0);
    const tail = '招聘人员工作，实现阳光招聘，为全区公共服务提供充足人力资源保障，完成事业单位公开招聘工作。';
    expect(r.stdout).toBe(
      [
        '共 2 处变化：',
        `${EXAMPLE_PATH}:16  删除项目：欠薪应急周转金`,
        `${goal}:14  绩效目标更正：事业单位人员招聘工作经费 · 绩效目标`,
        `    原为：规范事业单位〖公开〗${tail}`,
        `    改为：规范事业单位〖内部〗${tail}`,
        '',
      ].join('\n'),
    );
  });

  it('shows an emptied value as （空）', async () => {
    const empty = variant('empty.txt', (t) => t.replace('年度指标值:1场以上。', '年度指标值:。'));
    const r = await pubtableInProcess(['diff', EXAMPLE_PATH, empty]);
    expect(r.stdout.split('\n').slice(1, 4)).toEqual([`${empty}:14  指标更正：事业单位人员招聘工作经费 · 第1条指标 年度指标值`, '    原为：1场以上', '    改为：（空）']);
  });

  it('paints the changed characters on a terminal (red removed, green added, underlined), unless NO_COLOR is set', async () => {
    const goal = variant('paint.txt', (t) => t.replace('规范事业单位公开招聘人员工作', '规范事业单位内部招聘人员工作'));
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    delete process.env.NO_COLOR;
    const painted = (await pubtableInProcess(['diff', EXAMPLE_PATH, goal])).stdout;
    expect(painted).toContain('    原为：规范事业单位\x1b[4;31m公开\x1b[0m招聘');
    expect(painted).toContain('    改为：规范事业单位\x1b[4;32m内部\x1b[0m招聘');
    process.env.NO_COLOR = '1';
    const plain = (await pubtableInProcess(['diff', EXAMPLE_PATH, goal])).stdout;
    expect(plain).not.toContain('\x1b[');
    expect(plain).toContain('〖公开〗');
  });

  it('gives the changes as JSON with --json, each with its characters marked', async () => {
    const goal = variant('json.txt', (t) => t.replace('规范事业单位公开招聘人员工作', '规范事业单位内部招聘人员工作'));
    const r = await pubtableInProcess(['diff', EXAMPLE_PATH, goal, '--json']);
    const { changes } = JSON.parse(r.stdout) as { changes: { kind: string; subject: string; marks: { op: string; text: string }[] }[] };
    expect(changes).toHaveLength(1);
    expect(changes[0]!.subject).toBe('事业单位人员招聘工作经费');
    expect(changes[0]!.kind).toBe('goal-changed');
    expect(changes[0]!.marks.filter((m) => m.op !== 'same').map((m) => [m.op, m.text])).toEqual([
      ['del', '公开'],
      ['ins', '内部'],
    ]);
  });

  it('refuses records it cannot read (exit 1, each error on stderr, nothing on stdout) and an --out it cannot write (exit 2)', async () => {
    const broken = variant('broken.txt', (t) => t.replace('483.50\t483.50', '483.50\t48x.50'));
    const r = await pubtableInProcess(['diff', EXAMPLE_PATH, broken]);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: 错误 INVALID_AMOUNT`, 'm'));
    const out = await pubtableInProcess(['diff', EXAMPLE_PATH, EXAMPLE_PATH, '--out', join(dir, '更正说明.exe')]);
    expect([out.status, out.stderr]).toEqual([2, '用法错误 USAGE: --out 的扩展名应为 pdf、docx、xlsx、html、ofd 之一\n']);
    expect(readFileSync(EXAMPLE_PATH).length).toBeGreaterThan(0);
  });
});

describe('build <folder>, as people read it', () => {
  it('says of each department what it wrote, or why not (its errors, how many warnings besides), then the sums', async () => {
    const inputs = join(dir, 'departments');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'a.txt'), exampleText());
    writeDistinct(inputs, 'b.txt');
    const broken = join(inputs, 'c.txt');
    writeFileSync(broken, exampleText().replace(/广州市番禺区人力资源和社会保障局（本级）/g, '广州市番禺区示例局').replace('483.50\t483.50', '483.50\t48x.50'));
    // Errors and no warning at all: nothing said of warnings.
    const clean = join(inputs, 'd.txt');
    writeFileSync(clean, readFileSync(join(inputs, 'b.txt'), 'utf8').replaceAll('示例区人力资源局', '示例区财政局').replace(/\t(\d+\.\d\d)\t/, '\t$1x\t'));
    const out = join(dir, 'bureau');
    const r = await pubtableInProcess(['build', inputs, '--out', out, '--formats', 'xlsx']);
    expect(r.status).toBe(1);
    const progress = r.stderr.split('\n');
    expect(progress).toContain('✓ 广州市番禺区人力资源和社会保障局（本级） → 广州市番禺区人力资源和社会保障局（本级）/：写入 1 个文件，未变 0 个，警告 15 条，审核意见 48 条');
    // A department without warnings says nothing of them.
    expect(progress.find((l) => l.startsWith('✓ 示例区人力资源局'))).toMatch(/^✓ 示例区人力资源局 → 示例区人力资源局\/：写入 1 个文件，未变 0 个，审核意见 \d+ 条$/);
    const failed = progress.indexOf('✗ 广州市番禺区示例局 → 广州市番禺区示例局/：有错误，未生成');
    expect(failed).toBeGreaterThanOrEqual(0);
    expect(progress.slice(failed + 1, failed + 5)).toEqual([
      `    ${broken}:12: 错误 INVALID_AMOUNT: 财政拨款“48x.50”不是两位小数以内的金额`,
      `    ${broken}:12: 错误 AMOUNT_SUM_MISMATCH: “产业人才发展专项资金”的总计483.50不等于财政拨款、财政专户拨款、其他资金之和0.00`,
      `    ${broken}:11: 错误 TOTAL_MISMATCH: 资金使用单位“广州市番禺区示例局”的财政拨款3,105.64不等于其项目之和2,622.14`,
      `    另有 15 条警告（pubtable validate ${broken} 可列出）`,
    ]);
    const other = progress.indexOf('✗ 示例区财政局 → 示例区财政局/：有错误，未生成');
    expect(other).toBeGreaterThanOrEqual(0);
    const rest = progress.slice(other + 1);
    const own = rest.slice(0, rest.findIndex((l) => !l.startsWith('    ')));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((l) => l.startsWith(`    ${clean}:`) && l.includes(': 错误 '))).toBe(true);
    const summary = r.stdout.split('\n');
    expect(summary[0]).toBe(`单位 4 个：已生成 2 个，未生成 2 个（输出目录 ${out}）`);
    expect(summary[1]).toMatch(/^汇总：写入 6 个文件，未变 0 个（index\.html、/);
    expect(summary.slice(2)).toEqual([`未生成：广州市番禺区示例局（${broken}）`, `未生成：示例区财政局（${clean}）`, '']);
  });
});

describe('usage errors', () => {
  it.each([
    [['serve', EXAMPLE_PATH, '--port', '65536'], '端口必须是 0 到 65535 之间的整数（给出的是 65536）'],
    [['serve', EXAMPLE_PATH, '--port', '-1'], '端口必须是 0 到 65535 之间的整数（给出的是 -1）'],
    [['serve', EXAMPLE_PATH, '--port', '1.5'], '端口必须是 0 到 65535 之间的整数（给出的是 1.5）'],
    [['build', EXAMPLE_PATH, '--shard', '1/2', '--shard-from-env'], '--shard 和 --shard-from-env 只能用一个'],
  ])('%j: exit 2, the reason, where to look', async (args, reason) => {
    const r = await pubtableInProcess(args);
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `用法错误 USAGE: ${reason}\n请运行 pubtable --help 查看用法。\n`]);
  });
});

describe('serve, in this process', () => {
  /** Runs serveCommand with stdout and stderr captured; `during` gets the printed address, then SIGTERM stops it. */
  async function serving(args: Partial<ServeArgs>, during: (url: string) => Promise<void> = async () => {}) {
    const captured = { stdout: '', stderr: '' };
    const [out, err] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
    process.stdout.write = ((c: string) => ((captured.stdout += c), true)) as typeof process.stdout.write;
    process.stderr.write = ((c: string) => ((captured.stderr += c), true)) as typeof process.stderr.write;
    // The test runner's own signal handlers must not see the SIGTERM meant for serve.
    const others = process.listeners('SIGTERM');
    try {
      const running = serveCommand({ input: EXAMPLE_PATH, port: 0, host: '127.0.0.1', open: false, out: join(dir, 'serve-out'), ...args });
      let status: number | undefined;
      void running.then((s) => (status = s));
      for (let i = 0; i < 200 && status === undefined && !captured.stdout.includes('\n'); i++) await new Promise((r) => setTimeout(r, 25));
      if (status === undefined) {
        await during(/(http:\S+)/.exec(captured.stdout)![1]!);
        for (const l of others) process.off('SIGTERM', l);
        process.emit('SIGTERM');
      }
      return { status: await running, ...captured };
    } finally {
      for (const l of others) if (!process.listeners('SIGTERM').includes(l)) process.on('SIGTERM', l);
      process.stdout.write = out;
      process.stderr.write = err;
    }
  }

  it('prints its address on one line, answers there, and stops cleanly on SIGTERM', async () => {
    let state = 0;
    const r = await serving({}, async (url) => {
      state = (await fetch(url.replace('/?token=', '/api/state?token='))).status;
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pubtable 工作台：http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}\n$/);
    expect(state).toBe(200);
    expect(r.stderr).toBe('工作台已停止。\n');
  });

  it('warns when it listens beyond this computer', async () => {
    const r = await serving({ host: '0.0.0.0' });
    expect(r.stderr.split('\n')[0]).toBe('警告：工作台将在 0.0.0.0 上接受其他计算机的连接；任何拿到地址（含令牌）的人都能查看和下载这些记录。');
  });

  it('says so when the port is taken (exit 2), and refuses an input that is not there', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await serving({ port });
      expect([r.status, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toBe(`用法错误 USAGE: 端口 ${port}（127.0.0.1）已被占用；请用 --port 换一个端口，或 --port 0 任选一个空闲端口\n`);
    } finally {
      blocker.close();
    }
    await expect(serveCommand({ input: join(dir, 'nothing.txt'), port: 0, host: '127.0.0.1', open: false, out: dir })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});

describe('help', () => {
  it.each([
    ['validate', ['文本导出 (.txt)、工作簿 (.xlsx) 或 JSON/YAML', '在标准输出写一个 JSON 对象']],
    ['convert', ['目标格式', '输出文件（默认写到标准输出）']],
    ['review', ['记录文件或含有记录文件的目录', '以 JSON 输出', '审核规则文件（默认：输入目录中的 pubtable.rules.json）']],
    ['index', ['多个单位的输出目录', '模板目录', '汇总的标题']],
    ['diff', ['原版本', '新版本', '以 JSON 输出', '另把更正说明写成文件（.pdf、.docx、.xlsx、.html 或 .ofd）', '模板目录']],
    ['build', ['输出格式，逗号分隔：pdf、docx、xlsx、html、ofd']],
  ])('%s --help explains each argument and option', async (command, phrases) => {
    const r = await pubtableInProcess([command, '--help']);
    expect(r.status).toBe(0);
    const help = r.stdout.replace(/\s+/g, '');
    for (const p of phrases) expect(help, p).toContain(p.replace(/\s+/g, ''));
  });

  it.each([
    ['', '未知的输出格式 （空）；可用：pdf,docx,xlsx,html,ofd'],
    [',', '未知的输出格式 （空）；可用：pdf,docx,xlsx,html,ofd'],
    ['pdf,exe', '未知的输出格式 exe；可用：pdf,docx,xlsx,html,ofd'],
  ])('build --formats %j: a usage error naming what is unknown and what there is', async (formats, reason) => {
    const r = await pubtableInProcess(['build', EXAMPLE_PATH, '--out', join(dir, 'never'), '--formats', formats]);
    expect([r.status, r.stderr]).toEqual([2, `用法错误 USAGE: ${reason}\n请运行 pubtable --help 查看用法。\n`]);
  });
});

describe('templates', () => {
  it('copies the default templates into a new folder, and leaves a user’s edited file alone when run again', async () => {
    const target = join(dir, 'my-templates', 'deep');
    const r = await pubtableInProcess(['templates', target]);
    expect([r.status, r.stdout]).toEqual([0, `默认模板已复制到 ${target}；修改后用 pubtable build --templates ${target} 生成。\n`]);
    const styles = join(target, 'styles.json');
    expect(readFileSync(styles, 'utf8')).toContain('noto-serif-sc');
    writeFileSync(styles, '{"edited": true}');
    expect((await pubtableInProcess(['templates', target])).status).toBe(0);
    expect(readFileSync(styles, 'utf8')).toBe('{"edited": true}');
  });
});

describe('runs in this process that overlap', () => {
  it('each get their own output, as two processes would', async () => {
    const commands = [
      ['convert', EXAMPLE_PATH, '--to', 'json'],
      ['validate', EXAMPLE_PATH],
      ['convert', '--help'],
    ];
    const alone = [];
    for (const args of commands) alone.push(await pubtableInProcess(args));
    expect(alone.map((r) => r.stdout.length > 0)).toEqual([true, true, true]);
    expect(await Promise.all(commands.map((args) => pubtableInProcess(args)))).toEqual(alone);
  });
});
