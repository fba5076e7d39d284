/** Runs the compiled CLI (npm test compiles first) as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function pubtable(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `pubtable` with node options before the script (e.g. `--import` a planted fault). */
export function pubtableWith(nodeArgs: string[], args: string[]): Run {
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same command line run in this process (src/cli/main.ts), its output captured: what
 * the process would print and exit with, where mutation testing can see the code run.
 * Paths in `args` should be absolute (worker threads cannot change directory).
 * Runs wait their turn: the capture replaces the one `process.stdout`, so two overlapping
 * runs (a `Promise.all` in a test) would write into each other's output.
 */
export function pubtableInProcess(args: string[]): Promise<Run> {
  const run = inProcessTurn.then(() => captureRun(args));
  inProcessTurn = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

let inProcessTurn: Promise<void> = Promise.resolve();

async function captureRun(args: string[]): Promise<Run> {
  const { runCli } = await import('../../src/cli/main.js');
  const captured = { stdout: '', stderr: '' };
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const { log, error } = console;
  // yargs prints help and version through console.log.
  console.log = (...xs: unknown[]) => void (captured.stdout += `${xs.join(' ')}\n`);
  console.error = (...xs: unknown[]) => void (captured.stderr += `${xs.join(' ')}\n`);
  process.stdout.write = ((chunk: string | Uint8Array) => ((captured.stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((captured.stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const status = await runCli(args);
    return { status, ...captured };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    Object.assign(console, { log, error });
  }
}
