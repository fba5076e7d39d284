/**
 * 更正: the chosen project's fields as a form, the unit rows and 合计 as they are summed
 * while you type (the records and their checks are the Draft's, shared with the editor over
 * the preview). Nothing is saved while a field has an error; a save names the version it was
 * made from (If-Match), so a stale tab is refused, never overwrites. 发布, the changes since
 * the last publication, the files to download and the history (compare, restore) are here too.
 */
import { COLUMN_LABELS } from '../src/model/columns.js';
import { $, api, ApiError, button, el } from './dom.js';
import { COLUMNS, Draft, shownAmount, type Amounts, type Records } from './draft.js';

interface Mark { op: 'same' | 'del' | 'ins'; text: string }
interface Change { kind: string; subject: string; field: string; marks: Mark[] }
interface Version { version: string; savedAt: string; publishedAt: string | null; summary: string; current: boolean; baseline: boolean }

interface PublishedFile { kind: 'table' | 'corrections'; format: string; name: string; href: string }

const FILE_LABELS = { table: '更正后的全表', corrections: '更正说明' };
const FORMAT_LABELS: Record<string, string> = { pdf: 'PDF', docx: 'Word', xlsx: 'Excel', html: 'HTML', ofd: 'OFD' };

export interface Editor {
  /** Shows the form of the project at this 1-based position. */
  show(position: number): void;
  /** The records changed on disk: reload unless there are unsaved corrections. */
  onUpdate(): void;
  /** The records being corrected (the form and the editor over the preview share them). */
  readonly draft: Draft;
  /** Loads the records if they are not yet. */
  ready(): Promise<void>;
  /** Saves the corrections; true when they were saved. */
  save(): Promise<boolean>;
}

