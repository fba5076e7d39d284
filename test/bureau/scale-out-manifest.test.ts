/**
 * docs/scale-out/indexed-job.yaml is a working example: its build command, run once per
 * completion index with the Job's environment, and then its index command, give the same
 * package as one run on one machine. (What Kubernetes adds — pods, the shared volume — is
 * not run here; the commands and environment are exactly the manifest's.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { tree } from '../helpers/out-folder.js';
import { writeDepartments } from '../fixtures/departments.js';

interface Container {
  command: string[];
  env: { name: string; value: string }[];
}

const manifest = parseAllDocuments(readFileSync(join(ROOT, 'docs/scale-out/indexed-job.yaml'), 'utf8')).map(
  (d) => d.toJS() as { spec: { completions?: number; template: { spec: { containers: Container[] } } } },
);

describe('the Kubernetes example manifest', () => {
  it('its shards and then its index give the package one run gives', () => {
    const root = mkdtempSync(join(tmpdir(), 'pubtable-k8s-'));
    const data = join(root, 'data');
    writeDepartments(join(data, 'in'));
    const run = (c: Container, env: Record<string, string>) => {
      const command = c.command.map((part) => part.replaceAll('/data', data).replace('node dist/cli/bin.js', `${process.execPath} dist/cli/bin.js`));
      const r = spawnSync(command[0]!, command.slice(1), {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...Object.fromEntries(c.env.map((e) => [e.name, e.value])), ...env },
      });
      return r.status;
    };
    const [buildJob, indexJob] = manifest;
    const completions = buildJob!.spec.completions!;
    const container = buildJob!.spec.template.spec.containers[0]!;
    expect(container.env.find((e) => e.name === 'PUBTABLE_SHARD_COUNT')?.value).toBe(String(completions));
    // Every pod succeeds, though one department has errors (they are recorded, not retried).
    for (let i = 0; i < completions; i++) expect(run(container, { JOB_COMPLETION_INDEX: String(i) }), `pod ${i}`).toBe(0);
    expect(run(indexJob!.spec.template.spec.containers[0]!, {})).toBe(0);

    const one = join(root, 'one');
    const epoch = container.env.find((e) => e.name === 'SOURCE_DATE_EPOCH')!.value;
    const r = spawnSync(process.execPath, ['dist/cli/bin.js', 'build', join(data, 'in'), '--out', one], { cwd: ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: epoch } });
    expect(r.status).toBe(1);
    expect(tree(join(data, 'out'), { manifest: false })).toEqual(tree(one, { manifest: false }));
  }, 300_000);
});
