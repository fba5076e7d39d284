/**
 * Progress of a long build: a bar redrawn in place on a terminal, plain log lines when
 * the output goes to a file or a CI log.
 */
export interface Progress {
  start(total: number): void;
  step(label: string): void;
  done(): void;
}

export const silent: Progress = { start() {}, step() {}, done() {} };

type Draw = (count: number, total: number, label: string) => string;

export function progressFor(stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let count = 0;
  const draw: Draw = stream.isTTY ? (c, t, l) => bar(c, t, l, stream.columns ?? 80) : (c, t, l) => `[${c}/${t}] 写入 ${l}\n`;
  return {
    start(n) {
      total = n;
      count = 0;
    },
    step(label) {
      count++;
      stream.write(draw(count, total, label));
    },
    done() {
      if (stream.isTTY && count > 0) stream.write('\r\x1b[K');
    },
  };
}

function bar(count: number, total: number, label: string, columns: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((count / total) * width);
  const room = Math.max(10, columns - width - 20);
  const name = label.length > room ? `…${label.slice(-room + 1)}` : label;
  return `\r\x1b[K[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${count}/${total} ${name}`;
}
