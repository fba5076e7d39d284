/**
 * The progress a build prints: a bar redrawn in place on a terminal, one plain line per file
 * in a log (CI, a file). The command-line tests see only the log form (their stderr is a
 * pipe); the terminal form is pinned here against a stream that says it is a terminal.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressFor } from '../../src/pipeline/progress.js';

function stream(tty: boolean, columns?: number): NodeJS.WriteStream & { text: () => string } {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return Object.assign(s, { isTTY: tty, columns, text: () => text }) as unknown as NodeJS.WriteStream & { text: () => string };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('build progress', () => {
  it('in a log: one line per file, counted', async () => {
    const s = stream(false);
    const p = progressFor(s);
    p.start(2);
    p.step('distinct.pdf');
    p.step('projects/01-就业补贴项目.pdf');
    p.done();
    await flush();
    expect(s.text()).toBe('[1/2] 写入 distinct.pdf\n[2/2] 写入 projects/01-就业补贴项目.pdf\n');
  });

  it('on a terminal: a 30-cell bar redrawn in place, a long name shortened from the left, cleared at the end', async () => {
    const s = stream(true, 60);
    const p = progressFor(s);
    p.start(4);
    p.step('a.pdf');
    p.step('projects/01-一个名字很长很长很长很长很长很长很长很长的项目.pdf');
    p.done();
    await flush();
    // 60 columns − 30 for the bar − 20 for the rest: a longer name shows as … and its last 9 characters.
    expect(s.text()).toBe(
      `\r\x1b[K[${'#'.repeat(8)}${' '.repeat(22)}] 1/4 a.pdf` +
        `\r\x1b[K[${'#'.repeat(15)}${' '.repeat(15)}] 2/4 …很长的项目.pdf` +
        '\r\x1b[K',
    );
  });

  it('on a terminal of unknown width, 80 columns; nothing to clear when nothing was written; a new start counts from 1', async () => {
    const s = stream(true);
    const p = progressFor(s);
    p.start(0);
    p.done();
    p.start(1);
    p.step('x'.repeat(40));
    await flush();
    expect(s.text()).toBe(`\r\x1b[K[${'#'.repeat(30)}] 1/1 …${'x'.repeat(29)}`);
  });
});
