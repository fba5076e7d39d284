/**
 * Correcting a field where the table shows it. In the publication preview each cell the
 * template names with `field` (`data-field`: name, amount-total…, goal, indicators) opens,
 * when clicked, the same inputs as the 更正 form in a panel over that cell; as you type, the
 * cell, its unit's row and 合计 in the preview change with it, and errors show under the
 * input and outline the cell. The preview is the server's page, not the records: a click
 * opens the editor only when the row it is on is the project the records have at that place.
 */
import { formatIndicator } from '../src/model/indicator-text.js';
import type { Indicator as ModelIndicator } from '../src/model/types.js';
import { $, button, el } from './dom.js';
import { COLUMNS, shownAmount, type Part, type Project } from './draft.js';
import type { Editor } from './editor.js';

interface Open {
  position: number;
  part: Part;
  cell: HTMLElement;
  /** The project as it was when the panel opened, for 撤销. */
  before: Project;
}

const PART_LABELS = { name: '项目名称', amounts: '项目资金', goal: '绩效目标' };

/** Starts listening to the preview; `close` puts the panel away (the page calls it when the tab changes). */
export function startInPlace(preview: HTMLIFrameElement, editor: Editor, say: (text: string) => void): { close(): void } {
  const panel = $('inplace');
  const draft = editor.draft;
  let open: Open | null = null;

  preview.addEventListener('load', () => {
    close();
    const doc = preview.contentDocument;
    if (!doc || !preview.contentWindow?.location.pathname.startsWith('/preview/publication')) return;
    for (const row of projectRows(doc)) {
      for (const cell of row.querySelectorAll<HTMLElement>('td[data-field]')) {
        // Set through the style object: the preview's policy allows no new style sheets.
        cell.style.setProperty('cursor', 'text');
        cell.title = '点击更正';
      }
    }
    doc.addEventListener('click', (e) => void clicked(e));
    // On the document, not the frame's window: a sandboxed frame runs no listener of its window.
    doc.addEventListener('scroll', () => open && place(open.cell));
  });

  async function clicked(e: MouseEvent): Promise<void> {
    const cell = (e.target as Element | null)?.closest<HTMLElement>('td[data-field]');
    const row = cell && projectRowOf(cell);
    if (!cell || !row) return;
    await editor.ready();
    const position = row.position;
    const project = draft.projects()[position - 1];
    const shown = row.nameCell.textContent ?? '';
    // A row that is not the records' project there (the preview is older than the records, or a template shows them otherwise).
    if (!project || (!draft.dirty && shown !== project.name)) return say('预览与记录不一致，请稍候预览更新后再点击');
    const field = cell.dataset.field!;
    const part: Part = field === 'name' || field === 'goal' ? field : field.startsWith('amount-') ? 'amounts' : { indicator: lineAt(cell, e) };
    show({ position, part, cell, before: structuredClone(project) }, field);
  }

  function show(next: Open, field: string): void {
    close();
    open = next;
    const d = draft;
    const p = d.projects()[next.position - 1]!;
    const what = typeof next.part === 'string' ? PART_LABELS[next.part] : `第 ${next.part.indicator + 1} 条指标`;
    const save = button('保存', () => void editor.save().then((saved) => saved && close()));
    save.dataset.save = '';
    save.disabled = !d.dirty || d.errorCount() > 0;
    const bar = el('div', undefined, 'inplace-bar');
    bar.append(save, button('完成', close), button('撤销', undo));
    panel.replaceChildren(el('h3', `${next.position}. ${p.name} · ${what}`), d.fields(next.position, next.part, 'inplace'), bar);
    panel.hidden = false;
    place(next.cell);
    const focus = field.startsWith('amount-') ? $(`inplace-${field}`) : panel.querySelector<HTMLElement>('input, textarea');
    focus?.focus();
  }

  /** Under the cell, inside the window. */
  function place(cell: HTMLElement): void {
    const frame = preview.getBoundingClientRect();
    const r = cell.getBoundingClientRect();
    const width = Math.max(r.width, 360);
    const left = Math.min(frame.left + r.left, window.innerWidth - width - 8);
    panel.style.setProperty('left', `${Math.max(8, left)}px`);
    panel.style.setProperty('top', `${Math.min(frame.top + r.bottom + 4, window.innerHeight - panel.offsetHeight - 8)}px`);
    panel.style.setProperty('width', `${width}px`);
  }

  function close(): void {
    open?.cell.style.removeProperty('outline');
    open = null;
    panel.hidden = true;
    panel.replaceChildren();
  }

  /** This project back as it was when the panel opened (other corrections stay). */
  function undo(): void {
    if (!open) return;
    const { position, part, cell, before } = open;
    draft.restoreProject(position, before);
    show({ position, part, cell, before }, cell.dataset.field!);
  }

  /** As each keystroke changes the records: the cell, its unit's row and 合计 in the preview, and the save button. */
  draft.onChange((position) => {
    const doc = preview.contentDocument;
    if (!doc || !draft.records) return;
    const rows = projectRows(doc);
    const row = rows[position - 1];
    const p = draft.projects()[position - 1];
    if (row && p) {
      setText(row.querySelector('[data-field="name"]'), p.name);
      setText(row.querySelector('[data-field="goal"]'), p.goal);
      for (const [k] of COLUMNS) setText(row.querySelector(`[data-field="amount-${k}"]`), shownAmount(p.amounts, k));
      const indicators = row.querySelector<HTMLElement>('[data-field="indicators"]');
      // The same line the template prints (its `indicator` helper is the model's formatIndicator).
      if (indicators) setLines(indicators, p.indicators.map((i) => formatIndicator(i as ModelIndicator)));
    }
    const units = [...doc.querySelectorAll('td[data-field="unit-amount-total"]')].map((c) => c.closest('tr')!);
    draft.records.units.forEach((u, i) => {
      for (const [k] of COLUMNS) setText(units[i]?.querySelector(`[data-field="unit-amount-${k}"]`) ?? null, shownAmount(u.amounts, k));
    });
    const sum = doc.querySelector('td[data-field="sum-amount-total"]')?.closest('tr');
    for (const [k] of COLUMNS) setText(sum?.querySelector(`[data-field="sum-amount-${k}"]`) ?? null, shownAmount(draft.records.total, k));
    if (open) {
      const bad = draft.errorCount(open.position) > 0;
      if (bad) open.cell.style.setProperty('outline', '2px solid #b42318');
      else open.cell.style.removeProperty('outline');
    }
  });

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) close();
  });
  return { close };
}

