/**
 * The records being corrected, shared by the 更正 form and the editor over the preview: the
 * version they were loaded at, the corrections typed since, and each field's error. Amounts
 * are read as typed by the model's own rules (src/model/amount.ts, shared with the server),
 * a row's 总计 must be the sum of its sources (validate's rowSumMismatch), and the unit rows
 * and 合计 are summed again on each keystroke. Whoever shows the records listens for changes.
 */
import { AMOUNT_PROBLEMS, amountToString, formatAmount, readAmount, ZERO } from '../src/model/amount.js';
import { sumAmounts } from '../src/model/amounts.js';
import { AMOUNT_COLUMNS, COLUMN_LABELS } from '../src/model/columns.js';
import { LEVEL1, LEVEL2 } from '../src/model/indicator-codes.js';
import type { Amounts as ExactAmounts, Project as ModelProject } from '../src/model/types.js';
import { rowSumMismatch } from '../src/validate/amounts.js';
import { checkIndicators } from '../src/validate/indicators.js';
import { el } from './dom.js';

/** The four amounts as the records' JSON carries them: exact decimal strings. */
export type Amounts = Record<keyof ExactAmounts, string>;
export interface Indicator { number: number; level1: { code: string; name: string }; level2: { code: string; name: string }; name: string; cycleValue: string; annualValue: string }
export interface Project { name: string; amounts: Amounts; goal: string; indicators: Indicator[] }
export interface Unit { name: string; amounts: Amounts; projects: Project[] }
export interface Records { total: Amounts; units: Unit[] }

export const COLUMNS = AMOUNT_COLUMNS.map((k) => [k, COLUMN_LABELS[k]] as const);

/** Which fields of a project to show: its name, its four amounts, its goal, or one indicator. */
export type Part = 'name' | 'amounts' | 'goal' | { indicator: number };

export class Draft {
  /** The version the records were loaded at: a save names it (If-Match). */
  base = '';
  records: Records | null = null;
  dirty = false;
  /** `<position>:<field id>` → its error, for the fields that have one now. */
  readonly errors = new Map<string, string>();
  private readonly listeners = new Set<(position: number) => void>();

  load(version: string, records: Records): void {
    this.base = version;
    this.records = records;
    this.dirty = false;
    this.errors.clear();
  }

  projects(): Project[] {
    return this.records?.units.flatMap((u) => u.projects) ?? [];
  }

  /** Called with the project's position after each keystroke in any of its fields. */
  onChange(listener: (position: number) => void): void {
    this.listeners.add(listener);
  }

  /** The errors of one project's fields (all of them when `position` is omitted). */
  errorCount(position?: number): number {
    return position === undefined ? this.errors.size : [...this.errors.keys()].filter((k) => k.startsWith(`${position}:`)).length;
  }

  /** Labelled inputs for `part` of the project at `position`, with ids `<prefix>-<field id>`. */
  fields(position: number, part: Part, prefix: string): HTMLElement {
    const p = this.projects()[position - 1];
    if (!p) return el('p', '没有这个项目');
    const field = (id: string, label: string, value: string, set: (v: string) => void, long = false) => this.field(position, prefix, id, label, value, set, long);
    if (part === 'name') return field('name', '项目名称', p.name, (v) => (p.name = v));
    if (part === 'goal') return field('goal', '绩效目标', p.goal, (v) => (p.goal = v), true);
    if (part === 'amounts') {
      const money = el('div', undefined, 'money');
      for (const [k, label] of COLUMNS) money.append(field(`amount-${k}`, label, shownAmount(p.amounts, k), (v) => this.setAmount(position, p, k, label, v)));
      return money;
    }
    const i = part.indicator;
    const ind = p.indicators[i];
    if (!ind) return el('p', '没有这条指标');
    const box = el('fieldset');
    const legend = el('legend');
    const warn = el('span', '', 'field-warning');
    warn.setAttribute('role', 'status');
    /** The legend and the level warnings validate would give for this indicator, now. */
    const describe = () => {
      legend.textContent = `第 ${ind.number} 条指标（${codedName(ind.level1)}；${codedName(ind.level2)}）`;
      warn.textContent = levelWarnings(p, ind);
    };
    describe();
    box.append(
      legend,
      this.level(position, prefix, `ind${i}-level1`, '一级指标', LEVEL1, ind.level1, describe),
      this.level(position, prefix, `ind${i}-level2`, '二级指标', LEVEL2, ind.level2, describe),
      warn,
      field(`ind${i}-name`, '三级指标', ind.name, (v) => (ind.name = v)),
      field(`ind${i}-cycle`, '实施周期指标值', ind.cycleValue, (v) => (ind.cycleValue = v)),
      field(`ind${i}-annual`, '年度指标值', ind.annualValue, (v) => (ind.annualValue = v)),
    );
    return box;
  }

  /** A new indicator at the end of the project (产出指标/数量指标, its texts empty to fill in). */
  addIndicator(position: number): void {
    const p = this.projects()[position - 1];
    if (!p) return;
    p.indicators.push({ number: p.indicators.length + 1, level1: { code: '1', name: LEVEL1['1']! }, level2: { code: '11', name: LEVEL2['11']! }, name: '', cycleValue: '', annualValue: '' });
    this.changed(position);
  }

