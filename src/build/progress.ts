/**
 * Progress of a long build: a bar redrawn in place on a terminal, plain log lines when
 * the output goes to a file or a CI log.
 */
export interface Progress {
  start(total: number): void;
  step(label: string): void;
  done(): void;
}

export function progressFor(stream: NodeJS.WriteStream): Progress {
  return stream.isTTY ? new Bar(stream) : new Lines(stream);
}

export const silent: Progress = { start() {}, step() {}, done() {} };

class Bar implements Progress {
  private total = 0;
  private count = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  start(total: number): void {
    this.total = total;
    this.count = 0;
  }
  step(label: string): void {
    this.count++;
    const width = 30;
    const filled = this.total === 0 ? width : Math.round((this.count / this.total) * width);
    const room = Math.max(10, (this.stream.columns ?? 80) - width - 20);
    const name = label.length > room ? `…${label.slice(-room + 1)}` : label;
    this.stream.write(`\r\x1b[K[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${this.count}/${this.total} ${name}`);
  }
  done(): void {
    if (this.total > 0) this.stream.write('\r\x1b[K');
  }
}

class Lines implements Progress {
  private total = 0;
  private count = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  start(total: number): void {
    this.total = total;
    this.count = 0;
  }
  step(label: string): void {
    this.count++;
    this.stream.write(`[${this.count}/${this.total}] 写入 ${label}\n`);
  }
  done(): void {}
}