interface ProjectRow {
  position: number;
  nameCell: HTMLElement;
}

/** The rows that show a project (they have a `name` field), in order: the n-th is the n-th project. */
function projectRows(doc: Document): HTMLTableRowElement[] {
  return [...doc.querySelectorAll('td[data-field="name"]')].map((c) => c.closest('tr')!);
}

function projectRowOf(cell: HTMLElement): ProjectRow | null {
  const tr = cell.closest('tr');
  const nameCell = tr?.querySelector<HTMLElement>('td[data-field="name"]');
  if (!tr || !nameCell) return null;
  return { position: projectRows(cell.ownerDocument).indexOf(tr) + 1, nameCell };
}

/** Which line of a cell of lines (`<br>` between them) the click was on. */
function lineAt(cell: HTMLElement, e: MouseEvent): number {
  const range = cell.ownerDocument.caretRangeFromPoint?.(e.clientX, e.clientY);
  let node: Node | null = range?.startContainer ?? null;
  if (!node || !cell.contains(node)) return 0;
  while (node.parentNode !== cell) node = node.parentNode!;
  let line = 0;
  for (let n = node.previousSibling; n; n = n.previousSibling) if (n.nodeName === 'BR') line++;
  return line;
}

function setText(cell: Element | null, text: string): void {
  if (cell && cell.textContent !== text) cell.textContent = text;
}

function setLines(cell: HTMLElement, lines: string[]): void {
  const now = [...cell.childNodes].filter((n) => n.nodeName !== 'BR').map((n) => n.textContent ?? '');
  if (now.join('\n') === lines.join('\n')) return;
  const doc = cell.ownerDocument;
  cell.replaceChildren(...lines.flatMap((l, i) => (i === 0 ? [doc.createTextNode(l)] : [doc.createElement('br'), doc.createTextNode(l)])));
}
