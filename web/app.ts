/**
 * The workbench page: shows the server's state (the checks and the projects of the open
 * input), the preview, and the downloads; follows the server's events (`update` when the
 * records change, `build` while a file is made). Text from the records only ever goes into
 * the page as text (textContent), never as markup.
 */
import { $, api, el } from './dom.js';
import { startEditor } from './editor.js';
import { amount, place, type Place } from './format.js';
import { startInPlace } from './inplace.js';
import { findRecord, highlight } from './locate.js';

interface Issue extends Place {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  ref: string;
}

interface Checks {
  ok: boolean;
  units: number;
  projects: number;
  indicators: number;
  totals: { total: string; fiscal: string; special: string; other: string } | null;
  issues: Issue[];
  title?: string;
  department?: string;
  projectList?: { position: number; name: string; unit: string }[];
}

interface State {
  inputs: { id: string; name: string }[];
  current: { id: string; name: string; version: number; checks: Checks; buildable: boolean; previewError: string | null } | null;
  building: boolean;
  maxUploadBytes: number;
}

interface BuildEvent {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  target: string;
  count?: number;
  total?: number;
  label?: string;
  href?: string;
  name?: string;
  message?: string;
}

const preview = $<HTMLIFrameElement>('preview');
const pdf = $<HTMLIFrameElement>('pdf');
let state: State | null = null;
let tab: 'publication' | 'project' | 'pdf' | 'edit' = 'publication';
const editor = startEditor((text) => {
  $('editor-message').textContent = text;
  status(text);
});
const inPlace = startInPlace(preview, editor, (text) => status(text));
/** The build this page asked for: only its end starts a download here. */
let mine: string | null = null;
/** Where the preview was scrolled, to restore after it reloads. */
let keepScroll: { x: number; y: number } | null = null;

function status(text: string): void {
  $('status').textContent = text;
  // One line in the bar; the whole text on hover.
  $('status').title = text;
}

async function refresh(): Promise<void> {
  state = (await api('/api/state')) as State;
  render(state);
}

function render(s: State): void {
  const select = $<HTMLSelectElement>('input-select');
  select.replaceChildren(...s.inputs.map((i) => Object.assign(el('option', i.name), { value: i.id, selected: i.id === s.current?.id })));
  const c = s.current;
  const checks = c?.checks;
  $('summary-title-line').textContent = checks?.title ?? (c ? c.name : '请选择或拖入一个记录文件');
  const rows: [string, string][] = checks
    ? [
        ['单位名称', checks.department ?? ''],
        ['资金使用单位', `${checks.units} 个`],
        ['项目', `${checks.projects} 个`],
        ['绩效指标', `${checks.indicators} 条`],
        ...(checks.totals
          ? ([
              ['合计（万元）', amount(checks.totals.total)],
              ['财政拨款', amount(checks.totals.fiscal)],
              ['财政专户拨款', amount(checks.totals.special)],
              ['其他资金', amount(checks.totals.other)],
            ] as [string, string][])
          : []),
        ['错误', `${checks.issues.filter((i) => i.severity === 'error').length} 条`],
        ['警告', `${checks.issues.filter((i) => i.severity === 'warning').length} 条`],
      ]
    : [];
  $('summary').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', k), el('dd', v)]));
  $('message-count').textContent = checks ? `（${checks.issues.length}）` : '';
  $('messages').replaceChildren(...(checks?.issues ?? []).map(messageItem));
  const projects = $<HTMLSelectElement>('project-select');
  const chosen = projects.value;
  projects.replaceChildren(...(checks?.projectList ?? []).map((p) => Object.assign(el('option', `${p.position}. ${p.name}`), { value: String(p.position) })));
  if (chosen && [...projects.options].some((o) => o.value === chosen)) projects.value = chosen;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-target]')) b.disabled = !c?.buildable || s.building;
  showPreview();
}

function messageItem(issue: Issue): HTMLLIElement {
  const button = el('button');
  button.type = 'button';
  button.append(
    el('span', issue.severity === 'error' ? '错误' : '警告', `severity ${issue.severity}`),
    el('span', issue.code, 'code'),
    el('span', place(issue), 'place'),
    el('div', issue.message),
  );
  button.addEventListener('click', () => {
    for (const b of document.querySelectorAll('#messages [aria-current]')) b.removeAttribute('aria-current');
    button.setAttribute('aria-current', 'true');
    void locate(issue.ref);
  });
  const li = el('li');
  li.append(button);
  return li;
}

async function locate(ref: string): Promise<void> {
  if (tab !== 'publication') await selectTab('publication');
  const doc = preview.contentDocument;
  const target = doc && findRecord(doc, ref);
  if (target) highlight(target);
  else status('预览中没有找到这条问题对应的记录');
}