  /** Removes indicator `i`; the ones after it are numbered again when the numbers ran 1, 2, 3… */
  removeIndicator(position: number, i: number): void {
    const p = this.projects()[position - 1];
    if (!p || !p.indicators[i]) return;
    const consecutive = p.indicators.every((x, k) => x.number === k + 1);
    p.indicators.splice(i, 1);
    if (consecutive) p.indicators.forEach((x, k) => (x.number = k + 1));
    this.changed(position);
  }

  /** The project at `position` back as `before` (a copy is kept), its errors gone, the sums and listeners told. */
  restoreProject(position: number, before: Project): void {
    const p = this.projects()[position - 1];
    if (!p) return;
    Object.assign(p, structuredClone(before));
    for (const key of [...this.errors.keys()]) if (key.startsWith(`${position}:`)) this.errors.delete(key);
    this.check(position);
    this.changed(position);
  }

  private changed(position: number): void {
    this.dirty = true;
    for (const listener of this.listeners) listener(position);
  }

  /** A choice of the official codes (and the one the records have, if it is not one of them). */
  private level(position: number, prefix: string, id: string, label: string, codes: Record<string, string>, value: { code: string; name: string }, after: () => void): HTMLElement {
    const wrap = el('div', undefined, 'field');
    const select = el('select');
    select.id = `${prefix}-${id}`;
    const options = Object.entries(codes).map(([code, name]) => ({ code, name }));
    if (codes[value.code] !== value.name) options.unshift({ ...value });
    for (const o of options) select.append(Object.assign(el('option', codedName(o)), { value: `${o.code}\u0000${o.name}` }));
    select.value = `${value.code}\u0000${value.name}`;
    const lab = el('label', label);
    lab.htmlFor = select.id;
    select.addEventListener('change', () => {
      const [code, name] = select.value.split('\u0000') as [string, string];
      value.code = code;
      value.name = name;
      after();
      this.changed(position);
    });
    wrap.append(lab, select);
    return wrap;
  }

  /** A labelled input (or textarea) whose error, if any, shows right under it. */
  private field(position: number, prefix: string, id: string, label: string, value: string, set: (v: string) => void, long: boolean): HTMLElement {
    const key = `${position}:${id}`;
    const wrap = el('div', undefined, 'field');
    const input = long ? el('textarea') : el('input');
    input.id = `${prefix}-${id}`;
    input.value = value;
    input.dataset.key = key;
    if (long) (input as HTMLTextAreaElement).rows = 4;
    const message = el('span', this.errors.get(key) ?? '', 'field-error');
    message.id = `${input.id}-error`;
    message.dataset.errorKey = key;
    message.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', message.id);
    input.setAttribute('aria-invalid', String(this.errors.has(key)));
    const lab = el('label', label);
    lab.htmlFor = input.id;
    input.addEventListener('input', () => {
      set(input.value);
      this.check(position);
      showErrors(this.errors);
      this.changed(position);
    });
    wrap.append(lab, input, message);
    return wrap;
  }

  /** An amount as typed: kept as the exact decimal when it is one, else an INVALID_AMOUNT error at the field. */
  private setAmount(position: number, p: Project, k: keyof Amounts, label: string, text: string): void {
    const read = readAmount(text);
    const key = `${position}:amount-${k}`;
    if (read.ok) {
      this.errors.delete(key);
      p.amounts[k] = amountToString(read.amount);
    } else this.errors.set(key, `INVALID_AMOUNT：${label}“${text.trim()}”${AMOUNT_PROBLEMS[read.why]}`);
  }

  /** AMOUNT_SUM_MISMATCH by validate's own rule, then the unit rows and 合计 summed again. */
  private check(position: number): void {
    const p = this.projects()[position - 1];
    if (!p || !this.records) return;
    const total = `${position}:amount-total`;
    if (!this.errors.has(total) || this.errors.get(total)!.startsWith('AMOUNT_SUM_MISMATCH')) {
      const mismatch = rowSumMismatch(p.name, exact(p.amounts), { file: '' });
      if (mismatch) this.errors.set(total, `${mismatch.code}：${mismatch.message}`);
      else this.errors.delete(total);
    }
    for (const u of this.records.units) u.amounts = decimals(sumAmounts(u.projects.map((x) => exact(x.amounts))));
    this.records.total = decimals(sumAmounts(this.records.units.map((u) => exact(u.amounts))));
  }
}

/** Every field on the page, in the form or over the preview, shows its error now. */
function showErrors(errors: Map<string, string>): void {
  for (const m of document.querySelectorAll<HTMLElement>('[data-error-key]')) m.textContent = errors.get(m.dataset.errorKey!) ?? '';
  for (const i of document.querySelectorAll<HTMLElement>('[data-key]')) i.setAttribute('aria-invalid', String(errors.has(i.dataset.key!)));
}

const codedName = (c: { code: string; name: string }) => `${c.code}-${c.name}`;

/** INDICATOR_LEVEL_MISMATCH and UNKNOWN_INDICATOR_CODE for one indicator, by validate's own checks (warnings: saving is allowed). */
function levelWarnings(p: Project, ind: Indicator): string {
  const one = { name: p.name, indicators: [ind], source: { file: '' } } as unknown as ModelProject;
  return checkIndicators(one)
    .filter((d) => d.code === 'INDICATOR_LEVEL_MISMATCH' || d.code === 'UNKNOWN_INDICATOR_CODE')
    .map((d) => `${d.code}：${d.message}`)
    .join('；');
}

/** An amount as the table prints it: empty for zero, else `1,234.56`. */
export function shownAmount(a: Amounts, k: keyof Amounts): string {
  return a[k] === '0.00' ? '' : formatAmount(exact(a)[k]);
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
