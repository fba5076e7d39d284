/**
 * Which characters of a corrected text changed: 通过提供常年法律指导 → 通过提供全年法律指导
 * is `same 通过提供 · del 常 · ins 全 · same 年法律指导`. Myers' O(ND) shortest edit script on
 * code points (never splitting a surrogate pair), so a one-character correction in a long
 * goal costs little. Texts so unlike that the script would pass MAX_EDITS are shown as
 * one deletion and one insertion: for a rewritten sentence that is also the clearest mark.
 */
export type MarkOp = 'same' | 'del' | 'ins';

export interface Mark {
  op: MarkOp;
  text: string;
}

const MAX_EDITS = 1000;

export function markChanges(before: string, after: string): Mark[] {
  const a = [...before];
  const b = [...after];
  // The common head and tail are cut first: most corrections touch a few characters.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = editScript(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const marks: Mark[] = [];
  push(marks, 'same', a.slice(0, head).join(''));
  for (const m of middle) push(marks, m.op, m.text);
  push(marks, 'same', a.slice(a.length - tail).join(''));
  return marks;
}

function push(marks: Mark[], op: MarkOp, text: string): void {
  if (text === '') return;
  const last = marks.at(-1);
  if (last?.op === op) last.text += text;
  else marks.push({ op, text });
}

/** Myers' greedy forward search, then the path walked back from the snapshots of V. */
function editScript(a: string[], b: string[]): Mark[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return replaced(a.join(''), b.join(''));
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return walkBack(trace, offset, a, b);
    }
  }
  return replaced(a.join(''), b.join(''));
}

/** The whole of `before` removed and the whole of `after` put in its place (either may be empty). */
export function replaced(before: string, after: string): Mark[] {
  return [...(before ? [{ op: 'del' as const, text: before }] : []), ...(after ? [{ op: 'ins' as const, text: after }] : [])];
}

function walkBack(trace: Int32Array[], offset: number, a: string[], b: string[]): Mark[] {
  const out: Mark[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: 'same', text: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (down) out.push({ op: 'ins', text: b[--y]! });
      else out.push({ op: 'del', text: a[--x]! });
    }
  }
  const marks: Mark[] = [];
  for (const m of out.reverse()) push(marks, m.op, m.text);
  return marks;
}