/** Loads the preview for the tab shown, keeping the scroll position when the same page reloads. */
function showPreview(): void {
  const c = state?.current;
  const error = $('preview-error');
  error.hidden = !c?.previewError || tab === 'pdf' || tab === 'edit';
  error.textContent = c?.previewError ?? '';
  preview.hidden = tab === 'pdf' || tab === 'edit' || !c || c.previewError !== null;
  pdf.hidden = tab !== 'pdf';
  $('editor').hidden = tab !== 'edit';
  if (!c || tab === 'pdf' || tab === 'edit') return;
  const path = tab === 'publication' ? '/preview/publication' : `/preview/project/${$<HTMLSelectElement>('project-select').value || 1}`;
  const next = `${path}?v=${c.version}`;
  if (preview.getAttribute('src') === next) return;
  const win = preview.contentWindow;
  keepScroll = win && preview.getAttribute('src')?.startsWith(path) ? { x: win.scrollX, y: win.scrollY } : null;
  preview.setAttribute('src', next);
}

preview.addEventListener('load', () => {
  if (keepScroll) preview.contentWindow?.scrollTo(keepScroll.x, keepScroll.y);
  keepScroll = null;
  preview.setAttribute('data-version', String(state?.current?.version ?? ''));
});

function selectTab(next: typeof tab): Promise<void> {
  tab = next;
  inPlace.close();
  for (const t of ['publication', 'project', 'pdf', 'edit'] as const) $(`tab-${t}`).setAttribute('aria-selected', String(t === next));
  showPreview();
  if (next === 'pdf') return startBuild('pdf');
  if (next === 'edit') {
    editor.show(Number($<HTMLSelectElement>('project-select').value || 1));
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    if (preview.contentDocument?.readyState === 'complete' && preview.contentWindow?.location.pathname === '/preview/publication') resolve();
    else preview.addEventListener('load', () => resolve(), { once: true });
  });
}

async function startBuild(target: string): Promise<void> {
  $('build-message').textContent = '';
  try {
    mine = target;
    await api('/api/build', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target }) });
  } catch (e) {
    mine = null;
    $('build-message').textContent = (e as Error).message;
  }
}

function onBuild(e: BuildEvent): void {
  const box = $('build');
  box.hidden = e.state !== 'running';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-target]')) b.disabled = e.state === 'running' || !state?.current?.buildable;
  if (e.state === 'running') {
    const bar = $<HTMLProgressElement>('build-bar');
    bar.max = Math.max(1, e.total ?? 0);
    bar.value = e.count ?? 0;
    $('build-label').textContent = e.total ? `${e.count}/${e.total} ${e.label ?? ''}` : '正在准备……';
    return;
  }
  const asked = mine === e.target;
  if (asked) mine = null;
  $('build-message').textContent = e.state === 'done' ? `已生成 ${e.name ?? ''}` : (e.message ?? '');
  if (e.state !== 'done' || !asked) return;
  if (e.target === 'pdf' && tab === 'pdf') {
    pdf.setAttribute('src', `/view/pdf?v=${state?.current?.version ?? 0}`);
    return;
  }
  const a = el('a');
  a.href = e.href!;
  a.download = e.name ?? '';
  document.body.append(a);
  a.click();
  a.remove();
}

async function upload(file: File): Promise<void> {
  if (state && file.size > state.maxUploadBytes) {
    status(`文件太大：不能超过 ${state.maxUploadBytes / 1024 / 1024} MB`);
    return;
  }
  status(`正在打开 ${file.name}……`);
  try {
    state = (await api('/api/upload', { method: 'POST', headers: { 'X-File-Name': encodeURIComponent(file.name) }, body: file })) as State;
    render(state);
    status(`已打开 ${file.name}`);
  } catch (e) {
    status((e as Error).message);
  }
}

function wire(): void {
  $('input-select').addEventListener('change', (e) => {
    const id = (e.target as HTMLSelectElement).value;
    void api('/api/select', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) })
      .then((s) => render((state = s as State)))
      .catch((err: Error) => status(err.message));
  });
  $<HTMLInputElement>('file-input').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void upload(file);
  });
  for (const t of ['publication', 'project', 'pdf', 'edit'] as const) $(`tab-${t}`).addEventListener('click', () => void selectTab(t));
  $('project-select').addEventListener('change', () => void selectTab(tab === 'edit' ? 'edit' : 'project'));
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-target]')) b.addEventListener('click', () => void startBuild(b.dataset.target!));
  $('build-cancel').addEventListener('click', () => void api('/api/build/cancel', { method: 'POST' }).catch(() => {}));
  const hint = $('drop-hint');
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    hint.hidden = false;
  });
  document.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) hint.hidden = true;
  });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    hint.hidden = true;
    const file = e.dataTransfer?.files[0];
    if (file) void upload(file);
  });
  const events = new EventSource('/events');
  events.addEventListener('update', () => {
    void refresh().then(() => status(`记录已更新（${new Date().toLocaleTimeString('zh-CN')}）`));
    // Also outside the 更正 tab: corrections made over the preview are the same records.
    editor.onUpdate();
  });
  events.addEventListener('build', (e) => onBuild(JSON.parse((e as MessageEvent<string>).data) as BuildEvent));
  events.addEventListener('error', () => status('与工作台的连接中断，正在重连……'));
}

wire();
void refresh().catch((e: Error) => status(e.message));
