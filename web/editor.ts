/**
 * 更正: the chosen project's fields as a form beside its printout. Amounts are read as
 * typed by the model's own rules (src/model/amount.ts, shared with the server), a row's
 * 总计 must be the sum of its sources, and the unit rows and 合计 are summed again on each
 * keystroke. Nothing is saved while a field has an error; a save names the version it was
 * made from (If-Match), so a stale tab is refused, never overwrites. 发布, the changes
 * since the last publication and the history (compare, restore) are here too.
 */
import { AMOUNT_PROBLEMS, amountToString, formatAmount, readAmount, ZERO } from '../src/model/amount.js';
import { sumAmounts } from '../src/model/amounts.js';
import { AMOUNT_COLUMNS, COLUMN_LABELS } from '../src/model/columns.js';
import type { Amounts as ExactAmounts } from '../src/model/types.js';
import { rowSumMismatch } from '../src/validate/amounts.js';
import { $, api, ApiError, el } from './dom.js';

/** The four amounts as the records' JSON carries them: exact decimal strings. */
type Amounts = Record<keyof ExactAmounts, string>;
interface Indicator { number: number; level1: { code: string; name: string }; level2: { code: string; name: string }; name: string; cycleValue: string; annualValue: string }
interface Project { name: string; amounts: Amounts; goal: string; indicators: Indicator[] }
interface Unit { name: string; amounts: Amounts; projects: Project[] }
interface Records { total: Amounts; units: Unit[] }
interface Mark { op: 'same' | 'del' | 'ins'; text: string }
interface Change { kind: string; subject: string; field: string; marks: Mark[] }
interface Version { version: string; savedAt: string; publishedAt: string | null; summary: string; current: boolean; baseline: boolean }

const COLUMNS = AMOUNT_COLUMNS.map((k) => [k, COLUMN_LABELS[k]] as const);

export interface Editor {
  /** Shows the form of the project at this 1-based position. */
  show(position: number): void;
  /** The records changed on disk: reload unless there are unsaved corrections. */
  onUpdate(): void;
}

