import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // On CI, a reader the tests need (poppler, LibreOffice, Noto CJK) missing fails the run;
    // every temporary folder goes under one per run, removed at the end.
    globalSetup: ['test/setup/readers.ts', 'test/setup/scratch.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The JSON report lets .ci/run print one `tests: N passed, M failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
