/**
 * What the workbench has open: the chosen input, checked, at a version that goes up each
 * time the file's bytes change on disk (or another input is chosen). Every change is
 * announced to the page as an `update` event; checks run one at a time, and a save that
 * arrives during a check is checked right after it.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { recordsFileOf } from '../pipeline/records-store.js';
import type { EventHub } from './events.js';
import { inputAt, inputsIn, saveUpload, type Input } from './inputs.js';
import type { Checked, Records } from './records.js';
import { watchFile } from './watch.js';

export interface Opened {
  input: Input;
  version: number;
  checked: Checked;
}

export class Workbench {
  private opened: Opened | null = null;
  /** The input being shown: checked now or next. */
  private target: Input | null = null;
  private uploaded: Input | null = null;
  private uploads = 0;
  private version = 0;
  private hash = '';
  private unwatch: () => void = () => {};
  private queue: Promise<void> = Promise.resolve();
  private again = false;
  private checking = false;

  private constructor(
    /** The served folder, whose inputs the page lists, or the one file served. */
    private readonly served: { folder: string } | { file: Input },
    private readonly records: Records,
    private readonly events: EventHub,
    private readonly workDir: string,
  ) {}

  /** A workbench on `target`: a file (opened) or a folder (its first input opened). */
  static async open(target: string, records: Records, events: EventHub, workDir: string): Promise<Workbench> {
    const isFolder = (await stat(target)).isDirectory();
    const wb = new Workbench(isFolder ? { folder: target } : { file: inputAt(target) }, records, events, workDir);
    const first = (await wb.inputs())[0];
    if (first) await wb.show(first);
    return wb;
  }

  get current(): Opened | null {
    return this.opened;
  }

  /** The inputs the page offers: the folder's, or the served file, and the last upload. */
  async inputs(): Promise<Input[]> {
    const listed = 'folder' in this.served ? await inputsIn(this.served.folder) : [this.served.file];
    return this.uploaded ? [...listed, this.uploaded] : listed;
  }

  /** Opens the input with this id, if the page offers one. */
  async select(id: string): Promise<boolean> {
    const input = (await this.inputs()).find((i) => i.id === id);
    if (!input) return false;
    await this.show(input);
    return true;
  }

  async upload(name: string, bytes: Uint8Array): Promise<void> {
    this.uploaded = await saveUpload(this.workDir, ++this.uploads, name, bytes);
    await this.show(this.uploaded);
  }

  close(): void {
    this.unwatch();
  }

  private async show(input: Input): Promise<void> {
    this.unwatch();
    this.target = input;
    this.hash = '';
    this.unwatch = watchFile(input.path, () => void this.refresh().catch(() => {}));
    await this.refresh();
  }

  /** Checks the input shown again unless its bytes are what was last checked; one check at a time. */
  refresh(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.queue;
    }
    // A check that failed must not stop the ones after it.
    this.queue = this.queue.catch(() => {}).then(async () => {
      this.checking = true;
      try {
        do {
          this.again = false;
          await this.checkOnce(this.target!);
        } while (this.again);
      } finally {
        this.checking = false;
      }
    });
    return this.queue;
  }

  private async checkOnce(input: Input): Promise<void> {
    // A workbook corrected in the workbench keeps its records in a YAML beside it.
    const path = await recordsFileOf(input.path);
    const bytes = await readFile(path).catch(() => null);
    const hash = bytes === null ? 'missing' : createHash('sha256').update(path).update('\0').update(bytes).digest('hex');
    if (this.opened?.input.id === input.id && hash === this.hash) return;
    // The bytes hashed are the bytes checked: a save between two reads cannot be missed.
    const checked = await this.records.check(path, bytes);
    this.hash = hash;
    this.opened = { input, version: ++this.version, checked };
    this.events.send('update', { version: this.version });
  }
}