export function startEditor(say: (text: string) => void): Editor {
  let base = '';
  let draft: Records | null = null;
  let position = 1;
  let dirty = false;
  /** The save or restore under way: a change it makes on disk is this page's own, not news. */
  let pending: Promise<unknown> = Promise.resolve();
  /** `<position>:<field id>` → its error, for the fields that have one now. */
  const errors = new Map<string, string>();
  const key = (id: string) => `${position}:${id}`;

  const projects = () => draft?.units.flatMap((u) => u.projects) ?? [];

  async function load(): Promise<void> {
    const r = (await api('/api/records')) as { version: string; publication: Records };
    base = r.version;
    draft = r.publication;
    dirty = false;
    errors.clear();
    render();
    await showVersions();
  }

  function render(): void {
    $('editor-version').textContent = `版本 ${base}`;
    renderTotals();
    renderForm();
    updateSave();
  }

  function renderTotals(): void {
    if (!draft) return;
    const row = (name: string, a: Amounts) => {
      const tr = el('tr');
      tr.append(el('th', name), ...COLUMNS.map(([k]) => el('td', a[k] === '0.00' ? '' : formatAmount(exact(a)[k]))));
      return tr;
    };
    const head = el('tr');
    head.append(el('th', COLUMN_LABELS.name), ...COLUMNS.map(([, label]) => el('th', label)));
    $('editor-totals').replaceChildren(head, row('合计', draft.total), ...draft.units.map((u) => row(u.name, u.amounts)));
  }

  function renderForm(): void {
    const p = projects()[position - 1];
    const form = $('editor-form');
    if (!p) return void form.replaceChildren(el('p', '没有这个项目'));
    const parts: HTMLElement[] = [el('h3', `${position}. ${p.name}`)];
    parts.push(field('name', '项目名称', p.name, (v) => (p.name = v)));
    const money = el('div', undefined, 'money');
    for (const [k, label] of COLUMNS) money.append(field(`amount-${k}`, label, p.amounts[k] === '0.00' ? '' : formatAmount(exact(p.amounts)[k]), (v) => setAmount(p, k, label, v)));
    parts.push(money);
    parts.push(field('goal', '绩效目标', p.goal, (v) => (p.goal = v), true));
    p.indicators.forEach((ind, i) => {
      const box = el('fieldset');
      box.append(el('legend', `第 ${i + 1} 条指标（${ind.level1.code}-${ind.level1.name}；${ind.level2.code}-${ind.level2.name}）`));
      box.append(
        field(`ind${i}-name`, '三级指标', ind.name, (v) => (ind.name = v)),
        field(`ind${i}-cycle`, '实施周期指标值', ind.cycleValue, (v) => (ind.cycleValue = v)),
        field(`ind${i}-annual`, '年度指标值', ind.annualValue, (v) => (ind.annualValue = v)),
      );
      parts.push(box);
    });
    form.replaceChildren(...parts);
  }

  /** A labelled input (or textarea) whose error, if any, shows right under it. */
  function field(id: string, label: string, value: string, set: (v: string) => void, long = false): HTMLElement {
    const wrap = el('div', undefined, 'field');
    const input = long ? el('textarea') : el('input');
    input.id = `edit-${id}`;
    input.value = value;
    if (long) (input as HTMLTextAreaElement).rows = 4;
    const message = el('span', errors.get(key(id)) ?? '', 'field-error');
    message.id = `edit-${id}-error`;
    message.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', message.id);
    const lab = el('label', label);
    lab.htmlFor = input.id;
    input.addEventListener('input', () => {
      set(input.value);
      dirty = true;
      checkProject();
      renderTotals();
      for (const m of document.querySelectorAll<HTMLElement>('#editor-form .field-error')) m.textContent = errors.get(key(m.id.slice(5, -6))) ?? '';
      for (const i of document.querySelectorAll<HTMLElement>('#editor-form input, #editor-form textarea')) i.setAttribute('aria-invalid', String(errors.has(key(i.id.slice(5)))));
      updateSave();
    });
    wrap.append(lab, input, message);
    return wrap;
  }

  /** An amount as typed: kept as the exact decimal when it is one, else an INVALID_AMOUNT error at the field. */
  function setAmount(p: Project, k: keyof Amounts, label: string, text: string): void {
    const read = readAmount(text);
    const id = key(`amount-${k}`);
    if (read.ok) {
      errors.delete(id);
      p.amounts[k] = amountToString(read.amount);
    } else errors.set(id, `INVALID_AMOUNT：${label}“${text.trim()}”${AMOUNT_PROBLEMS[read.why]}`);
  }

  /** AMOUNT_SUM_MISMATCH by validate's own rule, then the unit rows and 合计 summed again. */
  function checkProject(): void {
    const p = projects()[position - 1];
    if (!p || !draft) return;
    const total = key('amount-total');
    if (!errors.has(total) || errors.get(total)!.startsWith('AMOUNT_SUM_MISMATCH')) {
      const mismatch = rowSumMismatch(p.name, exact(p.amounts), { file: '' });
      if (mismatch) errors.set(total, `${mismatch.code}：${mismatch.message}`);
      else errors.delete(total);
    }
    for (const u of draft.units) u.amounts = decimals(sumAmounts(u.projects.map((x) => exact(x.amounts))));
    draft.total = decimals(sumAmounts(draft.units.map((u) => exact(u.amounts))));
  }

  function updateSave(): void {
    const save = $<HTMLButtonElement>('save');
    save.disabled = !dirty || errors.size > 0;
    $('editor-state').textContent = errors.size > 0 ? `有 ${errors.size} 处错误，改正后才能保存` : dirty ? '有未保存的更正' : '';
  }

  function save(): Promise<void> {
    return (pending = saveNow());
  }

  async function saveNow(): Promise<void> {
    if (!draft || errors.size > 0) return;
    try {
      const r = (await api('/api/records', { method: 'PUT', headers: { 'If-Match': `"${base}"`, 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 'pubtable/1', ...draft }) })) as { version: string; message?: string };
      say(r.message ?? `已保存：版本 ${r.version}`);
      await load();
    } catch (e) {
      const issues = e instanceof ApiError ? (e.body as { issues?: { code: string; message: string }[] } | null)?.issues : undefined;
      say(issues ? `${(e as Error).message}：${issues.map((i) => `${i.code} ${i.message}`).join('；')}` : (e as Error).message);
    }
  }

  async function publish(): Promise<void> {
    say('正在发布……');
    try {
      const r = (await api('/api/publish', { method: 'POST' })) as { written: string[]; unchanged: string[]; corrections: string[] };
      say(`已发布：写入 ${r.written.length} 个文件，${r.unchanged.length} 个未变${r.corrections.length ? `；更正说明：${r.corrections.join('、')}` : ''}`);
      await showVersions();
    } catch (e) {
      say((e as Error).message);
    }
  }

  /** The history, and the changes since the version 发布 compares with (the server marks it). */
  async function showVersions(): Promise<void> {
    const versions = (await api('/api/history')) as Version[];
    $('history').replaceChildren(
      ...versions.map((v) => {
        const li = el('li');
        const when = v.savedAt ? new Date(v.savedAt).toLocaleString('zh-CN') : '';
        li.append(el('span', `${when} ${v.summary}${v.publishedAt ? '（已发布）' : ''}${v.current ? '（当前）' : ''}`));
        if (!v.current) {
          li.append(button('与当前对比', () => void compare(v.version, base)), button('恢复此版本', () => void restore(v.version)));
        }
        return li;
      }),
    );
    const baseline = versions.find((v) => v.baseline);
    if (!baseline) return showChanges([], '尚未更正', {});
    if (baseline.version === base) return showChanges([], '当前版本就是最近发布的版本', {});
    await compare(baseline.version, base, '自上次发布以来的更正');
  }

  function restore(version: string): Promise<void> {
    return (pending = restoreNow(version));
  }

  async function restoreNow(version: string): Promise<void> {
    try {
      await api(`/api/history/${version}/restore`, { method: 'POST', headers: { 'If-Match': `"${base}"` } });
      say(`已恢复版本 ${version}`);
      await load();
    } catch (e) {
      say((e as Error).message);
    }
  }

  async function compare(from: string, to: string, title = `版本 ${from} → 当前`): Promise<void> {
    const r = (await api(`/api/diff?from=${from}&to=${to}`)) as { changes: Change[]; labels: Record<string, string> };
    showChanges(r.changes, title, r.labels);
  }

  /** Each change with the removed characters struck out and the added ones marked. */
  function showChanges(changes: Change[], title: string, labels: Record<string, string>): void {
    $('changes-title').textContent = title;
    $('changes').replaceChildren(
      ...changes.map((c) => {
        const li = el('li');
        li.append(el('b', labels[c.kind] ?? c.kind), el('span', ` ${c.subject}${c.field ? ` · ${c.field}` : ''}：`));
        const before = el('span', undefined, 'before');
        const after = el('span', undefined, 'after');
        c.marks.forEach((m, i) => {
          const text = m.op === 'same' ? around(m.text, i === 0, i === c.marks.length - 1) : m.text;
          if (m.op !== 'ins') before.append(m.op === 'same' ? text : el('del', text));
          if (m.op !== 'del') after.append(m.op === 'same' ? text : el('ins', text));
        });
        li.append(before, el('span', ' → '), after);
        return li;
      }),
    );
  }

  $('save').addEventListener('click', () => void save());
  $('publish').addEventListener('click', () => void publish());
  $('reload').addEventListener('click', () => void load().catch((e: Error) => say(e.message)));

  return {
    show(p: number) {
      position = p;
      // Unsaved corrections stay; otherwise the form shows the records as they are now.
      if (draft && dirty) renderForm();
      else void load().catch((e: Error) => say(e.message));
    },
    onUpdate() {
      void pending
        .then(async () => {
          const { version } = (await api('/api/records')) as { version: string };
          if (version === base) return;
          if (!dirty) await load();
          else say('记录文件在别处被修改：保存会被拒绝，请先“重新载入”');
        })
        .catch((e: Error) => say(e.message));
    },
  };
}

/** Unchanged text around a change, shortened to what places it: a dozen characters each side. */
function around(text: string, first: boolean, last: boolean): string {
  const chars = [...text];
  const keep = 12;
  if (first && !last && chars.length > keep) return `…${chars.slice(-keep).join('')}`;
  if (last && !first && chars.length > keep) return `${chars.slice(0, keep).join('')}…`;
  if (!first && !last && chars.length > 2 * keep + 1) return `${chars.slice(0, keep).join('')}…${chars.slice(-keep).join('')}`;
  return text;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

/** Decimals the page itself keeps (always valid) as exact amounts, and back. */
function exact(a: Amounts): ExactAmounts {
  const one = (d: string) => {
    const r = readAmount(d);
    return r.ok ? r.amount : ZERO;
  };
  return { total: one(a.total), fiscal: one(a.fiscal), special: one(a.special), other: one(a.other) };
}

function decimals(a: ExactAmounts): Amounts {
  return { total: amountToString(a.total), fiscal: amountToString(a.fiscal), special: amountToString(a.special), other: amountToString(a.other) };
}
