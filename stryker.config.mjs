/**
 * `npm run mutation`: StrykerJS plants small bugs (mutants) in src/ and runs the tests that
 * reach each one; a mutant no test notices is a hole in the net. Not part of `npm test`
 * (it takes long); incremental, so a rerun only tries mutants whose code or tests changed.
 * The report is reports/mutation/mutation.html; scores per folder are in the README.
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // The tests that run the command line start dist/: compile the mutated sources there.
  buildCommand: 'npm run build',
  mutate: ['src/**/*.ts', '!src/**/*.d.ts', '!src/bench/**'],
  coverageAnalysis: 'perTest',
  // Mutants that run only while a module loads (constant tables, regexes) would need the
  // whole suite each, hours on two cores: they are reported as ignored, not tested.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  // Stryker gives about half the slots to TypeScript checkers (3 → 2 checkers and only 1 test
  // runner); 4 makes 2 checkers, busy only at the start, and 2 runners for the two cores.
  concurrency: 4,
  // A mutant's tests take seconds; a hang is caught after this much more than the dry run measured.
  timeoutMS: 10000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
