/**
 * The test configuration StrykerJS runs under (stryker.config.mjs): the in-process tests,
 * which are the ones that can see a mutant.
 * - Renders happen in the test's own thread (PUBTABLE_WORKERS=0): a worker thread would run
 *   the compiled, unmutated renderer and no mutant in it could ever be caught.
 * - Left out: suites that drive the compiled command line in child processes (they run
 *   dist/, where no mutant is active) or build the whole example for each mutant, and the
 *   LibreOffice read-backs (PUBTABLE_MUTATION): seconds per mutant for what the in-process
 *   tests already pin. Also the robustness suites that run thousands of inputs or time
 *   them (fuzz, long cells, 130,000 projects): every mutant of model/ reaches them, which
 *   tripled the run, and a timing bound under instrumentation says nothing. `npm test`
 *   runs all of them.
 * - Temporary folders go under `scratch/` of Stryker's sandbox, which Stryker deletes at the
 *   end: its runner starts the global setup again and again without its teardown, so the
 *   per-run scratch folder of `npm test` would be left in /tmp by the hundred.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

const scratch = resolve('scratch');
mkdirSync(scratch, { recursive: true });

export default mergeConfig(
  // Replaced, not merged: mergeConfig would append to the base's list and keep scratch.ts.
  { ...base, test: { ...base.test, globalSetup: ['test/setup/readers.ts'] } },
  defineConfig({
    test: {
      env: { PUBTABLE_WORKERS: '0', PUBTABLE_MUTATION: '1', TMPDIR: scratch },
      exclude: [
        ...configDefaults.exclude,
        'test/pipeline/interrupt.test.ts',
        'test/cli/validate.test.ts',
        'test/pipeline/build-publication.test.ts',
        'test/pipeline/build-projects.test.ts',
        'test/pipeline/concurrent.test.ts',
        'test/ingest/fuzz.test.ts',
        'test/ingest/long-cells.property.test.ts',
        'test/validate/large.test.ts',
        // The workbench in Chromium (a minute per mutant it reaches) and the command in a child process.
        'test/server/workbench.browser.test.ts',
        'test/server/corrections.browser.test.ts',
        'test/server/serve-command.test.ts',
        'test/render/ofd/ofd-reader.browser.test.ts',
        // Saves in a child process (dist/) that is killed: no mutant is active there.
        'test/pipeline/save-kill.test.ts',
      ],
      reporters: ['default'],
    },
  }),
);