export function startEditor(say: (text: string) => void): Editor {
  const draft = new Draft();
  let position = 1;
  /** The save or restore under way: a change it makes on disk is this page's own, not news. */
  let pending: Promise<unknown> = Promise.resolve();
  let loading: Promise<void> | null = null;

  /**
   * The records as they are on disk. Corrections typed while they were being fetched are kept
   * (and the version they were made on), unless `replace`: after a save or a restore, or 重新载入.
   */
  async function load(replace = false): Promise<void> {
    const r = (await api('/api/records')) as { version: string; file: string; uploaded: boolean; publication: Records };
    if (draft.dirty && !replace) return;
    draft.load(r.version, r.publication);
    // Set here, not in the page: its static links are the server's assets only.
    $('records-file').setAttribute('href', '/api/records/file');
    $('records-file').setAttribute('download', r.file);
    $('editor-note').hidden = !r.uploaded;
    render();
    await showVersions();
  }

  function render(): void {
    $('editor-version').textContent = `版本 ${draft.base}`;
    renderTotals();
    renderForm();
    updateSave();
  }

  function renderTotals(): void {
    const records = draft.records;
    if (!records) return;
    const row = (name: string, a: Amounts) => {
      const tr = el('tr');
      tr.append(el('th', name), ...COLUMNS.map(([k]) => el('td', shownAmount(a, k))));
      return tr;
    };
    const head = el('tr');
    head.append(el('th', COLUMN_LABELS.name), ...COLUMNS.map(([, label]) => el('th', label)));
    $('editor-totals').replaceChildren(head, row('合计', records.total), ...records.units.map((u) => row(u.name, u.amounts)));
  }

  function renderForm(): void {
    const p = draft.projects()[position - 1];
    const form = $('editor-form');
    if (!p) return void form.replaceChildren(el('p', '没有这个项目'));
    const indicators = p.indicators.map((_, i) => {
      const box = draft.fields(position, { indicator: i }, 'edit');
      box.append(button('删除这条指标', () => {
        draft.removeIndicator(position, i);
        renderForm();
      }));
      return box;
    });
    const add = button('添加一条指标', () => {
      draft.addIndicator(position);
      renderForm();
      $(`edit-ind${p.indicators.length - 1}-name`).focus();
    });
    form.replaceChildren(
      el('h3', `${position}. ${p.name}`),
      draft.fields(position, 'name', 'edit'),
      draft.fields(position, 'amounts', 'edit'),
      draft.fields(position, 'goal', 'edit'),
      ...indicators,
      add,
    );
  }

  draft.onChange(() => {
    renderTotals();
    updateSave();
  });

  function updateSave(): void {
    const errors = draft.errorCount();
    for (const save of document.querySelectorAll<HTMLButtonElement>('[data-save]')) save.disabled = !draft.dirty || errors > 0;
    $('editor-state').textContent = errors > 0 ? `有 ${errors} 处错误，改正后才能保存` : draft.dirty ? '有未保存的更正' : '';
  }

  function save(): Promise<boolean> {
    const saving = saveNow();
    pending = saving;
    return saving;
  }

  async function saveNow(): Promise<boolean> {
    if (!draft.records || draft.errorCount() > 0) return false;
    try {
      const r = (await api('/api/records', { method: 'PUT', headers: { 'If-Match': `"${draft.base}"`, 'Content-Type': 'application/json' }, body: JSON.stringify({ format: 'pubtable/1', ...draft.records }) })) as { version: string; message?: string };
      say(r.message ?? `已保存：版本 ${r.version}`);
      await load(true);
      return true;
    } catch (e) {
      const issues = e instanceof ApiError ? (e.body as { issues?: { code: string; message: string }[] } | null)?.issues : undefined;
      say(issues ? `${(e as Error).message}：${issues.map((i) => `${i.code} ${i.message}`).join('；')}` : (e as Error).message);
      return false;
    }
  }

  async function publish(): Promise<void> {
    say('正在发布……');
    try {
      const r = (await api('/api/publish', { method: 'POST' })) as { written: string[]; unchanged: string[]; corrections: string[] };
      say(`已发布：写入 ${r.written.length} 个文件，${r.unchanged.length} 个未变${r.corrections.length ? `；更正说明：${r.corrections.join('、')}` : ''}。可在右侧“已发布的文件”下载`);
      await showVersions();
    } catch (e) {
      say((e as Error).message);
    }
  }

  /** The corrected table and its 更正说明 as 发布 wrote them, each a link that downloads it. */
  async function showPublished(): Promise<void> {
    const files = (await api('/api/published')) as PublishedFile[];
    $('published').replaceChildren(
      ...(files.length === 0
        ? [el('li', '尚未发布')]
        : files.map((f) => {
            const a = el('a', `${FILE_LABELS[f.kind]} ${FORMAT_LABELS[f.format] ?? f.format}`);
            a.href = f.href;
            a.download = f.name;
            a.title = f.name;
            const li = el('li');
            li.append(a);
            return li;
          })),
    );
  }

  /** The history, the files published, and the changes since the version 发布 compares with (the server marks it). */
  async function showVersions(): Promise<void> {
    const [versions] = await Promise.all([api('/api/history') as Promise<Version[]>, showPublished()]);
    $('history').replaceChildren(
      ...versions.map((v) => {
        const li = el('li');
        const when = v.savedAt ? new Date(v.savedAt).toLocaleString('zh-CN') : '';
        li.append(el('span', `${when} ${v.summary}${v.publishedAt ? '（已发布）' : ''}${v.current ? '（当前）' : ''}`));
        if (!v.current) {
          li.append(button('与当前对比', () => void compare(v.version, draft.base)), button('恢复此版本', () => void restore(v.version)));
        }
        return li;
      }),
    );
    const baseline = versions.find((v) => v.baseline);
    if (!baseline) return showChanges([], '尚未更正', {});
    if (baseline.version === draft.base) return showChanges([], '当前版本就是最近发布的版本', {});
    await compare(baseline.version, draft.base, '自上次发布以来的更正');
  }

  function restore(version: string): Promise<void> {
    return (pending = restoreNow(version));
  }

  async function restoreNow(version: string): Promise<void> {
    try {
      await api(`/api/history/${version}/restore`, { method: 'POST', headers: { 'If-Match': `"${draft.base}"` } });
      say(`已恢复版本 ${version}`);
      await load(true);
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
  $('reload').addEventListener('click', () => void load(true).catch((e: Error) => say(e.message)));

  return {
    show(p: number) {
      position = p;
      // The records once loaded stay current by onUpdate (the page calls it on every change on
      // disk): the form shows at once, and nothing typed into it is replaced by a late fetch.
      if (!draft.records) return void load().catch((e: Error) => say(e.message));
      render();
      void showVersions().catch((e: Error) => say(e.message));
    },
    draft,
    async ready() {
      if (!draft.records) await (loading ??= load().finally(() => (loading = null)));
    },
    save,
    onUpdate() {
      if (!draft.records) return;
      void pending
        .then(async () => {
          const { version } = (await api('/api/records')) as { version: string };
          if (version === draft.base) return;
          if (!draft.dirty) await load();
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

