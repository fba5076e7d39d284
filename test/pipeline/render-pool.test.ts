/**
 * The render threads (src/pipeline/render-pool.ts) as builds use them: started before any
 * layout exists and warmed with the formats of the build, they must give exactly the
 * bytes this thread's renderers give, however many renders wait for a thread and whichever
 * thread loaded which renderer; and a pool that never rendered stops cleanly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyStats, createRenderPool, type RenderPool } from '../../src/pipeline/render-pool.js';
import { rendererFor, type Format } from '../../src/render/index.js';
import { sampleLayout } from '../fixtures/sample-layout.js';

const saved = process.env.PUBTABLE_WORKERS;
let pool: RenderPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
  if (saved === undefined) delete process.env.PUBTABLE_WORKERS;
  else process.env.PUBTABLE_WORKERS = saved;
});

function threads(n: number, jobs: number, warm: Format[]): RenderPool {
  process.env.PUBTABLE_WORKERS = String(n);
  return createRenderPool(jobs, warm);
}

describe('render threads', () => {
  it('warmed with some formats, renders every format to the bytes of this thread, more renders than threads at once', async () => {
    pool = threads(2, 10, ['pdf', 'docx', 'xlsx']);
    expect(pool.size).toBe(2);
    const layout = sampleLayout();
    const formats: Format[] = ['xlsx', 'pdf', 'docx', 'pdf', 'html', 'xlsx', 'docx', 'pdf'];
    const fromPool = await Promise.all(formats.map((f) => pool!.render(layout, f)));
    for (const [i, f] of formats.entries()) {
      const here = await (await rendererFor(f))(layout);
      expect(Buffer.from(fromPool[i]!.bytes).equals(Buffer.from(here.bytes)), `${f} #${i}`).toBe(true);
      expect(fromPool[i]!.warnings).toEqual(here.warnings);
    }
    // Not told that no more renders come: both threads wait for more.
    expect(pool.running).toBe(2);
  });

  it('copies a layout into bytes once for all its formats, the last render taking them along; a later render copies again', async () => {
    pool = threads(2, 10, ['pdf', 'docx']);
    const layout = sampleLayout();
    const before = { ...copyStats };
    // Three renders of one layout, the third waiting for a thread: one copy, handed over by the last.
    const formats: Format[] = ['pdf', 'docx', 'xlsx'];
    const results = await Promise.all(formats.map((f, i) => pool!.render(layout, f, i === formats.length - 1)));
    expect({ made: copyStats.made - before.made, handedOver: copyStats.handedOver - before.handedOver }).toEqual({ made: 1, handedOver: 1 });
    for (const [i, f] of formats.entries()) {
      const here = await (await rendererFor(f))(layout);
      expect(Buffer.from(results[i]!.bytes).equals(Buffer.from(here.bytes)), f).toBe(true);
    }
    // The bytes went with the last render: the same layout asked for again is copied again.
    const again = await pool.render(layout, 'pdf', true);
    expect(copyStats.made - before.made).toBe(2);
    expect(Buffer.from(again.bytes).equals(Buffer.from(results[0]!.bytes))).toBe(true);
    // Another layout, another copy; not told which render is its last, it keeps its copy.
    const other = sampleLayout();
    for (const f of ['docx', 'pdf'] as Format[]) await pool.render(other, f);
    expect({ made: copyStats.made - before.made, handedOver: copyStats.handedOver - before.handedOver }).toEqual({ made: 3, handedOver: 2 });
  });

  it('sends each render to a thread that has its renderer, and a format no thread has to one thread', async () => {
    pool = threads(2, 12, ['pdf', 'docx']);
    expect(pool.loaded).toEqual([['pdf'], ['docx']]);
    const layout = sampleLayout();
    // As many as the threads hold (one under way, one queued each): each behind its own renderer.
    await Promise.all((['pdf', 'docx', 'docx', 'pdf'] as Format[]).map((f) => pool!.render(layout, f)));
    expect(pool.loaded).toEqual([['pdf'], ['docx']]);
    // One at a time, both threads idle: still each to the thread that has it.
    for (const f of ['docx', 'pdf', 'docx', 'pdf'] as Format[]) await pool.render(layout, f);
    expect(pool.loaded).toEqual([['pdf'], ['docx']]);
    // A format no thread has loads on one thread, and then stays there.
    for (let i = 0; i < 3; i++) await pool.render(layout, 'xlsx');
    expect(pool.loaded.filter((f) => f.includes('xlsx'))).toHaveLength(1);
    // More at once than one thread holds: an idle thread takes any render, loading its renderer.
    await Promise.all((['pdf', 'pdf', 'pdf', 'pdf', 'pdf'] as Format[]).map((f) => pool!.render(layout, f)));
    expect(pool.loaded.every((f) => f.includes('pdf'))).toBe(true);
  });

  it('renders in this thread when one render or one thread is all there is', () => {
    expect(threads(4, 1, ['pdf']).size).toBe(1);
    expect(threads(1, 10, ['pdf']).size).toBe(1);
    expect(threads(0, 10, ['pdf']).size).toBe(1);
  });

  it('stops cleanly while its threads are still loading, having rendered nothing', async () => {
    const p = threads(2, 6, ['pdf', 'docx', 'xlsx', 'ofd']);
    expect(p.size).toBe(2);
    await expect(p.close()).resolves.toBeUndefined();
  });

  it('a render that fails rejects with its message, and the thread serves the next render', async () => {
    pool = threads(2, 4, ['pdf']);
    const sample = sampleLayout();
    const serif = sample.fonts.serif!;
    const broken = { ...sample, fonts: { serif: { ...serif, pdf: { ...serif.pdf, normal: { path: '/nonexistent/font.ttf' } } } } };
    await expect(pool.render(broken, 'pdf')).rejects.toThrow(/nonexistent\/font\.ttf/);
    const ok = await pool.render(sampleLayout(), 'pdf');
    expect(Buffer.from(ok.bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('told the fonts to come, renders the same bytes; fonts a thread cannot open fail only the render that uses them', async () => {
    pool = threads(2, 4, ['pdf', 'ofd']);
    const sample = sampleLayout();
    const serif = sample.fonts.serif!;
    const broken = { ...sample, fonts: { serif: { ...serif, pdf: { ...serif.pdf, bold: { path: '/nonexistent/bold.ttf' } } } } };
    pool.prepare(broken.fonts);
    pool.prepare(sample.fonts);
    await expect(pool.render(broken, 'pdf')).rejects.toThrow(/nonexistent\/bold\.ttf/);
    for (const f of ['pdf', 'ofd'] as const) {
      const fromPool = await pool.render(sample, f);
      const here = await (await rendererFor(f))(sample);
      expect(Buffer.from(fromPool.bytes).equals(Buffer.from(here.bytes)), f).toBe(true);
    }
  });

  it('once told no more renders come, stops each thread as it runs out of work, and still renders what was asked', async () => {
    pool = threads(2, 4, ['pdf', 'xlsx']);
    const layout = sampleLayout();
    const pdf = pool.render(layout, 'pdf');
    expect(pool.running).toBe(2);
    pool.finish();
    // The other thread had nothing to do.
    expect(pool.running).toBe(1);
    const here = await (await rendererFor('pdf'))(layout);
    expect(Buffer.from((await pdf).bytes).equals(Buffer.from(here.bytes))).toBe(true);
    expect(pool.running).toBe(0);
    // Asked for all the same: rendered in this thread, the same bytes.
    const late = await pool.render(layout, 'pdf');
    expect(Buffer.from(late.bytes).equals(Buffer.from(here.bytes))).toBe(true);
  });

  it('once told no more renders come, hands a freed thread to a render still waiting before stopping it', async () => {
    pool = threads(2, 4, ['pdf', 'xlsx']);
    const layout = sampleLayout();
    const asked = (['pdf', 'xlsx', 'pdf', 'xlsx'] as Format[]).map((f) => pool!.render(layout, f));
    pool.finish();
    expect(pool.running).toBe(2);
    const done = await Promise.all(asked);
    for (const [i, f] of (['pdf', 'xlsx', 'pdf', 'xlsx'] as Format[]).entries()) {
      const here = await (await rendererFor(f))(layout);
      expect(Buffer.from(done[i]!.bytes).equals(Buffer.from(here.bytes)), `${f} #${i}`).toBe(true);
    }
    expect(pool.running).toBe(0);
  });

  it('queues a render behind a busy thread that has its renderer; a queued render that fails fails alone', async () => {
    pool = threads(2, 8, ['pdf', 'docx']);
    const good = sampleLayout();
    const serif = good.fonts.serif!;
    const broken = { ...good, fonts: { serif: { ...serif, pdf: { ...serif.pdf, normal: { path: '/nonexistent/queued.ttf' } } } } };
    // Both threads busy; the broken PDF goes behind the first PDF on its thread, the last waits.
    const asked = [pool.render(good, 'pdf'), pool.render(good, 'docx'), pool.render(broken, 'pdf'), pool.render(good, 'pdf')];
    const [pdf, docx, failed, after] = await Promise.allSettled(asked);
    await expect(asked[2]).rejects.toThrow(/nonexistent\/queued\.ttf/);
    expect(failed!.status).toBe('rejected');
    const here = { pdf: await (await rendererFor('pdf'))(good), docx: await (await rendererFor('docx'))(good) };
    for (const [r, f] of [[pdf, 'pdf'], [after, 'pdf'], [docx, 'docx']] as const) {
      expect(r!.status).toBe('fulfilled');
      const bytes = (r as PromiseFulfilledResult<{ bytes: Uint8Array }>).value.bytes;
      expect(Buffer.from(bytes).equals(Buffer.from(here[f].bytes)), f).toBe(true);
    }
    // Both threads, the one whose queued render failed too, go on rendering.
    const again = await Promise.all([pool.render(good, 'pdf'), pool.render(good, 'pdf')]);
    for (const r of again) expect(Buffer.from(r.bytes).equals(Buffer.from(here.pdf.bytes))).toBe(true);
    expect(pool.running).toBe(2);
  });
});
